"""`papers enrich`: fill what listings leave out (names, ids, PDF, exact date) from open scholarly sources.

A paper lacking any of these is looked up: arXiv by id (batched) or by title, then the general index. A
record is applied only when it is certainly the paper (matching.judge); only empty fields are filled, and
the record is kept under the paper's `sources` with the service, its URL, the day it answered and the
fields it filled. The store changes all or nothing, like an import.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import InputError, PaperArchiveError
from .identifiers import normalise_doi
from .matching import Verdict, judge
from .models import Paper, Source, validate_paper
from .normalise import normalise_arxiv_id
from .sources import Found, sources
from .sources.http import ConfigurationError, Fetcher, ServiceError
from .store import load_store, papers_dir, render_paper
from .transaction import commit, recover, store_lock

FILLABLE = ("authors", "arxiv", "doi", "pdf", "date", "abstract", "arxiv_category")


def is_pdf_link(link: str) -> bool:
    """Whether a link is to a PDF (by its path), so a paper that has one is not sent looking for one."""
    path = link.split("?")[0].split("#")[0].lower()
    return path.endswith(".pdf") or "/pdf/" in path


def missing(paper: Paper) -> list[str]:
    """What a paper lacks that enrichment looks for: 'authors', 'identifier', 'pdf', 'date'."""
    lacks = []
    if not paper.authors or paper.authors_truncated or (paper.author_count or 0) > len(paper.authors):
        lacks.append("authors")
    if not paper.arxiv and not paper.doi:
        lacks.append("identifier")
    if not any(is_pdf_link(link) for link in paper.links):
        lacks.append("pdf")
    if not paper.date or paper.date_precision != "day" or paper.year_inferred:
        lacks.append("date")
    return lacks


def _fill_date(paper: Paper, record: Found) -> bool:
    """A day-exact date for a paper with none, a coarser one it refines, or a guessed year it confirms."""
    if not record.date:
        return False
    if paper.date is None or (paper.date_precision != "day" and record.date.startswith(paper.date)
                              and not paper.year_inferred):
        paper.date = record.date
        return True
    if paper.year_inferred and paper.date[4:] == record.date[4:]:  # the listing's day and month, our year
        paper.date, paper.year_inferred = record.date, False
        return True
    return False


def fill(paper: Paper, record: Found) -> list[str]:
    """Fill a paper's empty fields from a certain record; the fields filled, in FILLABLE order."""
    filled = []
    if record.authors and (not paper.authors or paper.authors_truncated):
        paper.authors, paper.authors_truncated = list(record.authors), False
        if paper.author_count == len(paper.authors):
            paper.author_count = None  # the list says it all, as the importer writes it
        filled.append("authors")
    for name in ("arxiv", "doi"):
        if getattr(paper, name) is None and getattr(record, name):
            setattr(paper, name, getattr(record, name))
            filled.append(name)
    if record.pdf and not any(is_pdf_link(link) for link in paper.links) and record.pdf not in paper.links:
        paper.links.append(record.pdf)
        filled.append("pdf")
    if _fill_date(paper, record):
        filled.append("date")
    if not paper.abstract and record.abstract:
        paper.abstract = record.abstract
        filled.append("abstract")
    if paper.arxiv_category is None and record.arxiv_category:
        paper.arxiv_category = record.arxiv_category
        filled.append("arxiv_category")
    if filled:
        paper.sources.append(enrichment_source(record, filled))
    return filled


def enrichment_source(record: Found, filled: list[str]) -> Source:
    """The sources entry for a record: the service, its record's URL, the day it answered, what it said."""
    return Source(listing=record.record_url, format=record.service, line=1, captured=record.fetched,
                  title=record.title, authors=list(record.authors), date=record.date,
                  arxiv_category=record.arxiv_category, arxiv=record.arxiv, doi=record.doi,
                  links=[record.pdf] if record.pdf else [], filled=list(filled))


@dataclass
class Review:
    """A near match or ambiguity a person should decide on."""

    slug: str
    title: str
    verdict: Verdict

    def lines(self) -> list[str]:
        """How it is printed: what we hold, what the service offers, and why it was not applied."""
        head = f"{self.slug}: {self.verdict.kind} — {'; '.join(self.verdict.reasons)}"
        offered = [f"    offered: {record.title!r} ({', '.join(record.authors[:3])}"
                   f"{' …' if len(record.authors) > 3 else ''}; {record.date or 'no date'}) {record.record_url}"
                   for record in self.verdict.candidates]
        return [head, f"    ours:    {self.title!r}", *offered]

    def to_dict(self) -> dict:
        """The review list entry written by --review FILE."""
        return {"slug": self.slug, "title": self.title, "kind": self.verdict.kind, "reasons": self.verdict.reasons,
                "candidates": [{"service": r.service, "url": r.record_url, "title": r.title, "authors": r.authors,
                                "date": r.date, "arxiv": r.arxiv, "doi": r.doi} for r in self.verdict.candidates]}


@dataclass
class EnrichReport:
    """What a run did: looked up = matched + ambiguous + to review + not found + failed."""

    looked_up: int = 0
    matched: int = 0
    filled: Counter[str] = field(default_factory=Counter)
    ambiguous: int = 0
    near: int = 0
    not_found: int = 0
    failures: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    requests_sent: int = 0
    cache_hits: int = 0

    def summary(self) -> str:
        """The closing lines a run prints."""
        by_field = ", ".join(f"{name} {self.filled[name]}" for name in FILLABLE if self.filled[name]) or "nothing"
        return (f"{self.looked_up} papers looked up: {self.matched} matched, {self.ambiguous} ambiguous, "
                f"{self.near} near matches to review, {self.not_found} not found, {len(self.failures)} failed\n"
                f"filled: {by_field}; {len(self.written)} files written; "
                f"{self.requests_sent} requests sent, {self.cache_hits} answered from the cache")


Confirm = Callable[[Review], bool]


def _ask_services(paper: Paper, known: dict[str, Found], fetcher: Fetcher,
                  services: list[str]) -> list[Verdict]:
    """Each service's verdict in turn, stopping at the first certain match."""
    verdicts = []
    registry = sources()
    for name in services:
        record = known.get(name)
        candidates = [record] if record else registry[name].by_title(paper.title, fetcher)
        verdict = judge(paper, candidates)
        verdicts.append(verdict)
        if verdict.kind == "match":
            break
    return verdicts


def _settle(verdicts: list[Verdict]) -> Verdict:
    """One verdict for a paper from its services': a match wins, then ambiguity, then a near match."""
    for kind in ("match", "ambiguous", "near"):
        chosen = next((verdict for verdict in verdicts if verdict.kind == kind), None)
        if chosen:
            return chosen
    return Verdict("none")


IDENTIFIER_KEYS = {"arxiv": normalise_arxiv_id, "doi": normalise_doi}


def _known_by_id(papers: dict[str, Paper], fetcher: Fetcher, services: list[str]) -> dict[str, dict[str, Found]]:
    """Records fetched by the ids we hold (arXiv ids in batches, DOIs): slug -> service -> record."""
    known: dict[str, dict[str, Found]] = {slug: {} for slug in papers}
    for name in services:
        module = sources()[name]
        normalise = IDENTIFIER_KEYS[module.IDENTIFIER]
        ids = {slug: value for slug, paper in papers.items()
               if getattr(paper, module.IDENTIFIER) and (value := normalise(getattr(paper, module.IDENTIFIER)))}
        records = module.by_ids(list(ids.values()), fetcher) if ids else {}
        for slug, value in ids.items():
            if value in records:
                known[slug][name] = records[value]
    return known


def _enrich_one(slug: str, paper: Paper, known: dict[str, Found], fetcher: Fetcher, services: list[str],
                report: EnrichReport, confirm: Confirm | None, today: dt.date | None) -> str | None:
    """Look one paper up and count the outcome; the paper's new file text when something was filled."""
    try:
        verdict = _settle(_ask_services(paper, known, fetcher, services))
    except ConfigurationError as error:
        raise PaperArchiveError(str(error)) from error
    except ServiceError as error:
        report.failures.append(f"{slug}: {error}")
        return None
    if verdict.kind == "none":
        report.not_found += 1
        return None
    if verdict.kind != "match":
        review = Review(slug, paper.title, verdict)
        if not (verdict.kind == "near" and verdict.record is not None and confirm is not None and confirm(review)):
            report.reviews.append(review)
            if verdict.kind == "near":
                report.near += 1
            else:
                report.ambiguous += 1
            return None
    assert verdict.record is not None
    filled = fill(paper, verdict.record)
    problems = validate_paper(paper, today)
    if problems:
        report.failures.append(f"{slug}: the record would make the paper invalid: "
                               + "; ".join(f"{name}: {message}" for name, message in problems))
        return None
    report.matched += 1
    report.filled.update(filled)
    return render_paper(paper) if filled else None


def enrich_store(content_dir: Path, fetcher: Fetcher, *, services: Iterable[str] = ("arxiv-api", "semantic-scholar"),
                 slugs: Iterable[str] = (), keep_going: bool = False, confirm: Confirm | None = None,
                 today: dt.date | None = None, progress: Callable[[int], None] | None = None,
                 on_start: Callable[[int], None] | None = None) -> EnrichReport:
    """Look up every paper that lacks something, fill what is certain, write all or nothing."""
    services = list(services)
    unknown = [name for name in services if name not in sources()]
    if unknown:
        raise PaperArchiveError(f"unknown service {', '.join(unknown)} (known: {', '.join(sources())})")
    report = EnrichReport()
    with store_lock(content_dir):
        recover(content_dir)
        try:
            stored = {item.slug: item for item in load_store(content_dir, today)}
        except InputError as error:
            raise PaperArchiveError(f"the store has invalid files; fix them first (papers check):\n{error.message}")
        chosen = set(slugs)
        absent = sorted(chosen - set(stored))
        if absent:
            raise PaperArchiveError(f"no such paper in {content_dir}: {', '.join(absent)}")
        wanted = {slug: copy.deepcopy(item.paper) for slug, item in sorted(stored.items())
                  if (not chosen or slug in chosen) and missing(item.paper)}
        if on_start:
            on_start(len(wanted))
        try:
            known = _known_by_id(wanted, fetcher, services)
        except ConfigurationError as error:
            raise PaperArchiveError(str(error)) from error
        except ServiceError as error:
            known = {slug: {} for slug in wanted}
            report.failures.append(f"lookup by id: {error}")
        writes: dict[Path, str] = {}
        for slug, paper in wanted.items():
            report.looked_up += 1
            text = _enrich_one(slug, paper, known[slug], fetcher, services, report, confirm, today)
            if text is not None:
                writes[papers_dir(content_dir) / f"{slug}.md"] = text
            if progress:
                progress(1)
        report.requests_sent, report.cache_hits = fetcher.requests_sent, fetcher.cache_hits
        if report.failures and not keep_going:
            return report  # nothing written: the store is as it was
        commit(content_dir, writes)
        report.written = sorted(writes)
    return report
