"""Index pages: one per author, topic and year, the all-authors/topics/years directories (home: home.py)."""

from __future__ import annotations

from typing import Any

from .document import markdown_document
from .features import listing_features
from .home import home_page
from .identity import Group
from .pages import author_summary, escaped_title
from .site import Site, SiteGroup, SitePaper, author_url, topic_url, year_url
from .text import clean_text

AUTHORS_ON_LISTING = 3


def paper_entry(item: SitePaper) -> dict[str, Any]:
    """How a paper appears in a list: title, link, short byline, date."""
    entry = {"title": clean_text(item.paper.title), "url": item.url,
             "authors": author_summary(item.paper, AUTHORS_ON_LISTING), "date": item.paper.date or ""}
    if item.paper.year_inferred:
        entry["year_inferred"] = True
    return entry


def listing_page(site: Site, group: SiteGroup) -> str:
    """The page of an author, topic or year: its papers (already newest first) and its features."""
    meta = {"template": "listing.html", "title": escaped_title(group.name),
            "listing": {"kind": group.kind, "heading": clean_text(group.name), "count": len(group.papers),
                        "papers": [paper_entry(site.paper(slug)) for slug in group.papers]},
            "features": listing_features(site, group)}  # trends, co-authors, exports, feeds (features.py)
    return markdown_document(meta)


def directory_page(title: str, kind: str, entries: list[dict[str, Any]]) -> str:
    """A page listing authors, topics or years with their paper counts."""
    meta = {"template": "directory.html", "title": escaped_title(title),
            "directory": {"kind": kind, "heading": title, "count": len(entries), "entries": entries}}
    return markdown_document(meta)


def group_entries(groups: dict[str, Group], url: Any) -> list[dict[str, Any]]:
    """Directory entries for authors or topics, alphabetical by display name, each with its initial."""
    entries = [{"name": clean_text(group.name), "url": url(slug), "count": len(group.papers)}
               for slug, group in groups.items()]
    entries.sort(key=lambda entry: (entry["name"].casefold(), entry["url"]))
    for entry in entries:
        initial = entry["name"][:1].upper()
        entry["letter"] = initial if initial.isalpha() else "#"
    return entries


def year_entries(site: Site) -> list[dict[str, Any]]:
    """Directory entries for years, newest first."""
    return [{"name": year, "url": year_url(year), "count": len(slugs)}
            for year, slugs in sorted(site.years.items(), reverse=True)]


def directory_pages(site: Site) -> dict[str, str]:
    """The pages built from the whole store: home and the all-authors/topics/years directories."""
    return {"index.md": home_page(site),
            "authors/index.md": directory_page("All authors", "authors", group_entries(site.authors, author_url)),
            "topics/index.md": directory_page("All topics", "topics", group_entries(site.topics, topic_url)),
            "years/index.md": directory_page("All years", "years", year_entries(site))}


def group_page(site: Site, group: SiteGroup) -> dict[str, str]:
    """The page of one author, topic or year, keyed by its path in the docs tree."""
    return {f"{group.kind}s/{group.key}.md": listing_page(site, group)}
