"""Co-authors of each author: who they wrote with, how often, linked to their pages."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .site import Site, author_url
from .text import clean_text

COAUTHORS_SHOWN = 50  # a 300-author collaboration would otherwise bury the page


def coauthor_counts(site: Site, author_slug: str) -> Counter[str]:
    """Co-author slug -> number of shared papers (a name appearing twice on a paper counts once)."""
    counts: Counter[str] = Counter()
    for paper_slug in site.authors[author_slug].papers:
        others = set(site.keys[paper_slug][1])  # its authors' slugs (site.paper_keys)
        others.discard(author_slug)
        counts.update(others)
    return counts


def coauthors(site: Site, author_slug: str) -> dict[str, Any]:
    """Front matter of the co-authors block: most shared papers first, then by name."""
    counts = coauthor_counts(site, author_slug)
    entries = [{"name": clean_text(site.authors[slug].name), "url": author_url(slug), "count": count}
               for slug, count in counts.items()]
    entries.sort(key=lambda entry: (-entry["count"], entry["name"].casefold(), entry["url"]))
    return {"total": len(entries), "shown": entries[:COAUTHORS_SHOWN]}
