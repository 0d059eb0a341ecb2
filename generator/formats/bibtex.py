"""BibTeX and BibLaTeX (.bib): Google Scholar's 'Cite', Overleaf, al-folio's papers.bib, the archive's own export.

Parsed by bibtexparser 2 (string macros, '#' concatenation, comments); LaTeX in fields decoded by
pylatexenc (formats/latex.py); crossref fields inherited here (bibtexparser 2 does not).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from ..errors import Problem
from ..models import Source
from .latex import display_name, latex_to_text, split_bibtex_names, split_top_level
from .records import Fields, read_author_note, split_keywords, to_source

NAME = "bibtex"
# bibtexparser logs every failed block; the importer reports them as file:line problems instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
# An entry start: '@article{', '@misc (' ; @string/@preamble/@comment are not entries.
ENTRY_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]", re.MULTILINE)
NOT_ENTRIES = {"string", "preamble", "comment"}
ENTRY_TYPES = frozenset({
    # BibTeX
    "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings", "manual",
    "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished",
    # BibLaTeX
    "online", "electronic", "www", "thesis", "report", "collection", "mvbook", "mvcollection", "mvproceedings",
    "bookinbook", "suppbook", "suppcollection", "suppperiodical", "periodical", "patent", "dataset", "software",
    "preprint", "reference", "mvreference", "inreference", "set", "xdata", "artwork", "audio", "image", "movie",
    "music", "performance", "video", "standard", "jurisdiction", "legislation", "legal", "letter", "review",
})
CONTAINERS = frozenset({"proceedings", "mvproceedings", "collection", "mvcollection", "book", "mvbook",
                        "periodical", "reference", "mvreference"})
# Where a paper appeared, by preference.
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "howpublished")  # a school or publisher is not a venue
# Fields inherited through crossref (the child's own value wins).
INHERITED = ("booktitle", "year", "month", "date", "publisher", "editor", "journal", "journaltitle", "series",
             "volume", "address", "organization")


def detect(lines: list[str]) -> bool:
    """An '@type{key,' entry start in the first 200 lines (a .bib named .txt is still a .bib)."""
    head = "\n".join(lines[:200])
    return any(match.group(1).lower() not in NOT_ENTRIES for match in ENTRY_START.finditer(head))


def _value(entry: Entry, name: str, inherited: dict[str, str]) -> str | None:
    """A field's value (macros resolved), the crossref parent's when the entry has none."""
    for field in entry.fields:  # field names are case-insensitive: archivePrefix, ARCHIVEPREFIX
        if field.key.lower() == name and isinstance(field.value, str):
            return field.value
    return inherited.get(name)


def field_line(entry: Entry, names: tuple[str, ...], default: int) -> int:
    """The 1-based line of the first of these fields the entry has (else `default`)."""
    for name in names:
        for field in entry.fields:
            if field.key.lower() == name and field.start_line is not None:
                return field.start_line + 1
    return default


def resolve(raw: str, strings: dict[str, str]) -> str:
    """A field as written ('{A} # jmlr # "B"', '2020', 'mar') to its value: pieces joined, macros expanded.

    An undefined macro stays as its name (month names such as 'mar' are read by read_month).
    """
    pieces = split_top_level(raw.strip(), "#") if "#" in raw else [raw]
    out = []
    for piece in (piece.strip() for piece in pieces):
        if len(piece) >= 2 and ((piece[0], piece[-1]) in (("{", "}"), ('"', '"'))):
            out.append(piece[1:-1])
        else:
            out.append(strings.get(piece.lower(), piece))
    return "".join(out)


def _resolve_all(library: bibtexparser.Library) -> None:
    """Expand @string macros (in order: a macro may use an earlier one) and every field value in place."""
    strings: dict[str, str] = {}
    for block in library.strings:
        strings[block.key.strip().lower()] = resolve(str(block.value), strings)
    for entry in library.entries:
        for field in entry.fields:
            if isinstance(field.value, str):
                field.value = resolve(field.value, strings)


def _braces_balanced(text: str) -> bool:
    """Whether every '{' has its '}' ('\\{' and '\\}' are escaped characters, not braces)."""
    depth = 0
    for char in re.sub(r"\\[{}\\]", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def entry_fields(entry: Entry, line: int, parents: dict[str, Entry]) -> Fields | Problem:
    """The stated values of one entry, or the Problem with it."""
    inherited: dict[str, str] = {}
    parent_key = entry.fields_dict.get("crossref")
    if parent_key is not None:
        parent = parents.get(str(parent_key.value).strip().lower())
        if parent is None:
            return Problem("", field_line(entry, ("crossref",), line), "crossref",
                           f"entry '{entry.key}' refers to '{parent_key.value}', which is not in the file: "
                           f"add that entry or remove the crossref")
        inherited = {field.key.lower(): field.value for field in parent.fields
                     if field.key.lower() in INHERITED and isinstance(field.value, str)}
    for name, field in entry.fields_dict.items():
        if isinstance(field.value, str) and not _braces_balanced(field.value):
            return Problem("", field.start_line + 1, name, "unbalanced braces: close every '{' with '}'")

    def text(name: str) -> str | None:
        value = _value(entry, name, inherited)
        return latex_to_text(value) if value is not None else None

    names, truncated = split_bibtex_names(_value(entry, "author", inherited) or "")
    def verbatim(name: str) -> str | None:
        """url, doi and eprint are read as written (biblatex's url package): '%' or '_' there is no LaTeX."""
        value = _value(entry, name, inherited)
        return "".join(value.replace("{", "").replace("}", "").split()) or None if value is not None else None

    eprint = verbatim("eprint")
    archive = (text("archiveprefix") or text("eprinttype") or "").lower()
    arxiv = eprint if eprint and (archive == "arxiv" or not archive) else None
    url = verbatim("url")
    fields = Fields(
        line=line, title=text("title") or "", authors=[name for name in map(display_name, names) if name],
        authors_truncated=truncated, year=text("year"), month=text("month"), day=text("day"), date=text("date"),
        abstract=text("abstract"), topics=split_keywords(text("keywords") or ""), arxiv=arxiv, doi=verbatim("doi"),
        url=url, venue=next((value for value in map(text, VENUE_FIELDS) if value), None),
        arxiv_category=text("primaryclass") or text("eprintclass") or None,
    )
    read_author_note(fields, [text("note") or ""])
    if not fields.arxiv and (archive == "arxiv" or (fields.venue or "").lower().startswith("arxiv")):
        match = re.search(r"(\d{4}\.\d{4,5})", fields.venue or "")
        fields.arxiv = match.group(1) if match else None
    return fields


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """Every entry as a Source; malformed or unusable entries as Problems at their line."""
    # No middleware: '{C# in practice}' and 'jmlr # {x}' differ only in their raw form, resolved here.
    library = bibtexparser.parse_string("\n".join(lines), parse_stack=[])
    _resolve_all(library)
    problems: list[Problem] = []
    for block in library.failed_blocks:
        field = "key" if isinstance(block, DuplicateBlockKeyBlock) else "entry"
        problems.append(Problem(listing, block.start_line + 1, field, _failure_message(block)))
    parents = {entry.key.strip().lower(): entry for entry in library.entries}
    # A volume other entries crossref (@proceedings of a conference) is where they appeared, not a paper.
    volumes = {str(entry.fields_dict["crossref"].value).strip().lower() for entry in library.entries
               if "crossref" in entry.fields_dict}
    records: list[Source] = []
    for entry in library.entries:
        if entry.key.strip().lower() in volumes and entry.entry_type.lower() in CONTAINERS:
            continue
        line = entry.start_line + 1
        kind = entry.entry_type.lower()
        if kind not in ENTRY_TYPES:
            problems.append(Problem(listing, line, "entry type", f"'@{entry.entry_type}' is not a BibTeX or "
                                    f"BibLaTeX entry type (e.g. @article, @inproceedings, @misc, @phdthesis)"))
            continue
        fields = entry_fields(entry, line, parents)
        outcome = fields if isinstance(fields, Problem) else to_source(fields, listing, NAME, captured)
        if isinstance(outcome, Problem):
            # Point at the field that is wrong (month, year, date), not at the entry's first line.
            where = field_line(entry, (outcome.field,), outcome.line) if outcome.field else outcome.line
            problems.append(Problem(listing, where, outcome.field, outcome.message))
        else:
            records.append(outcome)
    problems.sort(key=lambda problem: problem.line or 0)
    return records, problems


def _failure_message(block: ParsingFailedBlock) -> str:
    """Why bibtexparser could not read a block, in a contributor's words."""
    raw = (block.raw or "").strip()
    first = raw.splitlines()[0][:60] if raw else ""
    if isinstance(block, DuplicateBlockKeyBlock):
        return (f"duplicate key '{block.key}': another entry above has the same key; give each entry its own "
                f"key, or delete the repeated entry")
    if raw.count("{") != raw.count("}"):
        return f"'{first}': unclosed brace: every '{{' needs its '}}' (the entry runs into the next one)"
    error = str(block.error) if block.error else "cannot be read"
    return f"'{first}': {error}"
