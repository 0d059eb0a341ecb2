"""papers.json: the whole store as one JSON document, for scripts and other tools."""

from __future__ import annotations

import json

from .site import Site


def papers_json(site: Site) -> bytes:
    """Every paper's front matter, abstract, slug and public URL (only when a site URL is set), newest first."""
    papers = [{"slug": item.slug, **({"url": site.public_url(item.url)} if site.site_url else {}),
               **item.paper.to_metadata(), "abstract": item.paper.abstract} for item in site.papers]
    document = {"count": len(papers), "papers": papers}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
