"""Papers as index records: ids assigned oldest-first so date order and year ranges come free."""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import dataclass
from typing import NamedTuple

from ..labels import listing_name
from ..models import Source
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
    sources: tuple[str, ...]  # listings by readers' names (generator/labels.py), not file names
    upvotes: int
    abstract: str


class PaperFacts(NamedTuple):
    """The few fields of a paper that facets, upvote order and year ranges read (kept per id in the cache)."""

    topics: tuple[str, ...]
    category: str
    sources: tuple[str, ...]
    upvotes: int
    date: str


def listing_names(sources: list[Source]) -> tuple[str, ...]:
    """The listings a paper was seen in, by their readers' names: two files of one listing are one facet value."""
    return tuple(dict.fromkeys(listing_name(source) for source in sources))


def sort_key(stored: StoredPaper) -> tuple[str, str]:
    """Oldest first, undated before all; ties by slug so ids are deterministic."""
    return (stored.paper.date or "", stored.slug)


def record_of(number: int, stored: StoredPaper) -> Record:
    """One paper as the record with id `number`."""
    paper = stored.paper
    return Record(
        id=number, slug=stored.slug, title=paper.title, authors=tuple(paper.authors),
        date=paper.date or "", topics=tuple(paper.topics), category=paper.arxiv_category or "",
        sources=listing_names(paper.sources),
        upvotes=paper.upvotes or 0, abstract=paper.abstract,
    )


def make_records(papers: list[StoredPaper]) -> list[Record]:
    """Records in id order; id 0 is the oldest paper, so a newly added paper usually appends."""
    return [record_of(number, stored) for number, stored in enumerate(sorted(papers, key=sort_key))]


def facts_of(record: Record) -> PaperFacts:
    """The facet, upvote and date fields of a record."""
    return PaperFacts(record.topics, record.category, record.sources, record.upvotes, record.date)


def paper_facts(stored: StoredPaper) -> PaperFacts:
    """The facet, upvote and date fields of a paper, without making its whole record."""
    paper = stored.paper
    return PaperFacts(tuple(paper.topics), paper.arxiv_category or "",
                      listing_names(paper.sources), paper.upvotes or 0,
                      paper.date or "")


def paper_digest(stored: StoredPaper, url: str) -> bytes:
    """16 bytes that change whenever anything the index shows or searches of this paper changes (not its id).

    marshal version 2 (no back-references) serialises the fields the same way whatever objects hold them."""
    paper = stored.paper
    fields = (url, paper.title, paper.date, paper.arxiv_category, paper.authors, paper.topics,
              [listing_name(source) for source in paper.sources], paper.upvotes, paper.abstract)
    return hashlib.sha1(marshal.dumps(fields, 2), usedforsecurity=False).digest()[:16]


def year_ranges(dates: list[str]) -> dict[str, list[int]]:
    """Year -> [first id, end id) for the dates of ids 0, 1, ...: contiguous because ids follow the date."""
    ranges: dict[str, list[int]] = {}
    for number, date in enumerate(dates):
        if date:
            span = ranges.setdefault(date[:4], [number, number + 1])
            span[1] = number + 1
    return ranges
