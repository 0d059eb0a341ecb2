"""AITopics topic pages: a 'Goto' / 'Collaborating Authors' header, the topic, then title, venue, abstract.

    Goto
    Collaborating Authors
     Rote Learning                                  <- the topic
    Memorization with neural nets: going beyond ... <- title
    arXiv.org Machine Learning                      <- venue: whatever line follows the title
    In practice, deep neural networks are ...       <- abstract

The real page puts one blank line between the lines of an entry and two or more between entries;
when it does, each entry is read by position (title, venue, abstract), whatever the lines look like.
Without that layout, titles and venues are told from abstracts by shape (see
text.looks_like_abstract). The venue is found by position, never by a fixed list.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..errors import Problem
from ..models import Source
from .text import looks_like_abstract, preview

NAME = "aitopics"

HEADER_LINES = frozenset({"goto", "collaborating authors"})
DETECT_LINES = 10
DETECT_MIN_ENTRIES = 3


@dataclass
class Entry:
    """One paper as it is being read; becomes a Source or a Problem."""

    line: int
    title: str | None = None
    venue: str | None = None
    abstract: str | None = None


def detect(lines: list[str]) -> bool:
    """The page header ('Collaborating Authors' near the top), or repeated title/venue/abstract triples."""
    head = [line.strip().lower() for line in lines[:DETECT_LINES * 3] if line.strip()][:DETECT_LINES]
    if "collaborating authors" in head:
        return True
    return has_venue_triples(lines[:DETECT_LINES * 30])


def has_venue_triples(lines: list[str]) -> bool:
    """Blank-separated short/short/long paragraphs whose middle line (the venue) repeats."""
    if any(line.strip() == "·" for line in lines):  # Daily Papers trailers have the same shape
        return False
    paragraphs = [line.strip() for line in lines]
    singles = [text for index, text in enumerate(paragraphs) if text
               and (index == 0 or not paragraphs[index - 1]) and (index + 1 == len(paragraphs) or not paragraphs[index + 1])]
    if len(singles) < len([text for text in paragraphs if text]):
        return False  # some paragraph has several lines: not this format
    venues = Counter(singles[index + 1] for index in range(len(singles) - 2)
                     if not looks_like_abstract(singles[index]) and not looks_like_abstract(singles[index + 1])
                     and looks_like_abstract(singles[index + 2]))
    return sum(venues.values()) >= DETECT_MIN_ENTRIES and venues.most_common(1)[0][1] >= 2


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """Every paper on the topic page as a Source; entries that cannot be papers as Problems."""
    items = [(number, line.strip()) for number, line in enumerate(lines, start=1) if line.strip()]
    venues = known_venues(items)
    start, topic = read_header(items, venues)
    records: list[Source] = []
    problems: list[Problem] = []
    groups = entry_groups(lines, items[start][0] if start < len(items) else len(lines) + 1)
    if groups is not None:
        for group in groups:
            finish(entry_from_group(group, venues), listing, captured, topic, records, problems)
        return records, problems
    entry: Entry | None = None
    for index in range(start, len(items)):
        number, text = items[index]
        if looks_like_abstract(text):
            if entry is not None:
                entry.abstract = text
            finish(entry or Entry(number, abstract=text), listing, captured, topic, records, problems)
            entry = None
        elif entry is None:
            following = items[index + 1][1] if index + 1 < len(items) else ""
            # A known venue right before an abstract means the title line is missing.
            missing_title = text in venues and looks_like_abstract(following)
            entry = Entry(number, venue=text) if missing_title else Entry(number, title=text)
        elif entry.venue is None:
            entry.venue = text
        else:
            finish(entry, listing, captured, topic, records, problems)
            entry = Entry(number, title=text)
    finish(entry, listing, captured, topic, records, problems)
    return records, problems


def entry_groups(lines: list[str], first_line: int) -> list[list[tuple[int, str]]] | None:
    """Entries split at runs of two or more blank lines, or None when the page is not laid out so."""
    groups: list[list[tuple[int, str]]] = [[]]
    blanks = 0
    for number in range(first_line, len(lines) + 1):
        text = lines[number - 1].strip()
        if not text:
            blanks += 1
            continue
        if blanks >= 2 and groups[-1]:
            groups.append([])
        blanks = 0
        groups[-1].append((number, text))
    groups = [group for group in groups if group]
    laid_out = bool(groups) and all(len(group) <= 3 for group in groups)
    return groups if laid_out and sum(len(group) == 3 for group in groups) * 2 >= len(groups) else None


def entry_from_group(group: list[tuple[int, str]], venues: set[str]) -> Entry:
    """Read one blank-line-delimited entry by position: title, venue, abstract."""
    texts = [text for _, text in group]
    entry = Entry(group[0][0])
    if len(texts) == 3:
        entry.title, entry.venue, entry.abstract = texts
    elif len(texts) == 2 and (texts[0] in venues or looks_like_abstract(texts[0])):
        entry.venue, entry.abstract = texts  # the title line is missing
    elif len(texts) == 2 and looks_like_abstract(texts[1]):
        entry.title, entry.abstract = texts
    elif len(texts) == 2:
        entry.title, entry.venue = texts  # truncated: no abstract
    elif looks_like_abstract(texts[0]):
        entry.abstract = texts[0]
    else:
        entry.title = texts[0]
    return entry


def known_venues(items: list[tuple[int, str]]) -> set[str]:
    """Short lines seen at least twice in the venue position (between a short line and an abstract)."""
    counts = Counter(items[index][1] for index in range(1, len(items) - 1)
                     if looks_like_abstract(items[index + 1][1]) and not looks_like_abstract(items[index][1])
                     and not looks_like_abstract(items[index - 1][1]))
    return {text for text, count in counts.items() if count >= 2}


def read_header(items: list[tuple[int, str]], venues: set[str]) -> tuple[int, str | None]:
    """Index of the first entry line and the topic named by the header (None without a header)."""
    index = 0
    while index < len(items) and items[index][1].lower() in HEADER_LINES:
        index += 1
    if index == 0 or index >= len(items):
        return index, None
    (number, candidate), (next_number, following) = items[index], items[index + 1] if index + 1 < len(items) else (0, "")
    if next_number - number > 2:  # two blank lines set the topic apart from the first entry
        return index + 1, candidate
    # The page names its topic right after the header; it is not the topic when it is already a
    # title (followed by a venue we know, or directly by an abstract).
    if looks_like_abstract(candidate) or following in venues or looks_like_abstract(following):
        return index, None
    return index + 1, candidate


def finish(entry: Entry | None, listing: str, captured: dt.date, topic: str | None,
           records: list[Source], problems: list[Problem]) -> None:
    """Turn a completed entry into a record, or into a problem when it cannot be a paper."""
    if entry is None:
        return
    if entry.title is None:
        what = f"source line '{preview(entry.venue)}' and abstract" if entry.venue else "abstract"
        problems.append(Problem(listing, entry.line, "title",
                                f"{what} '{preview(entry.abstract or '')}' with no title line before it: "
                                "add the paper's title above, or delete the entry"))
    elif entry.abstract is None:
        problems.append(Problem(listing, entry.line, "abstract",
                                f"title '{preview(entry.title)}' is not followed by an abstract (the entry looks "
                                "truncated): add the source line and abstract after it, or delete the title"))
    else:
        records.append(Source(listing=listing, format=NAME, line=entry.line, captured=captured.isoformat(),
                              title=entry.title, venue=entry.venue, topic=topic, abstract=entry.abstract))
