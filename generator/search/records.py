"""Papers as index records: ids assigned oldest-first so date order and year ranges come free."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import StoredPaper

FIELDS = ("title", "abstract", "author", "topic")


@dataclass(slots=True)
class Record:
    """What the index needs of one paper, id given by date order."""

    id: int
    slug: str
    title: str
    authors: tuple[str, ...]
    date: str
    topics: tuple[str, ...]
    category: str
    sources: tuple[str, ...]
    upvotes: int
    abstract: str


def sort_key(stored: StoredPaper) -> tuple[str, str]:
    """Oldest first, undated before all; ties by slug so ids are deterministic."""
    return (stored.paper.date or "", stored.slug)


def make_records(papers: list[StoredPaper]) -> list[Record]:
    """Records in id order; id 0 is the oldest paper, so a newly added paper usually appends."""
    records = []
    for number, stored in enumerate(sorted(papers, key=sort_key)):
        paper = stored.paper
        sources = tuple(dict.fromkeys(source.listing for source in paper.sources))
        records.append(Record(
            id=number, slug=stored.slug, title=paper.title, authors=tuple(paper.authors),
            date=paper.date or "", topics=tuple(paper.topics), category=paper.arxiv_category or "",
            sources=sources, upvotes=paper.upvotes or 0, abstract=paper.abstract,
        ))
    return records


def year_ranges(records: list[Record]) -> dict[str, list[int]]:
    """Year -> [first id, end id): contiguous because ids follow the date."""
    ranges: dict[str, list[int]] = {}
    for record in records:
        if record.date:
            span = ranges.setdefault(record.date[:4], [record.id, record.id + 1])
            span[1] = record.id + 1
    return ranges
