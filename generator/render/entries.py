"""The compact paper entry of every list (listing pages, home, related papers): what a reader scans."""

from __future__ import annotations

from typing import Any

from ..labels import arxiv_category_label, readable_date
from ..models import Paper
from .identity import name_slug
from .site import SitePaper, topic_url
from .text import clean_text, one_line

AUTHORS_ON_ENTRY = 3
TOPIC_CHIPS = 1


def entry_authors(paper: Paper, limit: int = AUTHORS_ON_ENTRY) -> str:
    """'A, B, C +4' (the first names and how many more), 'A, B et al.' when the total is unknown,
    '31 authors' when only a count is known, '' when nothing is."""
    names = [one_line(name) for name in paper.authors]
    if not names:
        count = paper.known_author_count
        return f"{count} author{'s' if count != 1 else ''}" if count else ""
    shown = names[:limit]
    total = max(len(names), paper.author_count or 0)
    if paper.authors_truncated and paper.author_count is None:  # the listing cut the list: the total is unknown
        return f"{', '.join(shown)}\u00a0et al."
    return ", ".join(shown) + (f"\u00a0+{total - len(shown)}" if total > len(shown) else "")  # "+N" never alone


def entry_chips(paper: Paper, skip_topic: str = "") -> list[dict[str, str]]:
    """One topic (not the page's own) and the arXiv category, each as a chip; topics link to their page."""
    chips = []
    for topic in paper.topics:
        slug = name_slug(topic, "topic")
        if slug != skip_topic and len(chips) < TOPIC_CHIPS:
            chips.append({"name": one_line(topic), "url": topic_url(slug)})
    if paper.arxiv_category:
        chips.append({"name": arxiv_category_label(clean_text(paper.arxiv_category))})
    return chips


def paper_entry(item: SitePaper, skip_topic: str = "") -> dict[str, Any]:
    """How a paper appears in a list: title, link, first authors +N, readable date, chips, upvotes."""
    paper = item.paper
    entry: dict[str, Any] = {"title": clean_text(paper.title), "url": item.url,
                             "authors": entry_authors(paper)}
    if paper.date:
        entry["date"] = paper.date
        entry["date_text"] = readable_date(paper.date)
    chips = entry_chips(paper, skip_topic)
    if chips:
        entry["chips"] = chips
    if paper.upvotes is not None:
        entry["upvotes"] = paper.upvotes
    return entry
