"""What the bibliographic formats (BibTeX, RIS, CSL-JSON, arXiv Atom) share: dates, identifiers, checks."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..errors import Problem
from ..identifiers import normalise_doi
from ..models import Source, check_date, shows_text
from ..normalise import normalise_arxiv_id
from .dates import month_number


@dataclass
class Fields:
    """A bibliographic record's stated values, already decoded to text."""

    line: int
    title: str = ""
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    author_count: int | None = None
    year: str | None = None
    month: str | None = None
    day: str | None = None
    date: str | None = None  # a full ISO date the record states (BibLaTeX date, CSL date-parts)
    abstract: str | None = None
    topics: list[str] = field(default_factory=list)
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None
    venue: str | None = None
    arxiv_category: str | None = None
    categories: list[str] = field(default_factory=list)


def read_month(value: str | None) -> int | None:
    """'mar', 'March', '3', '03' -> 3; None for anything else."""
    if value is None:
        return None
    text = value.strip().rstrip(".")
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return month_number(text)


ISO_DATE = re.compile(r"(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")


def stated_date(fields: Fields) -> tuple[str | None, tuple[str, str] | None]:
    """(ISO date, None) from the record's date or year/month/day, or (None, (field, why it is not a date))."""
    if fields.date:
        match = ISO_DATE.match(fields.date.strip())
        if not match:
            return None, ("date", f"{fields.date!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = match.groups()
    else:
        year, month, day = fields.year, fields.month, fields.day
    if not year:
        return None, None
    if not re.fullmatch(r"\d{4}", year.strip()):
        return None, ("year", f"{year!r} is not a four-digit year")
    text = year.strip()
    if month:
        number = read_month(month)
        if number is None:
            return None, ("month", f"{month!r} is not a month (write jan ... dec or 1 ... 12)")
        text += f"-{number:02d}"
        if day and day.strip().isdigit():
            text += f"-{int(day):02d}"
    return text, None


def identifiers_from(fields: Fields) -> None:
    """Normalise the record's arXiv id and DOI; an arxiv.org or doi.org URL also gives one."""
    fields.arxiv = normalise_arxiv_id(fields.arxiv or "") or normalise_arxiv_id(fields.url or "") or None
    fields.doi = normalise_doi(fields.doi or "") or normalise_doi(fields.url or "") or None


def to_source(fields: Fields, listing: str, format_name: str, captured: dt.date) -> Source | Problem:
    """The record as a Source, or the Problem that keeps it out (no title, impossible date)."""
    if not shows_text(fields.title):
        return Problem(listing, fields.line, "title", "the entry has no title: add one (an entry with no title "
                                                      "is not imported)")
    date, wrong = stated_date(fields)
    if wrong is None and date is not None and (reason := check_date(date)):
        wrong = ("date" if fields.date else "year", reason)
    if wrong:
        return Problem(listing, fields.line, wrong[0], wrong[1])
    identifiers_from(fields)
    return Source(
        listing=listing, format=format_name, line=fields.line, captured=captured.isoformat(),
        title=fields.title.strip(), authors=fields.authors, authors_truncated=fields.authors_truncated,
        author_count=fields.author_count,
        date=date, abstract=fields.abstract or None,
        topics=[topic for topic in dict.fromkeys(fields.topics) if shows_text(topic)],  # a keyword list's blanks go
        arxiv=fields.arxiv, doi=fields.doi, links=[fields.url] if fields.url else [], venue=fields.venue or None,
        arxiv_category=fields.arxiv_category, categories=fields.categories,
    )


# What the archive's exports say about authors not listed by name (render/citation.py author_note), read back.
AUTHOR_NOTE = re.compile(r"Authors: (?:(?P<unnamed>\d+), not named in the source|not named in the source"
                         r"|the source named only the first \d+(?: of (?P<total>\d+))?)")


def read_author_note(fields: Fields, notes: list[str]) -> None:
    """'Authors: the source named only the first 3 of 31' -> a truncated list of 31 authors (RIS and CSL-JSON
    have no 'et al.', so the archive's exports say it in a note)."""
    for note in notes:
        match = AUTHOR_NOTE.search(note or "")
        if match:
            count = match.group("unnamed") or match.group("total")
            fields.author_count = int(count) if count else None
            fields.authors_truncated = fields.authors_truncated or not match.group("unnamed") or bool(fields.authors)
            return


def split_keywords(value: str) -> list[str]:
    """'memory; rote learning, LLMs' -> ['memory', 'rote learning', 'LLMs'] (',' or ';' separate)."""
    return [" ".join(part.split()) for part in re.split(r"[;,]", value) if part.strip()]
