"""The paper model: typed fields, conversion to and from front matter, validated in one place."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EARLIEST_YEAR = 1600

# Front-matter keys in the order they are written; anything else a contributor adds is kept after these.
PAPER_KEYS = (
    "title", "authors", "author_count", "authors_truncated", "date", "year_inferred",
    "topics", "arxiv_category", "arxiv", "doi", "score", "upvotes", "code", "organisation",
    "links", "sources",
)
SOURCE_KEYS = (
    "listing", "format", "line", "captured", "title", "authors", "author_count",
    "authors_truncated", "date", "year_inferred", "topic", "venue", "arxiv_category",
    "score", "upvotes", "code", "organisation", "abstract",
)


@dataclass
class Source:
    """One sighting of a paper in a listing, with what that listing said about it."""

    listing: str
    format: str
    line: int
    captured: str | None = None
    title: str = ""
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    authors_truncated: bool = False
    date: str | None = None
    year_inferred: bool = False
    topic: str | None = None
    venue: str | None = None
    arxiv_category: str | None = None
    score: float | None = None
    upvotes: int | None = None
    code: bool | None = None
    organisation: str | None = None
    abstract: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Front-matter mapping, empty fields left out, keys in a stable order."""
        return _compact({key: getattr(self, key) for key in SOURCE_KEYS})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Source":
        """Build from a front-matter mapping (already validated)."""
        known = {key: data[key] for key in SOURCE_KEYS if key in data}
        if "date" in known:
            known["date"] = normalise_date_value(known["date"])
        return cls(**known)


@dataclass
class Paper:
    """A paper as stored in content/papers/<slug>.md: front matter plus the abstract as body."""

    title: str
    authors: list[str] = field(default_factory=list)
    author_count: int | None = None
    authors_truncated: bool = False
    date: str | None = None
    year_inferred: bool = False
    topics: list[str] = field(default_factory=list)
    arxiv_category: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    score: float | None = None
    upvotes: int | None = None
    code: bool | None = None
    organisation: str | None = None
    links: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    abstract: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def date_precision(self) -> str | None:
        """'day', 'month' or 'year', read off the shape of the date."""
        return date_precision(self.date)

    @property
    def year(self) -> int | None:
        """The publication year, when a date is known."""
        return int(self.date[:4]) if self.date else None

    @property
    def known_author_count(self) -> int | None:
        """How many authors the paper has, as far as anyone knows."""
        if self.author_count is not None:
            return self.author_count
        return None if self.authors_truncated or not self.authors else len(self.authors)

    def to_metadata(self) -> dict[str, Any]:
        """Front-matter mapping: stable key order, empty fields left out, unknown keys kept last."""
        data = {key: getattr(self, key) for key in PAPER_KEYS if key != "sources"}
        data = _compact(data)
        data["title"] = self.title
        data.update(self.extra)
        if self.sources:
            data["sources"] = [source.to_dict() for source in self.sources]
        return data

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any], abstract: str) -> "Paper":
        """Build from front matter that validate_metadata() accepted."""
        known = {key: metadata[key] for key in PAPER_KEYS if key in metadata and key != "sources"}
        if "date" in known:
            known["date"] = normalise_date_value(known["date"])
        extra = {key: value for key, value in metadata.items() if key not in PAPER_KEYS}
        sources = [Source.from_dict(item) for item in metadata.get("sources") or []]
        return cls(**known, sources=sources, abstract=abstract, extra=extra)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop None, False and empty values so files show only what is known."""
    return {key: value for key, value in data.items() if value not in (None, False, "", [], {})}


def date_precision(value: str | None) -> str | None:
    """'day', 'month' or 'year' for an ISO date string of that shape."""
    if not value:
        return None
    return {10: "day", 7: "month", 4: "year"}.get(len(value))


def normalise_date_value(value: Any) -> Any:
    """YAML may hand us a datetime.date; the model keeps ISO strings."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# --- validation -----------------------------------------------------------------------------

def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item.strip() for item in value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


FIELD_CHECKS: dict[str, tuple[Any, str]] = {
    "authors": (_is_str_list, "must be a list of non-empty names"),
    "author_count": (lambda v: _is_int(v) and v >= 0, "must be a whole number >= 0"),
    "authors_truncated": (lambda v: isinstance(v, bool), "must be true or false"),
    "year_inferred": (lambda v: isinstance(v, bool), "must be true or false"),
    "topics": (_is_str_list, "must be a list of non-empty topic names"),
    "arxiv_category": (lambda v: isinstance(v, str) and v.strip(), "must be text such as 'cs.LG'"),
    "arxiv": (lambda v: isinstance(v, str) and v.strip(), "must be an arXiv id such as '2106.01234'"),
    "doi": (lambda v: isinstance(v, str) and v.startswith("10."), "must be a DOI such as '10.1000/xyz'"),
    "score": (_is_number, "must be a number"),
    "upvotes": (lambda v: _is_int(v) and v >= 0, "must be a whole number >= 0"),
    "code": (lambda v: isinstance(v, bool), "must be true or false"),
    "organisation": (lambda v: isinstance(v, str) and v.strip(), "must be non-empty text"),
    "links": (_is_str_list, "must be a list of URLs"),
}


def check_date(value: Any, today: dt.date | None = None) -> str | None:
    """Why a date value is not acceptable, or None when it is."""
    value = normalise_date_value(value)
    if not isinstance(value, str):
        return "must be a date written YYYY-MM-DD, YYYY-MM or YYYY"
    match = DATE_PATTERN.match(value)
    if not match:
        return f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY"
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        return f"{value!r} is not a real calendar date"
    if year < EARLIEST_YEAR:
        return f"{value!r} is before {EARLIEST_YEAR}"
    today = today or dt.date.today()
    if parsed > today + dt.timedelta(days=1):
        return f"{value!r} is in the future (today is {today.isoformat()})"
    return None


def validate_metadata(metadata: Any, abstract: str, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a paper's front matter and body; empty when it is valid."""
    if not isinstance(metadata, dict):
        return [("front matter", "must be a mapping of field: value")]
    problems: list[tuple[str, str]] = []
    title = metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(("title", "is missing or empty: every paper needs a title"))
    for key, (check, message) in FIELD_CHECKS.items():
        if key in metadata and metadata[key] is not None and not check(metadata[key]):
            problems.append((key, message))
    if metadata.get("date") is not None:
        reason = check_date(metadata["date"], today)
        if reason:
            problems.append(("date", reason))
    problems.extend(_validate_sources(metadata.get("sources")))
    if not isinstance(abstract, str):
        problems.append(("abstract", "must be text"))
    return problems


def _validate_sources(sources: Any) -> list[tuple[str, str]]:
    if sources is None:
        return []
    if not isinstance(sources, list):
        return [("sources", "must be a list of listings the paper was seen in")]
    problems = []
    for index, source in enumerate(sources):
        name = f"sources[{index}]"
        if not isinstance(source, dict):
            problems.append((name, "must be a mapping with listing, format and line"))
            continue
        for key in ("listing", "format"):
            if not isinstance(source.get(key), str) or not source[key]:
                problems.append((f"{name}.{key}", "is missing: say which listing this came from"))
        if not _is_int(source.get("line")) or source["line"] < 1:
            problems.append((f"{name}.line", "must be the line number (>= 1) in the listing"))
    return problems


def validate_paper(paper: Paper, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a Paper object."""
    return validate_metadata(paper.to_metadata(), paper.abstract, today)
