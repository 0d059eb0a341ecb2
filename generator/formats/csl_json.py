"""CSL-JSON (.json, .csl.json): Zotero's and citeproc's form, and the archive's own export. A list of items."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ..errors import Problem
from ..models import Source
from .latex import person_name
from .records import Fields, read_author_note, split_keywords, to_source

NAME = "csl-json"
CSL_KEYS = {"title", "author", "issued", "type", "container-title", "DOI", "URL", "id"}
DECODER = json.JSONDecoder()


def detect(lines: list[str]) -> bool:
    """JSON text opening with '[' or '{' whose first object has CSL keys (title, author, issued, type ...)."""
    head = "\n".join(lines[:40]).lstrip()
    if not head.startswith(("[", "{")):
        return False
    return len(set(re.findall(r'"([A-Za-z-]+)"\s*:', head)) & CSL_KEYS) >= 2


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def read_items(text: str, listing: str) -> tuple[list[tuple[int, Any]], list[Problem]]:
    """(line, item) for each element of the top-level list, read one by one so each keeps its line."""
    position = len(text) - len(text.lstrip())
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(listing, error.lineno, "JSON", f"{error.msg} (column {error.colno})")]
    if not isinstance(whole, list):
        return [], [Problem(listing, _line(text, position), "items",
                            "CSL-JSON is a list of items ('[{...}, {...}]'), not a single "
                            f"{'object' if isinstance(whole, dict) else type(whole).__name__}: wrap it in [ ]")]
    items: list[tuple[int, Any]] = []
    line, counted = 1, 0  # newlines are counted once, from where the last count stopped
    position += 1  # past '['
    for _ in whole:
        while text[position] in " \t\n\r,":
            position += 1
        item, end = DECODER.raw_decode(text, position)
        line += text.count("\n", counted, position)
        counted = position
        items.append((line, item))
        position = end
    return items, []


def _name(person: Any) -> str:
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return " ".join(str(person["literal"]).split())
    family = " ".join(filter(None, (str(person.get("non-dropping-particle") or ""), str(person.get("family") or ""))))
    given = " ".join(filter(None, (str(person.get("given") or ""), str(person.get("dropping-particle") or ""))))
    name = person_name(family, given)
    suffix = str(person.get("suffix") or "").strip()
    return " ".join((name + (f" {suffix}" if suffix else "")).split())


def _text(item: dict, key: str) -> str | None:
    value = item.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return " ".join(str(value).split()) if value not in (None, "") else None


def _issued(item: dict) -> str | None:
    """'2024-05-03' from issued.date-parts [[2024, 5, 3]] (or issued.raw / a literal)."""
    issued = item.get("issued")
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [str(part).strip() for part in parts[0][:3]]
        return "-".join([numbers[0]] + [number.zfill(2) for number in numbers[1:]])
    raw = issued.get("raw") or issued.get("literal")
    return str(raw) if raw else None


def item_fields(item: dict, line: int) -> Fields:
    """The stated values of one CSL item."""
    archive = str(item.get("archive") or "").lower()
    arxiv = _text(item, "archive_location") if archive == "arxiv" else None
    number = _text(item, "number") or ""
    if not arxiv and (_text(item, "publisher") or "").lower() == "arxiv":
        arxiv = number or None
    keywords = item.get("keyword")
    topics = split_keywords(keywords) if isinstance(keywords, str) else [str(word) for word in keywords or []]
    fields = Fields(
        line=line, title=_text(item, "title") or "",
        authors=[name for name in map(_name, item.get("author") or []) if name],
        date=_issued(item), abstract=_text(item, "abstract"), topics=topics, arxiv=arxiv,
        doi=_text(item, "DOI"), url=_text(item, "URL"), venue=_text(item, "container-title"),
    )
    read_author_note(fields, [str(item.get("note") or "")])
    return fields


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """Every item as a Source; a file that is not a list of items, or an item with no title, as Problems."""
    items, problems = read_items("\n".join(lines), listing)
    records: list[Source] = []
    for line, item in items:
        if not isinstance(item, dict):
            problems.append(Problem(listing, line, "item", "must be an object ({\"title\": ..., ...})"))
            continue
        outcome = to_source(item_fields(item, line), listing, NAME, captured)
        if isinstance(outcome, Problem) and outcome.field in ("year", "month", "date"):
            outcome = Problem(listing, outcome.line, "issued", outcome.message)  # CSL's date field
        (problems if isinstance(outcome, Problem) else records).append(outcome)
    return records, problems
