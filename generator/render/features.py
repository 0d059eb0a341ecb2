"""What issue 8 adds to the pages: related papers, co-authors, trends, citation files, group feeds, ids.

Each function returns front matter for a template block or files for the docs tree; the page
modules call them with one line each, so the features stay out of the core page code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..layout import default_cache_dir
from ..related import RelatedInput, RelatedResult, default_mode, related_papers
from .cite_files import group_cite_data
from .coauthors import coauthors
from .group_feeds import group_feed_paths, group_feeds
from .entries import paper_entry
from .site import Site, SiteGroup, SitePaper
from .trends import trend

KINDS = ("author", "topic", "year")


def attach_related(site: Site, content_dir: Path, mode: str | None = None,
                   cache_dir: Path | None = None) -> RelatedResult:
    """Compute (or read from the cache) every paper's related papers and keep them on the site."""
    inputs = [RelatedInput(item.slug, item.paper.title, item.paper.abstract) for item in site.papers]
    result = related_papers(inputs, mode or default_mode(), cache_dir or default_cache_dir(content_dir))
    known = {item.slug for item in site.papers}
    site.related = {slug: [other for other in others if other in known]
                    for slug, others in result.neighbours.items() if slug in known}
    return result


def paper_features(site: Site, item: SitePaper) -> dict[str, Any]:
    """Front matter for a paper page: related papers (the compact entry) and the download names of its citations."""
    related = [paper_entry(site.paper(slug)) for slug in site.related.get(item.slug, [])]
    return {"related": related, "exports": {"name": item.slug}}  # arXiv abs/PDF: paper_view.actions


def listing_features(site: Site, group: SiteGroup) -> dict[str, Any]:
    """Front matter for an author/topic/year page: trend, co-authors, bulk exports, feeds."""
    data: dict[str, Any] = {"exports": group_export_links(group.kind, group.key)}
    if group.kind != "year":
        data["trend"] = trend(site.paper(slug).paper for slug in group.papers)
        data["feeds"] = group_feed_paths(group.kind, group.key)
    if group.kind == "author":
        data["coauthors"] = coauthors(site, group.key)
    return {name: value for name, value in data.items() if value}


def group_export_links(kind: str, key: str) -> dict[str, Any]:
    """Where a group page's bulk .bib/.ris/.csl.json come from: written in the reader's browser by pa-cite.js.

    Topics and years: from `cite.json` beside the page (its papers' citation data, no abstracts; ~0.3 KB a
    paper, where static .bib and .ris were ~2.4 KB). Authors: from the listed papers' own pages (each holds
    its data), because a paper has ~6 authors and per-author copies were the largest part of the site.
    The text is what bulk_exports (cite_files.py) writes.
    """
    names = {"bib": f"{key}.bib", "ris": f"{key}.ris", "csl": f"{key}.csl.json"}
    if kind == "author":
        return {"assembled": True, **names}
    return {"data": group_cite_path(kind, key), **names}


def group_cite_path(kind: str, key: str) -> str:
    """The docs path of a topic's or year's cite.json, beside the page MkDocs serves at <kind>s/<key>/."""
    return f"{kind}s/{key}/cite.json"


def home_features(site: Site) -> dict[str, Any]:
    """Front matter for the home page: the papers-per-year trend of the whole archive."""
    chart = trend(item.paper for item in site.papers)
    return {"trend": chart} if chart else {}


def group_feature_files(site: Site, group: SiteGroup) -> dict[str, bytes]:
    """Files beside an author, topic or year page: citation data (not authors, see group_export_links), feeds."""
    outputs: dict[str, bytes] = {}
    if group.kind != "author":
        path = group_cite_path(group.kind, group.key)
        outputs[path] = group_cite_data(site, path, group.papers)
    if group.kind != "year":
        outputs.update(group_feeds(site, group.kind, group.key, group.name, group.papers))
    return outputs
