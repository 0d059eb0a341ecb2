"""Author profile listings: an optional glued header, a title glued to its authors, an abstract.

Each entry is two or three consecutive lines::

    30.1AIOct 10, 2023Code                          <- optional: score, arXiv category, date, 'Code'
    Exploring Memorization in ...Language ModelsShenglai Zeng, Yaxin Li, Jie Ren et al.
    Large language models (LLMs) have shown ...     <- abstract, cut by the site at ~300 characters

Splitting the title from the authors
------------------------------------
The site glues the first author's first name to the last character of the title, so the boundary
is a *glue point*: an uppercase letter starting a capitalised name, directly after a character that
cannot end a word before a name inside a title -- a lowercase letter, a digit, '?', ')' or other
punctuation (``ModelsShenglai``, ``GPT-4Jie``, ``DNN?Jie``), or an uppercase letter when the name
follows an acronym (``DNNJie``: the boundary is before the last capital that starts a lowercase run).
Hyphens and apostrophes are never glue points (``Jean-Luc``, ``O'Brien``).

A trailing ``et al.`` is cut off first (``authors_truncated``). The rest is split on commas and we
walk back from the end over parts that are plausible names; the glue point must lie in one of
those parts or in the first part before them. A candidate is valid when the text after it is a
plausible first author (2-5 words: capitalised words, initials such as ``J.``, particles such as
``van``) and the title before it is not empty. Among valid candidates we prefer one whose given
name is a plain capitalised word and whose name has no further glue (so ``MLPsDongrui`` splits at
``D``, not at ``P``), then the earliest one (so a surname like ``McDonald`` is not cut).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..errors import Problem
from ..models import Source
from .dates import parse_month_day_year
from .text import file_outcome, looks_like_abstract, preview

NAME = "author-profile"

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
# '30.1AIOct 10, 2023Code': score, category (lazy, so the month's capital ends it), date, 'Code'.
# Only tried on short lines (HEADER_MAX_CHARS); every quantifier is bounded.
HEADER = re.compile(rf"(\d{{1,4}}(?:\.\d{{1,3}})?)([A-Za-z][A-Za-z.\-]{{0,19}}?)?({MONTH} \d{{1,2}}(?:, ?\d{{4}})?)?(Code)?")
HEADER_MAX_CHARS = 80
# Longer lines are never a title plus a few names; skipping them keeps the split linear.
SPLIT_MAX_CHARS = 2000
NAME_MAX_CHARS = 100
PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das",
                       "le", "la", "bin", "binti", "ibn", "al", "el", "ter", "ten", "y", "zu", "af", "av"})
# Surname prefixes that legitimately carry an inner capital: McDonald, LeCun, DiCaprio, MacKay.
INNER_CAPITAL_PREFIXES = ("Mc", "Mac", "Le", "La", "De", "Di", "Da", "Du", "Van", "Von", "Fitz")
NON_GLUE = "-'’‐"
DETECT_LINES = 60


@dataclass
class Header:
    """What the glued header line says."""

    score: float
    category: str | None
    date: str | None
    year_inferred: bool
    code: bool
    date_text: str | None


@dataclass
class Entry:
    """One paper as it is being read; becomes a Source or a Problem."""

    line: int
    header: Header | None = None
    title_seen: bool = False
    title: str | None = None
    authors: list[str] | None = None
    truncated: bool = False
    unsplit: str | None = None
    abstract: str | None = None


def detect(lines: list[str]) -> bool:
    """A glued header line, or two title+authors lines each directly followed by an abstract."""
    window = lines[:DETECT_LINES * 3]
    pairs = 0
    for index in range(len(window) - 1):
        text, following = window[index].strip(), window[index + 1].strip()
        if not text or not following:
            continue
        if len(text) <= HEADER_MAX_CHARS and match_header(text) and split_title_authors(following):
            return True
        if split_title_authors(text) and looks_like_abstract(following) and not looks_like_abstract(text):
            pairs += 1
    return pairs >= 2


def match_header(text: str) -> re.Match[str] | None:
    """The header match when a line is a score/category/date header; a bare score is not one."""
    match = HEADER.fullmatch(text) if len(text) <= HEADER_MAX_CHARS else None
    return match if match and (match.group(2) or match.group(3)) else None


def read_header(text: str, captured: dt.date) -> Header | None:
    """The header's fields, or None when the line is not a header."""
    match = match_header(text)
    if match is None:
        return None
    date_text = match.group(3)
    resolved = parse_month_day_year(date_text, captured) if date_text else None
    date, inferred = resolved if resolved else (None, False)
    return Header(float(match.group(1)), match.group(2), date, inferred, bool(match.group(4)), date_text)


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """Every entry of the profile as a Source; entries that cannot be papers as Problems."""
    records: list[Source] = []
    problems: list[Problem] = []
    entry: Entry | None = None
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        header = read_header(text, captured)
        if header is not None:
            finish(entry, listing, captured, records, problems)
            entry = Entry(number, header=header)
        elif entry is not None and entry.title_seen and entry.abstract is None and not starts_entry(text):
            entry.abstract = text
        else:
            if entry is None or entry.title_seen:
                finish(entry, listing, captured, records, problems)
                entry = Entry(number)
            read_title_line(entry, text)
    finish(entry, listing, captured, records, problems)
    return records, problems


def starts_entry(text: str) -> bool:
    """Whether a line where an abstract is expected is really the next entry's title+authors line."""
    return not looks_like_abstract(text) and split_title_authors(text) is not None


def read_title_line(entry: Entry, text: str) -> None:
    """Fill title and authors from the glued line; an abstract here means the title line is missing."""
    entry.title_seen = True
    split = split_title_authors(text)
    if split is not None:
        entry.title, entry.authors, entry.truncated = split
    elif looks_like_abstract(text):
        entry.abstract = text
    else:
        entry.unsplit = text


def split_title_authors(text: str) -> tuple[str, list[str], bool] | None:
    """(title, authors, truncated) from 'TitleFirst Author, Second Author et al.'; None if no split fits."""
    if len(text) > SPLIT_MAX_CHARS:
        return None
    body, truncated = cut_et_al(text)
    parts = body.split(",")
    offsets = [0]
    for part in parts[:-1]:
        offsets.append(offsets[-1] + len(part) + 1)
    first_glued = len(parts) - 1
    while first_glued > 0 and is_name(parts[first_glued].strip()):
        first_glued -= 1
    best: tuple[tuple[bool, bool, int], str, list[str]] | None = None
    for index in range(first_glued, len(parts)):
        part = parts[index]
        for position in glue_points(part):
            first = part[position:].strip()
            title = body[: offsets[index] + position].strip()
            if not title or not is_name(first, first_author=True):
                continue
            rank = (is_given_name(first.split()[0]), not has_inner_glue(first), -(offsets[index] + position))
            if best is None or rank > best[0]:
                authors = [first] + [later.strip() for later in parts[index + 1:]]
                best = (rank, title, authors)
    if best is None and first_glued < len(parts):
        return split_caseless(body, parts[first_glued], offsets[first_glued], parts[first_glued + 1:], truncated)
    return (best[1], best[2], truncated) if best else None


def split_caseless(body: str, part: str, offset: int, later: list[str],
                   truncated: bool) -> tuple[str, list[str], bool] | None:
    """The split when the first author is written in a script without letter case (Chinese, Japanese, Thai...).

    No capital marks the boundary, so the name list's shape decides: after a title in another script,
    the caseless run at the end of the glued part is the name ('Language Models张伟'); after a caseless
    title, the first name is as long as the other caseless names are ('记忆研究张伟, 李娜', names of 2-3
    characters), and with no other name to measure by the line is not split.
    """
    glued = part.rstrip()
    start = len(glued)
    while start > 0 and (is_caseless_char(glued[start - 1]) or glued[start - 1] == " "
                         and start > 1 and is_caseless_char(glued[start - 2])):
        start -= 1
    run = glued[start:].strip()
    if not run or not is_caseless_name(run):
        return None
    if start > 0 and glued[:start].strip():
        title, first = body[: offset + start].strip(), run  # another script before the name
    else:
        lengths = [len(name.strip()) for name in later if is_caseless_name(name.strip()) and " " not in name.strip()]
        if not lengths or " " in run or len(set(lengths)) != 1 or len(run) <= lengths[0]:
            return None
        first = run[-lengths[0]:]
        title = body[: offset + len(glued) - len(first)].strip()
    if not title:
        return None
    return title, [first] + [name.strip() for name in later], truncated


def is_caseless_char(char: str) -> bool:
    """A letter of a script without case (category Lo: Han, Kana, Hangul, Thai...) or one of its marks."""
    category = unicodedata.category(char)
    return category == "Lo" or (category.startswith("M") and char not in NON_GLUE) or char in "·・"


def is_caseless_name(text: str) -> bool:
    """A name written in a caseless script: 1-3 words of such letters, at most 30 characters."""
    words = text.split()
    return 0 < len(words) <= 3 and len(text) <= 30 and all(
        all(is_caseless_char(char) for char in word) and unicodedata.category(word[0]) == "Lo" for word in words)


def cut_et_al(text: str) -> tuple[str, bool]:
    """The line without a trailing 'et al.' and whether there was one."""
    stripped = text.rstrip()
    for suffix in ("et al.", "et al"):
        if stripped.endswith(suffix) and (len(stripped) == len(suffix) or stripped[-len(suffix) - 1] in " ,"):
            return stripped[: -len(suffix)].rstrip().rstrip(",").rstrip(), True
    return stripped, False


def glue_points(part: str) -> list[int]:
    """Positions in the last NAME_MAX_CHARS of a part where a name may be glued to the title."""
    points = []
    for position in range(max(1, len(part) - NAME_MAX_CHARS), len(part)):
        char, before = part[position], part[position - 1]
        if not char.isupper() or before.isspace() or before in NON_GLUE:
            continue
        # After a capital only when a name starts here: 'DNNJie', 'DNNJ. Smith' (not inside 'DNN').
        after = part[position + 1] if position + 1 < len(part) else ""
        if not before.isalpha() or before.islower() or after.islower() or after == ".":
            points.append(position)
    return points


def is_name(text: str, first_author: bool = False) -> bool:
    """Whether text is a plausible person's name (the first author: 2-5 words starting with a name)."""
    if not first_author and is_caseless_name(text):
        return True
    words = text.split()
    low, high = (2, 5) if first_author else (1, 6)
    if not text or len(text) > NAME_MAX_CHARS or not low <= len(words) <= high:
        return False
    if first_author and not (words[0][0].isupper() and is_name_word(words[0])):
        return False
    return all(is_name_word(word) for word in words) and words[-1].lower() not in PARTICLES


def is_name_word(word: str) -> bool:
    """A capitalised word, an initial ('J.', 'J.-P.') or a lowercase particle ('van')."""
    if word in PARTICLES:
        return True
    return word[0].isupper() and all(char.isalpha() or char in ".-'’" for char in word)


def is_given_name(word: str) -> bool:
    """A plain capitalised given name ('Dongrui', 'Zoë', 'Jean-Luc') or initials ('J.', 'J.-P.')."""
    if all(char.isupper() or char in ".-" for char in word) and word.endswith("."):
        return True
    for piece in re.split(r"[-'’]", word):
        if not piece or not piece[0].isupper() or not (piece[1:].islower() or not piece[1:]):
            return False
    return True


def has_inner_glue(name: str) -> bool:
    """Whether a name contains a lowercase-to-uppercase step other than McDonald-style prefixes."""
    for word in name.split():
        for position in range(1, len(word)):
            if word[position].isupper() and word[position - 1].islower() \
                    and word[:position] not in INNER_CAPITAL_PREFIXES:
                return True
    return False


def finish(entry: Entry | None, listing: str, captured: dt.date,
           records: list[Source], problems: list[Problem]) -> None:
    """Turn a completed entry into a record, or into a problem when it cannot be a paper."""
    if entry is not None:
        file_outcome(check_entry(entry, listing) or entry_source(entry, listing, captured), records, problems)


def entry_source(entry: Entry, listing: str, captured: dt.date) -> Source:
    """The record of an entry that check_entry() accepted; header fields only when it had a header."""
    header = entry.header
    return Source(
        listing=listing, format=NAME, line=entry.line, captured=captured.isoformat(),
        title=entry.title or "", abstract=entry.abstract, authors=list(entry.authors or []),
        authors_truncated=entry.truncated,
        score=header.score if header else None, arxiv_category=header.category if header else None,
        date=header.date if header else None, year_inferred=header.year_inferred if header else False,
        code=True if header and header.code else None,
    )


def check_entry(entry: Entry, listing: str) -> Problem | None:
    """Why an entry cannot become a paper, or None when it can."""
    if entry.unsplit is not None:
        return Problem(listing, entry.line, "authors",
                       f"cannot tell where the title ends and the authors begin in '{preview(entry.unsplit)}': "
                       "the line must be the title directly followed by the authors, "
                       "e.g. 'Paper TitleJane Doe, John Smith et al.'")
    if not entry.title_seen:
        return Problem(listing, entry.line, "title",
                       "header line is not followed by a title+authors line (the entry is truncated): "
                       "add the title line after it, or delete the header")
    if entry.title is None:
        return Problem(listing, entry.line, "title",
                       f"abstract '{preview(entry.abstract or '')}' has no title+authors line before it: "
                       "add 'Paper TitleFirst Author, ...' above the abstract")
    if entry.abstract is None:
        return Problem(listing, entry.line, "abstract",
                       f"'{preview(entry.title)}' is not followed by an abstract line (the entry looks "
                       "truncated): add the abstract after the title line, or delete the entry")
    header = entry.header
    if header is not None and header.date_text and header.date is None:
        return Problem(listing, entry.line, "date",
                       f"'{header.date_text}' is not a real date: write it as 'Mon D, YYYY', e.g. 'Oct 10, 2023'")
    return None
