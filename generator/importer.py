"""The import pipeline: parse listings, match records to stored papers, merge, commit all or nothing."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .errors import InputError, PaperArchiveError, Problem
from .formats import BIBLIOGRAPHIC, ParseResult, parse_listing
from .identifiers import identifier_keys
from .merge import Sighting, adds_nothing, merge_source, paper_from_source, record_identifiers, sighting_keys
from .models import Paper, Source, validate_paper
from .normalise import title_key, unique_slug
from .store import StoredPaper, load_store, papers_dir, render_paper
from .transaction import commit, recover, store_lock


@dataclass
class ImportReport:
    """What an import did; records read = new + merged + unchanged + rejected."""

    read: int = 0
    new: int = 0
    merged: int = 0
    unchanged: int = 0
    rejected: list[Problem] = field(default_factory=list)
    formats: dict[str, tuple[str, int]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people: the accounting of every record read."""
        return (f"{self.read} records read: {self.new} new papers, {self.merged} merged into existing papers, "
                f"{self.unchanged} unchanged, {len(self.rejected)} rejected; {len(self.written)} files written")


class PaperIndex:
    """Stored and new papers, findable by slug, by sighting and by normalised title."""

    def __init__(self, stored: Iterable[StoredPaper]) -> None:
        self.papers: dict[str, Paper] = {}
        self.touched: set[str] = set()
        self.by_sighting: dict[Sighting, str] = {}
        self.by_title: dict[str, str] = {}
        self.by_identifier: dict[str, str] = {}  # 'arxiv:2106.01234' / 'doi:10.1/x' -> slug
        for item in stored:
            self.add(item.slug, item.paper)

    def add(self, slug: str, paper: Paper) -> None:
        """Index a paper (new or replacing its older self) under its slug, title and sightings' titles."""
        self.papers[slug] = paper
        self.by_title.setdefault(title_key(paper.title), slug)
        for key in identifier_keys(paper.arxiv, paper.doi):
            self.by_identifier.setdefault(key, slug)
        for source, sighting in zip(paper.sources, sighting_keys(paper.sources)):
            self.by_sighting.setdefault(sighting, slug)
            self.by_title.setdefault(title_key(source.title), slug)

    def find(self, record: Source, sighting: Sighting) -> tuple[str | None, bool]:
        """(slug of the matching paper or None, whether this exact sighting is already recorded)."""
        slug = self.by_sighting.get(sighting)
        if slug is not None:
            return slug, True
        # The same arXiv id or DOI is the same paper, even under another title.
        for key in identifier_keys(*record_identifiers(record)):
            if key in self.by_identifier:
                return self.by_identifier[key], False
        return self.by_title.get(title_key(record.title)), False


def apply_record(index: PaperIndex, record: Source, sighting: Sighting, report: ImportReport,
                 today: dt.date, where: str) -> None:
    """Match one record to a paper and merge it in, counting what happened."""
    slug, already_seen = index.find(record, sighting)
    own_page = [link for link in record.links if slug and urlsplit(link).path.endswith(f"/papers/{slug}/")]
    if own_page:  # the paper's own page in this archive, as its export names it: not a link
        record = replace(record, links=[link for link in record.links if link not in own_page])
    if already_seen or (slug and record.format in BIBLIOGRAPHIC and adds_nothing(index.papers[slug], record)):
        report.unchanged += 1
        return
    # Merge into a copy: a record that would make the paper invalid leaves the paper untouched.
    paper = copy.deepcopy(index.papers[slug]) if slug else paper_from_source(record)
    if slug:
        merge_source(paper, record)
    problems = validate_paper(paper, today)
    if problems:
        report.rejected.extend(Problem(where, record.line, name, message) for name, message in problems)
        return
    if slug:
        report.merged += 1
    else:
        slug = unique_slug(record.title, index.papers.keys())
        report.new += 1
    index.add(slug, paper)
    index.touched.add(slug)


def parse_all(paths: list[Path], captured: dt.date,
              progress: Callable[[Path], None] | None = None) -> list[ParseResult]:
    """Parse every listing; all file-level errors are collected and raised together."""
    results, problems = [], []
    for path in paths:
        try:
            results.append(parse_listing(path, captured))
        except InputError as error:
            problems.extend(error.problems)
        if progress:
            progress(path)
    if problems:
        raise InputError(problems)
    return results


def import_listings(paths: list[Path], content_dir: Path, captured: dt.date, *, keep_going: bool = False,
                    today: dt.date | None = None, keyword_topics: bool = True,
                    progress: Callable[[Path], None] | None = None) -> ImportReport:
    """Import listings into the store. Any rejected record aborts the run unless keep_going.

    keyword_topics: a bibliographic record's keywords become topics.
    """
    today = today or dt.date.today()
    with store_lock(content_dir):
        recover(content_dir)
        try:
            stored = load_store(content_dir, today)
        except InputError as error:
            raise PaperArchiveError(f"the store has invalid files; fix them first (papers check):\n{error.message}")
        results = parse_all(paths, captured, progress)
        report = ImportReport()
        index = PaperIndex(stored)
        for path, result in zip(paths, results):
            report.formats[str(path)] = (result.format, len(result.records) + len(result.rejected))
            report.read += len(result.records) + len(result.rejected)
            report.rejected.extend(result.rejected)
            for record, sighting in zip(result.records, sighting_keys(result.records)):
                if not keyword_topics:
                    record.topics = []
                apply_record(index, record, sighting, report, today, str(path))
        if report.rejected and not keep_going:
            raise InputError(report.rejected)
        writes = {}
        for slug in sorted(index.touched):
            path = papers_dir(content_dir) / f"{slug}.md"
            text = render_paper(index.papers[slug])
            if not path.exists() or path.read_text("utf-8") != text:
                writes[path] = text
        commit(content_dir, writes)
        report.written = sorted(writes)
        return report
