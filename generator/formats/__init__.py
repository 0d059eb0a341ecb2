"""Listing formats: one module per format, registered here, detected from the content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType

from ..errors import Problem, input_error
from ..models import Source
from . import aitopics, arxiv_atom, author_profile, bibtex, csl_json, hf_daily_papers, ris

# Adding a format is one new module with NAME, detect(lines) and parse(lines, listing, captured),
# and one entry here. Order matters only when two formats claim a file: the first one wins (the
# bibliographic formats' signatures, '@article{', 'TY  - ', JSON, an arxiv.org feed, are the strictest).
FORMATS: tuple[ModuleType, ...] = (bibtex, ris, csl_json, arxiv_atom, hf_daily_papers, author_profile, aitopics)
# Formats whose records state their values (not scraped pages): a record that repeats what a paper
# already says is not recorded again (importing an archive's own exports into it changes nothing).
BIBLIOGRAPHIC = frozenset({bibtex.NAME, ris.NAME, csl_json.NAME, arxiv_atom.NAME})


@dataclass
class ParseResult:
    """What one listing yielded: records (each a Source with its abstract) and rejected entries."""

    format: str
    records: list[Source] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)


def read_listing(path: Path) -> list[str]:
    """The listing's lines, decoded and normalised (BOM, CRLF); clear errors for unusable files."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise input_error(name, None, None, f"cannot read the file: {error.strerror}") from error
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise input_error(name, line, None, "binary file (NUL byte): a listing must be UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise input_error(name, line, None,
                          f"not valid UTF-8 (byte 0x{data[error.start]:02x}): save the listing as UTF-8") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise input_error(name, None, None, "empty file: no papers to import")
    return text.split("\n")


def detect_format(lines: list[str], name: str) -> ModuleType:
    """The format module whose detect() accepts these lines."""
    for module in FORMATS:
        if module.detect(lines):
            return module
    known = ", ".join(module.NAME for module in FORMATS)
    raise input_error(name, 1, None, f"unknown listing format (known formats: {known})")


def parse_listing(path: Path, captured: dt.date, listing_name: str | None = None) -> ParseResult:
    """Read, detect and parse one listing file."""
    lines = read_listing(path)
    module = detect_format(lines, str(path))
    records, rejected = module.parse(lines, listing_name or path.name, captured)
    return ParseResult(module.NAME, records, [replace(problem, file=str(path)) for problem in rejected])
