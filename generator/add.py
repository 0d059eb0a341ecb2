"""`papers add`: write one new, valid paper file from flags or prompts, refusing duplicates.

Validation, slugs and writing are the store's own (models.validate_paper, the contributor rules of
check.py, normalise.unique_slug, transaction.commit), so an added file is exactly what the importer
would write and what `papers check` accepts.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NoReturn

import click

from .check import NEAR_DUPLICATE_SCORE, contributor_problems, title_similarity
from .errors import InputError, PaperArchiveError, Problem
from .models import Paper, check_date, validate_paper
from .names import read_names
from .normalise import normalise_arxiv_id, title_key, unique_slug
from .store import StoredPaper, paper_files, papers_dir, read_paper, render_paper
from .transaction import commit, recover, store_lock

WHERE = "papers add"
# Which command-line flag sets each front-matter field, so an error names what to retype.
FLAGS = {"title": "--title", "authors": "--author", "date": "--date", "topics": "--topic",
         "arxiv": "--arxiv", "links": "--url", "abstract": "--abstract"}


@dataclass
class PaperInput:
    """What a contributor gave, as typed: flags, prompts or stdin."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    topics: list[str] = field(default_factory=list)
    arxiv: str | None = None
    url: str | None = None
    abstract: str | None = None
    warnings: list[str] = field(default_factory=list)  # what the contributor should know about their input


@dataclass
class AddResult:
    """The file written and the warnings worth showing."""

    path: Path
    paper: Paper
    warnings: list[str] = field(default_factory=list)


def stdin_is_terminal() -> bool:
    """Whether a person can be asked questions (tests replace this)."""
    return sys.stdin.isatty()


def _usage_error(message: str) -> NoReturn:
    raise click.UsageError(message)


def _split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(";") if name.strip()]


def settle_authors(typed: list[str], confirm: Callable[[str], bool] | None) -> tuple[list[str], list[str]]:
    """The authors meant by typed names (prompt answers or --author values), and warnings.

    ';' always separates; a comma separates too when every part is a full name ("Ada Lovelace, Alan
    Turing"), never in 'Family, Given' ("Lovelace, Ada"). A doubtful comma ("Ada Lovelace, Turing") is
    asked about through confirm; without a terminal (confirm None) the name is kept as typed, with a warning.
    """
    names: list[str] = []
    warnings: list[str] = []
    for text in typed:
        for reading in read_names(text):
            people = "; ".join(reading.people)
            if reading.certain or (confirm is not None and confirm(f"{len(reading.people)} authors: {people}?")):
                names.extend(reading.people)
                continue
            names.append(reading.typed.strip())
            if confirm is None:
                warnings.append(f"authors: {reading.typed.strip()!r} was kept as one name; if it is "
                                f"{len(reading.people)} people ({people}), give one --author per person")
    return names, warnings


def settle_given_authors(given: PaperInput, confirm: Callable[[str], bool] | None) -> PaperInput:
    """given with its --author values read as people (see settle_authors)."""
    given.authors, warnings = settle_authors(given.authors, confirm)
    given.warnings.extend(warnings)
    return given


def _prompt_date(value: str) -> str:
    reason = check_date(value.strip()) if value.strip() else None
    if reason:
        raise click.UsageError(reason)
    return value.strip()


def _prompt_arxiv(value: str) -> str:
    if value.strip() and not normalise_arxiv_id(value):
        raise click.UsageError(f"{value.strip()!r} is not an arXiv id: paste e.g. 2106.01234 or its arxiv.org URL")
    return value.strip()


def confirm_in_terminal(question: str) -> bool:
    """Ask a yes/no question, yes by default ("2 authors: Ada Lovelace; Alan Turing? [Y/n]")."""
    return click.confirm(question, default=True)


def prompt_missing(given: PaperInput) -> PaperInput:
    """Ask for every field not given on the command line (empty answers leave optional fields out)."""
    def ask(text: str, proc: Callable[[str], str] | None = None) -> str:
        return click.prompt(text, default="", show_default=False, value_proc=proc).strip()

    title = given.title or click.prompt("Title", value_proc=lambda text: text.strip() or _usage_error(
        "every paper needs a title")).strip()
    authors = given.authors or settle_authors([ask("Authors, separated by ';' (Enter to skip)")],
                                              confirm_in_terminal)[0]
    return PaperInput(
        title=title,
        authors=authors,
        date=given.date or ask("Date, YYYY-MM-DD, YYYY-MM or YYYY (Enter to skip)", _prompt_date) or None,
        topics=given.topics or _split_names(ask("Topics, separated by ';' (Enter to skip)")),
        arxiv=given.arxiv or ask("arXiv id or URL (Enter to skip)", _prompt_arxiv) or None,
        url=given.url or ask("Link to the paper or its code (Enter to skip)") or None,
        abstract=given.abstract if given.abstract is not None else ask("Abstract, one paragraph"),
        warnings=given.warnings,
    )


def build_paper(given: PaperInput, today: dt.date | None = None) -> tuple[Paper, list[tuple[str, str]]]:
    """The Paper a contributor described, and every (field, message) wrong with it."""
    problems = []
    if given.arxiv and not normalise_arxiv_id(given.arxiv):
        problems.append(("arxiv", f"{given.arxiv!r} is not an arXiv id: give e.g. 2106.01234, arXiv:2106.01234v2 "
                                  f"or https://arxiv.org/abs/2106.01234"))
    arxiv = normalise_arxiv_id(given.arxiv or "") or normalise_arxiv_id(given.url or "")
    paper = Paper(
        title=(given.title or "").strip(),
        authors=[name.strip() for name in given.authors if name.strip()],
        date=(given.date or "").strip() or None,
        topics=list(dict.fromkeys(topic.strip() for topic in given.topics if topic.strip())),
        arxiv=arxiv,
        links=[given.url.strip()] if given.url and given.url.strip() else [],
        abstract=(given.abstract or "").strip(),
    )
    return paper, problems + validate_paper(paper, today) + contributor_problems(paper)


def readable_store(content_dir: Path) -> tuple[list[StoredPaper], int]:
    """The valid papers of the store and how many files could not be read (papers check tells why)."""
    papers, unreadable = [], 0
    for path in paper_files(content_dir):
        paper, problems = read_paper(path)
        if paper is None:
            unreadable += 1
        else:
            papers.append(StoredPaper(path.stem, path, paper))
    return papers, unreadable


def find_duplicate(paper: Paper, stored: list[StoredPaper]) -> tuple[StoredPaper, str] | None:
    """The stored paper this one duplicates and why: same normalised title (also a source's) or arXiv id."""
    key = title_key(paper.title)
    for item in stored:
        titles = [item.paper.title, *(source.title for source in item.paper.sources)]
        if any(title and title_key(title) == key for title in titles):
            return item, "the same title"
        if paper.arxiv and item.paper.arxiv and normalise_arxiv_id(item.paper.arxiv) == paper.arxiv:
            return item, f"the same arXiv id {paper.arxiv}"
    return None


def add_paper(content_dir: Path, given: PaperInput, today: dt.date | None = None) -> AddResult:
    """Validate, refuse duplicates, pick the slug and write content/papers/<slug>.md atomically."""
    paper, problems = build_paper(given, today)
    if problems:
        raise InputError([Problem(WHERE, None, FLAGS.get(name, name), message) for name, message in problems])
    with store_lock(content_dir):
        recover(content_dir)
        stored, unreadable = readable_store(content_dir)
        duplicate = find_duplicate(paper, stored)
        if duplicate:
            item, reason = duplicate
            raise PaperArchiveError(f"{WHERE}: {item.path} already holds this paper ({reason}): "
                                    f"edit that file instead of adding a new one")
        slug = unique_slug(paper.title, {item.slug for item in stored} | {p.stem for p in paper_files(content_dir)})
        path = papers_dir(content_dir) / f"{slug}.md"
        commit(content_dir, {path: render_paper(paper)})
    return AddResult(path, paper, given.warnings + _warnings(paper, stored, unreadable))


def _warnings(paper: Paper, stored: list[StoredPaper], unreadable: int) -> list[str]:
    warnings = []
    key = title_key(paper.title)
    for item in stored:
        score = title_similarity(key, title_key(item.paper.title))
        if score >= NEAR_DUPLICATE_SCORE:
            warnings.append(f"title: near-duplicate of {item.path} (similarity {score:.2f}): "
                            f"if it is the same paper, delete the new file and edit that one")
    if not paper.abstract:
        warnings.append("abstract: is empty: paste the paper's abstract below the closing '---'")
    if unreadable:
        warnings.append(f"{unreadable} paper files could not be read, so duplicates among them were not "
                        f"looked for: run papers check")
    return warnings
