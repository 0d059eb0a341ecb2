"""What issue 8 adds to the pages: related papers, co-authors, trends, citation files, group feeds, ids.

Each function returns front matter for a template block or files for the docs tree; the page
modules call them with one line each, so the features stay out of the core page code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..layout import default_cache_dir
from ..related import RelatedInput, RelatedResult, default_mode, related_papers
from .cite_files import bulk_exports, paper_export_paths, paper_exports
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
    """Front matter for a paper page: related papers (the compact entry) and citation files."""
    related = [paper_entry(site.paper(slug)) for slug in site.related.get(item.slug, [])]
    return {"related": related, "exports": paper_export_paths(item)}  # arXiv abs/PDF: paper_view.actions


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
    """Where a group page's bulk .bib/.ris come from.

    Topics and years: static files beside the page. Authors: assembled in the reader's browser from
    the listed papers' own citation files (overrides/assets/javascripts/paper-exports.js), because
    a paper has ~6 authors and static per-author copies were the largest part of the site (~14 KB
    per paper at 10,000 papers). The bytes are the same as bulk_exports would write.
    """
    if kind == "author":
        return {"assembled": True, "bib": f"{key}.bib", "ris": f"{key}.ris"}
    base = f"{kind}s/{key}/{key}"  # site-relative, beside the page that MkDocs serves at <kind>s/<key>/
    return {"bib": f"{base}.bib", "ris": f"{base}.ris"}


def home_features(site: Site) -> dict[str, Any]:
    """Front matter for the home page: the papers-per-year trend of the whole archive."""
    chart = trend(item.paper for item in site.papers)
    return {"trend": chart} if chart else {}


def paper_feature_files(site: Site, item: SitePaper) -> dict[str, bytes]:
    """Files beside a paper page: its citation files."""
    return paper_exports(site, item)


def group_feature_files(site: Site, group: SiteGroup) -> dict[str, bytes]:
    """Files beside an author, topic or year page: bulk exports (not authors, see group_export_links), feeds."""
    outputs: dict[str, bytes] = {}
    if group.kind != "author":
        outputs.update(bulk_exports(site, f"{group.kind}s/{group.key}/{group.key}", group.papers))
    if group.kind != "year":
        outputs.update(group_feeds(site, group.kind, group.key, group.name, group.papers))
    return outputs
