"""papers.json: the whole store as one JSON document, for scripts and other tools."""

from __future__ import annotations

import json
from typing import Any

from .site import Site, SitePaper

PAPERS_JSON = "papers.json"


def paper_record(site: Site, item: SitePaper) -> dict[str, Any]:
    """One paper of papers.json: front matter, abstract, slug and public URL (only when a site URL is set)."""
    return {"slug": item.slug, **({"url": site.public_url(item.url)} if site.site_url else {}),
            **item.paper.to_metadata(), "abstract": item.paper.abstract}


def compact(value: Any) -> bytes:
    """JSON as papers.json writes it: compact, non-ASCII kept."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def papers_json(site: Site) -> bytes:
    """Every paper, newest first: `{"count":N,"papers":[...]}`, the same bytes as json.dumps of the whole.

    Assembled from one fragment per paper, so after one edit the others are cut from last run's file.
    """
    head = b'{"count":' + str(len(site.papers)).encode() + b',"papers":['
    pieces = ((item.slug, site.digests.get(item.slug, ""), lambda item=item: compact(paper_record(site, item)))
              for item in site.papers)
    return site.previous.assemble(PAPERS_JSON, head, b"]}\n", b",", pieces) if site.digests \
        else head + b",".join(compact(paper_record(site, item)) for item in site.papers) + b"]}\n"
