"""RIS (.ris): Zotero, Mendeley, EndNote and the archive's own export. Tags read by rispy; records framed here.

Framing (TY ... ER) is checked line by line first, so a record without its 'ER  -' closing line is
reported at its own 'TY' line, not silently merged into the next record.
"""

from __future__ import annotations

import datetime as dt
import re

import rispy

from ..errors import Problem
from ..models import Source
from ..normalise import normalise_arxiv_id
from .latex import reorder_comma_name
from .records import Fields, read_author_note, to_source

NAME = "ris"
TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
DETECT_LINES = 50
DATE_TAGS = {"year": "PY", "month": "DA", "date": "DA"}  # the record's date fields, by where they come from


def detect(lines: list[str]) -> bool:
    """The first non-blank line is a 'TY  - ' record start."""
    for line in lines[:DETECT_LINES]:
        if line.strip():
            return bool(re.match(r"^TY  - ", line.lstrip("\ufeff")))
    return False


def frame_records(lines: list[str], listing: str) -> tuple[list[tuple[int, str]], list[Problem]]:
    """(line of TY, record text) for every TY ... ER record; Problems for broken framing."""
    records: list[tuple[int, str]] = []
    problems: list[Problem] = []
    start: int | None = None
    body: list[str] = []
    for number, line in enumerate(lines, start=1):
        match = TAG.match(line.rstrip())
        tag = match.group(1) if match else None
        if tag == "TY":
            if start is not None:
                problems.append(Problem(listing, start, "ER", "record has no 'ER  - ' line before the next "
                                                              "'TY  - ': end every record with 'ER  - '"))
            start, body = number, [line]
        elif start is None:
            if line.strip():
                problems.append(Problem(listing, number, "TY", f"'{line.strip()[:40]}' is outside a record: "
                                                               "every record starts with 'TY  - '"))
        else:
            body.append(line)
            if tag == "ER":
                records.append((start, "\n".join(body) + "\n"))
                start = None
    if start is not None:
        problems.append(Problem(listing, start, "ER", "record has no 'ER  - ' line (the file ends inside it): "
                                                      "end every record with 'ER  - '"))
    return records, problems


def _first(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if value and str(value).strip():
            return " ".join(str(value).split())
    return None


def record_fields(record: dict, line: int) -> Fields:
    """The stated values of one rispy record."""
    date = _first(record, "date")
    year = _first(record, "year", "publication_year")
    parts = [part for part in (date or "").split("/")] if date else []
    year = year or (parts[0] if parts else None)
    year_match = re.match(r"\d{4}", year or "")
    notes = " ".join(record.get("notes") or [])
    arxiv_note = re.search(r"arxiv:\s*(\S+)", notes, re.IGNORECASE)
    urls = record.get("urls") or []
    names = (record.get("authors") or []) + (record.get("first_authors") or [])
    fields = Fields(
        line=line, title=_first(record, "title", "primary_title") or "",
        authors=[reorder_comma_name(name) for name in names if name.strip()],
        year=year_match.group(0) if year_match else year,
        month=parts[1] if len(parts) > 1 and parts[1].strip() else None,
        day=parts[2] if len(parts) > 2 and parts[2].strip() else None,
        abstract=_first(record, "abstract", "notes_abstract"),
        topics=[" ".join(word.split()) for word in record.get("keywords") or [] if word.strip()],
        arxiv=(arxiv_note.group(1) if arxiv_note else None) or next(
            (url for url in urls if normalise_arxiv_id(url)), None),
        doi=_first(record, "doi"), url=next((url for url in urls if url.strip()), None),
        venue=_first(record, "journal_name", "secondary_title", "alternate_title3"),
    )
    read_author_note(fields, list(record.get("notes") or []))
    return fields


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """Every TY ... ER record as a Source; broken framing and unusable records as Problems."""
    framed, problems = frame_records(lines, listing)
    records: list[Source] = []
    for line, text in framed:
        try:
            parsed = rispy.loads(text, skip_unknown_tags=True)
        except (IOError, ValueError, KeyError) as error:
            problems.append(Problem(listing, line, "record", f"cannot be read as RIS: {error}"))
            continue
        for record in parsed:
            outcome = to_source(record_fields(record, line), listing, NAME, captured)
            if isinstance(outcome, Problem) and outcome.field in DATE_TAGS:
                tag = DATE_TAGS[outcome.field]  # name the tag that is wrong, on its own line
                offset = next((index for index, text_line in enumerate(text.split("\n"))
                               if text_line.startswith(f"{tag}  -")), 0)
                outcome = Problem(listing, line + offset, tag, outcome.message)
            (problems if isinstance(outcome, Problem) else records).append(outcome)
    problems.sort(key=lambda problem: problem.line or 0)
    return records, problems
