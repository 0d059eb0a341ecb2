"""The paper model: typed fields, conversion to and from front matter, validated in one place."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import fastjsonschema
from jsonschema import Draft202012Validator

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
    "authors_truncated", "date", "year_inferred", "topic", "topics", "venue", "arxiv_category", "categories",
    "score", "upvotes", "code", "organisation", "arxiv", "doi", "links", "filled", "abstract",
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
    topics: list[str] = field(default_factory=list)  # a bibliographic record's keywords
    venue: str | None = None
    arxiv_category: str | None = None
    categories: list[str] = field(default_factory=list)  # every arXiv category an arXiv entry lists, primary first
    score: float | None = None
    upvotes: int | None = None
    code: bool | None = None
    organisation: str | None = None
    # Identifiers and links a service (papers enrich) or a bibliographic record (BibTeX eprint/doi/url) stated.
    arxiv: str | None = None
    doi: str | None = None
    links: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)  # the paper fields this source filled in (papers enrich)
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


def _is_empty(value: Any) -> bool:
    """None, False or an empty text/list/mapping; a zero is data (a score of 0.0, no upvotes), not absence."""
    if value is None or value is False:
        return True
    return isinstance(value, (str, list, tuple, dict)) and not value


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop None, False and empty values so files show only what is known (zeros are kept)."""
    return {key: value for key, value in data.items() if not _is_empty(value)}


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
# Fields and types come from one place, the JSON Schema shipped in schema/paper.schema.json (documented
# for contributors, used by `papers check`, the importer and the build alike). Python adds only what a
# schema cannot say: a real calendar date, not before EARLIEST_YEAR and not in the future.

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "paper.schema.json"


@functools.cache
def paper_schema() -> dict[str, Any]:
    """The front-matter JSON Schema (schema/paper.schema.json)."""
    return json.loads(SCHEMA_FILE.read_text("utf-8"))


@functools.cache
def _shows_text_pattern() -> re.Pattern[str]:
    return re.compile(paper_schema()["properties"]["title"]["pattern"])


def shows_text(text: str) -> bool:
    """Whether text holds a character that shows: the schema's rule for a title, a name or a topic (spaces and
    the control characters every output drops are not enough)."""
    return _shows_text_pattern().search(text) is not None


@functools.cache
def _schema_validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(paper_schema())
    return Draft202012Validator(paper_schema())


def _field_name(path: list[Any]) -> str:
    """'sources[0].line' for the path ['sources', 0, 'line']; list items report as their list."""
    name = str(path[0])
    if name == "sources" and len(path) >= 2:
        name += f"[{path[1]}]" + (f".{path[2]}" if len(path) >= 3 else "")
    return name


def _subschema(path: list[Any]) -> dict[str, Any]:
    """The schema of the field at a _field_name() path (a source's properties are under $defs)."""
    schema = paper_schema()
    node = schema["properties"][path[0]]
    if path[0] == "sources" and len(path) >= 2:
        node = schema["$defs"]["source"]
        if len(path) >= 3:
            node = node["properties"][path[2]]
    return node


def _value_at(metadata: Any, path: list[Any]) -> Any:
    for part in path:
        metadata = metadata[part]
    return metadata


def _unknown_field_message(key: str, allowed: list[str]) -> str:
    """'unknown field' with the likely intended field, so a typo is a one-word fix."""
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{guess[0]}'? Otherwise remove it" if guess else "check its spelling or remove it"
    return f"unknown field: {hint} (allowed: {', '.join(allowed)})"


@functools.cache
def _compiled_schema() -> Callable[[Any], Any]:
    """The schema compiled to Python code by fastjsonschema: about 50 times faster on a valid file."""
    return fastjsonschema.compile(paper_schema())


def schema_problems(metadata: Any) -> list[tuple[str, str]]:
    """Every (field, message) the JSON Schema finds, one per field, in schema order."""
    try:
        _compiled_schema()(metadata)
        return []  # the common case; jsonschema below only explains a file that fails
    except fastjsonschema.JsonSchemaException:
        pass
    problems: dict[str, str] = {}
    for error in _schema_validator().iter_errors(metadata):
        path = list(error.absolute_path)
        if error.validator == "required":
            for key in error.validator_value:
                if key not in error.instance:
                    field_path = path + [key]
                    problems.setdefault(_field_name(field_path), _subschema(field_path)["errorMessage"])
        elif error.validator == "additionalProperties":
            for key in sorted(set(error.instance) - set(error.schema["properties"]), key=str):
                name = _field_name(path + [key]) if path else str(key)
                problems.setdefault(name, _unknown_field_message(str(key), list(error.schema["properties"])))
        elif path:
            keep = path[:3] if path[0] == "sources" else path[:1]
            schema = _subschema(keep)
            message, value = schema["errorMessage"], _value_at(metadata, keep)
            if schema.get("type") not in ("array", "object") and (value is None or isinstance(value, (str, int, float))):
                message += f" (found {'nothing' if value is None else repr(value)})"
            problems.setdefault(_field_name(keep), message)
        else:
            problems.setdefault("front matter", "must be a mapping of field: value")
    return list(problems.items())


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
        return f"{value!r} is in the future (today is {today.isoformat()}): check the year, or leave the date out"
    return None


def validate_metadata(metadata: Any, abstract: str, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a paper's front matter and body; empty when it is valid."""
    if not isinstance(metadata, dict):
        return [("front matter", "must be a mapping of field: value")]
    problems = schema_problems(metadata)
    flagged = {name for name, _ in problems}
    if metadata.get("date") is not None and "date" not in flagged:
        reason = check_date(metadata["date"], today)
        if reason:
            problems.append(("date", reason))
    if not isinstance(abstract, str):
        problems.append(("abstract", "must be text"))
    return problems


def validate_paper(paper: Paper, today: dt.date | None = None) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a Paper object."""
    return validate_metadata(paper.to_metadata(), paper.abstract, today)
