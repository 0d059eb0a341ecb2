"""`papers check`: every problem in the store at once: schema, duplicates, file names."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .errors import Problem
from .normalise import WINDOWS_RESERVED, title_key
from .store import StoredPaper, field_line, paper_files, read_paper
from .transaction import recover

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_NAME_BYTES = 100


def check_file_name(path: Path) -> Problem | None:
    """Why a paper's file name breaks the slug rules, or None."""
    slug = path.stem
    if not SLUG_PATTERN.match(slug) or len(path.name.encode()) > MAX_FILE_NAME_BYTES or slug in WINDOWS_RESERVED:
        return Problem(str(path), 1, "file name",
                       f"{path.name!r} is not a valid slug: use lower-case ASCII letters, digits and single "
                       f"hyphens, at most {MAX_FILE_NAME_BYTES} bytes (e.g. 'my-paper-title.md')")
    return None


def find_duplicates(papers: list[StoredPaper]) -> list[Problem]:
    """Papers that are the same paper: equal normalised title, arXiv id or DOI."""
    problems = []
    for field, key_of in (("title", lambda p: title_key(p.title)), ("arxiv", lambda p: p.arxiv),
                          ("doi", lambda p: p.doi and p.doi.lower())):
        first_seen: dict[str, StoredPaper] = {}
        for item in papers:
            key = key_of(item.paper)
            if not key:
                continue
            if key in first_seen:
                other = first_seen[key]
                problems.append(Problem(str(item.path), field_line(item.path, field), field,
                                        f"duplicate of {other.path}: merge the two files into one"))
            else:
                first_seen[key] = item
    return problems


def check_store(content_dir: Path, today: dt.date | None = None) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for the whole store; errors fail CI, warnings do not."""
    recover(content_dir)
    errors: list[Problem] = []
    papers: list[StoredPaper] = []
    for path in paper_files(content_dir):
        name_problem = check_file_name(path)
        if name_problem:
            errors.append(name_problem)
        paper, problems = read_paper(path, today)
        errors.extend(problems)
        if paper is not None:
            papers.append(StoredPaper(path.stem, path, paper))
    errors.extend(find_duplicates(papers))
    warnings = [Problem(str(item.path), None, "abstract", "is empty: paste the paper's abstract below the front matter")
                for item in papers if not item.paper.abstract]
    return errors, warnings
