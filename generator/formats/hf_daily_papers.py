"""Hugging Face Daily Papers search pages: title, abstract, '• N authors' or an organisation, '·', date.

A page looks like this (blank lines between the blocks; their number does not matter)::

    new / Get trending papers in your email inbox! / Subscribe / Daily Papers /
    byAK and the research community                     <- header, any of it may be missing
    Nov 6                                               <- the page date, ignored
    Optimizing What Matters: AUC-Driven Learning ...    <- title
    Dual-encoder retrievers depend on ...               <- abstract
    ServiceNow-AI ServiceNow-AI                         <- '  • 7 authors' or an organisation
    ·
    Sep 30 2                                            <- date (year optional), then upvotes

The trailer (count or organisation, '·', date) may be missing entirely.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..errors import Problem
from ..models import Source
from .dates import month_number, resolve_date
from .text import file_outcome, looks_like_abstract, preview

NAME = "hf-daily-papers"

HEADER_LINES = frozenset({"new", "get trending papers in your email inbox!", "subscribe", "daily papers",
                          "byak and the research community"})
# Header lines no other listing (or prose) would contain: one of them is enough to claim a file.
SIGNATURE_LINES = frozenset({"get trending papers in your email inbox!", "daily papers",
                             "byak and the research community"})
DOT = "·"
AUTHOR_COUNT = re.compile(r"(?:[•∙●]\s*)?(\d{1,9})\s*authors?", re.IGNORECASE)
# 'Dec 13, 2024 2', 'Sep 30 2', 'Aug 14'. The site writes a year only after a comma, so a bare number
# after the day is the upvote count ('Jul 10 14'). Used with fullmatch; no nested quantifiers.
DATE_LINE = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:, ?(\d{4}))?(?: +(\d{1,9}))?")
DETECT_LINES = 400

# Trailer parts in the order the page shows them; a part that goes backwards starts a new entry.
STAGES = {"count": 1, "organisation": 2, "dot": 3, "date": 4}


@dataclass
class Entry:
    """One paper as it is being read; becomes a Source or a Problem."""

    line: int
    title: str | None = None
    abstract: str | None = None
    author_count: int | None = None
    organisation: str | None = None
    date: str | None = None
    year_inferred: bool = False
    upvotes: int | None = None
    date_error: tuple[int, str] | None = None
    stage: int = 0


def detect(lines: list[str]) -> bool:
    """A Daily Papers header line, or a '·' line between an author count and a date."""
    items = [line.strip() for line in lines[:DETECT_LINES] if line.strip()]
    if any(item.lower() in SIGNATURE_LINES for item in items[:40]):
        return True
    for index in range(1, len(items) - 1):
        if items[index] == DOT and (AUTHOR_COUNT.fullmatch(items[index - 1]) or is_date_line(items[index + 1])):
            return True
    return False


def is_date_line(text: str) -> bool:
    """Whether a line is a 'Mon D[, YYYY] [upvotes]' date line."""
    match = DATE_LINE.fullmatch(text)
    return bool(match) and month_number(match.group(1)) is not None


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """Every paper on the page as a Source; entries that cannot be papers as Problems."""
    items = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
    records: list[Source] = []
    problems: list[Problem] = []
    entry: Entry | None = None
    start = skip_header(items)
    kinds = [classify(text, items[index + 1][1] if index + 1 < len(items) else None)
             for index, (_, text) in enumerate(items)]
    for index in range(start, len(items)):
        number, text = items[index]
        kind = kinds[index]
        following = kinds[index + 1] if index + 1 < len(kinds) else None
        if kind == "title" and is_short_abstract(entry, following):
            kind = "abstract"
        elif kind == "abstract" and following == "abstract" and starts_entry(entry):
            kind = "title"  # two long paragraphs in a row: the first is a (very long) title
        if kind == "title":
            finish(entry, listing, captured, records, problems)
            entry = Entry(number, title=text)
        elif kind == "abstract":
            if entry is not None and entry.title is not None and entry.abstract is None and entry.stage == 0:
                entry.abstract = text
            else:
                finish(entry, listing, captured, records, problems)
                entry = Entry(number, abstract=text)
        else:
            if entry is None or STAGES[kind] <= entry.stage:
                finish(entry, listing, captured, records, problems)
                entry = Entry(number)
            read_trailer(entry, kind, number, text, captured)
    finish(entry, listing, captured, records, problems)
    return records, problems


def skip_header(items: list[tuple[int, str]]) -> int:
    """Index of the first item after the header lines and the page date."""
    index = 0
    while index < len(items) and items[index][1].lower() in HEADER_LINES:
        index += 1
    # The page date comes before any paper; a date there cannot belong to an entry.
    if index < len(items) and is_date_line(items[index][1]):
        index += 1
    return index


def is_short_abstract(entry: Entry | None, following: str | None) -> bool:
    """A title-shaped line between a title and its trailer can only be a (short) abstract."""
    return (entry is not None and entry.title is not None and entry.abstract is None and entry.stage == 0
            and following in STAGES)


def starts_entry(entry: Entry | None) -> bool:
    """Whether the next line begins a new entry (there is none yet, or the current one has its abstract)."""
    return entry is None or entry.abstract is not None or entry.stage > 0


def classify(text: str, following: str | None) -> str:
    """'title', 'abstract', 'count', 'organisation', 'dot' or 'date' for one non-blank line."""
    if text == DOT:
        return "dot"
    if AUTHOR_COUNT.fullmatch(text):
        return "count"
    if is_date_line(text):
        return "date"
    if looks_like_abstract(text):
        return "abstract"
    # The organisation is known only by its place: the short line right before the '·'.
    return "organisation" if following == DOT else "title"


def read_trailer(entry: Entry, kind: str, number: int, text: str, captured: dt.date) -> None:
    """Store one trailer line (count, organisation, '·' or date) on its entry."""
    entry.stage = STAGES[kind]
    if kind == "count":
        match = AUTHOR_COUNT.fullmatch(text)
        entry.author_count = int(match.group(1)) if match else None
    elif kind == "organisation":
        entry.organisation = read_organisation(text)
    elif kind == "date":
        read_date(entry, number, text, captured)


def read_organisation(text: str) -> str:
    """'ServiceNow-AI ServiceNow-AI' -> 'ServiceNow-AI'; a line that is not a doubled name stays whole."""
    first, second = text[: len(text) // 2].strip(), text[(len(text) + 1) // 2:].strip()
    gap = text[len(first): len(text) - len(second)]
    if first and first == second and text.startswith(first) and gap and not gap.strip():
        return first
    return text


def read_date(entry: Entry, number: int, text: str, captured: dt.date) -> None:
    """Date and upvotes from a 'Dec 13, 2024 2' line; a day that does not exist is recorded as an error."""
    match = DATE_LINE.fullmatch(text)
    month = month_number(match.group(1)) if match else None
    resolved = None
    if match and month is not None:
        year = int(match.group(3)) if match.group(3) else None
        resolved = resolve_date(month, int(match.group(2)), year, captured)
        entry.upvotes = int(match.group(4)) if match.group(4) else None
    if resolved is None:
        entry.date_error = (number, text)
    else:
        entry.date, entry.year_inferred = resolved


def finish(entry: Entry | None, listing: str, captured: dt.date,
           records: list[Source], problems: list[Problem]) -> None:
    """Turn a completed entry into a record, or into a problem when it cannot be a paper."""
    if entry is not None:
        file_outcome(check_entry(entry, listing) or entry_source(entry, listing, captured), records, problems)


def entry_source(entry: Entry, listing: str, captured: dt.date) -> Source:
    """The record of an entry that check_entry() accepted."""
    return Source(
        listing=listing, format=NAME, line=entry.line, captured=captured.isoformat(),
        title=entry.title or "", abstract=entry.abstract, author_count=entry.author_count,
        organisation=entry.organisation, date=entry.date, year_inferred=entry.year_inferred,
        upvotes=entry.upvotes,
    )


def check_entry(entry: Entry, listing: str) -> Problem | None:
    """Why an entry cannot become a paper, or None when it can."""
    if entry.title is None and entry.abstract is not None:
        return Problem(listing, entry.line, "title",
                       f"abstract paragraph '{preview(entry.abstract)}' has no title line above it: "
                       "add the paper's title on its own line before the abstract")
    if entry.title is None:
        return Problem(listing, entry.line, "title",
                       "author/date lines with no paper above them: add the paper's title and abstract "
                       "before them, or delete them")
    if entry.abstract is None:
        return Problem(listing, entry.line, "abstract",
                       f"title '{preview(entry.title)}' is not followed by an abstract paragraph (the entry "
                       "looks truncated): add the abstract after the title, or delete the entry")
    if entry.date_error is not None:
        line, text = entry.date_error
        return Problem(listing, line, "date",
                       f"'{preview(text)}' is not a real date: write it as 'Mon D, YYYY' (e.g. 'Jun 17, 2024'), "
                       "optionally followed by the upvote count")
    return None
