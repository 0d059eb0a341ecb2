"""Pagination with stable URLs: page 1 at `<folder>/`, page N at `<folder>/page/N/`, so no listing is huge.

A year holds ~10,000 papers at 50,000 and the all-authors list ~100,000 names; 50 papers or 500 names
a page keep every listing page small (see README, "Listing pages") whatever the archive's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence, TypeVar

T = TypeVar("T")

PAPERS_PER_PAGE = 50  # Hugging Face's daily list shows ~50; Semantic Scholar 10. 50 scans fast and keeps pages ~30 KB
NAMES_PER_PAGE = 500  # directory names are one short line each: ~45 KB of HTML for 500
WINDOW = 2  # page links shown either side of the current one, besides the first and last


@dataclass(frozen=True)
class PageSequence:
    """Where the pages of one list live: page 1 at `first_doc`, page N at `<folder>/page/N.md`."""

    first_doc: str  # docs path of page 1 ("topics/x.md", "topics/index.md")
    folder: str  # URL folder of page 1 ("topics/x", "topics")

    def doc(self, number: int) -> str:
        """Docs path of page `number` (1-based)."""
        return self.first_doc if number == 1 else f"{self.folder}/page/{number}.md"

    def url(self, number: int) -> str:
        """Site-relative URL of page `number`."""
        return f"{self.folder}/" if number == 1 else f"{self.folder}/page/{number}/"


def split_pages(items: Sequence[T], size: int) -> list[list[T]]:
    """Items in pages of at most `size`; an empty list is one empty page."""
    return [list(items[start:start + size]) for start in range(0, len(items), size)] or [[]]


def pagination(sequence: PageSequence, number: int, count: int) -> dict[str, Any] | None:
    """The page navigation of page `number` of `count`: prev/next URLs and a window of page links with gaps."""
    if count <= 1:
        return None
    shown = sorted({1, count, *range(max(1, number - WINDOW), min(count, number + WINDOW) + 1)})
    links: list[dict[str, Any]] = []
    for previous, page in zip([0, *shown], shown):
        if page - previous > 1:
            links.append({"gap": True})
        links.append({"number": page, "url": sequence.url(page), "current": page == number})
    data: dict[str, Any] = {"number": number, "count": count, "links": links}
    if number > 1:
        data["prev"] = sequence.url(number - 1)
    if number < count:
        data["next"] = sequence.url(number + 1)
    return data


def counted(count: int, noun: str) -> str:
    """'1 paper', '2 papers', '10,000 papers'."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
