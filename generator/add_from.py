"""`papers add --bibtex/--ris/--csl FILE|-`: the entries a contributor pasted, each a new paper file, all or nothing.

`--arxiv ID` / `--doi DOI` alone would fill every field from arXiv or Crossref; that needs the network and
the metadata clients (issue 15), not built yet, so they say what to pass instead.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from .add import WHERE, AddResult, _warnings, find_duplicate, readable_store
from .check import contributor_problems
from .errors import InputError, PaperArchiveError, Problem, input_error
from .formats import arxiv_atom, bibtex, csl_json, read_listing, ris
from .identifiers import normalise_doi
from .merge import paper_from_source
from .models import Paper, validate_paper
from .normalise import normalise_arxiv_id, unique_slug
from .store import StoredPaper, paper_files, papers_dir, render_paper
from .transaction import commit, recover, store_lock

FORMAT_FLAGS: dict[str, ModuleType] = {"--bibtex": bibtex, "--ris": ris, "--csl": csl_json, "--atom": arxiv_atom}
STDIN = "-"


def read_entries(flag: str, source: str, today: dt.date) -> list:
    """The records of a file (or standard input for '-') read as the flag's format; problems raised together."""
    module = FORMAT_FLAGS[flag]
    if source == STDIN:
        name = "standard input"
        text = sys.stdin.read().replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        if not text.strip():
            raise input_error(name, None, flag, "nothing on standard input: paste the entries, then Ctrl-D")
        lines = text.split("\n")
    else:
        name = source
        lines = read_listing(Path(source))
    if not module.detect(lines):
        raise input_error(name, 1, flag, f"does not look like {module.NAME} ({_expected(module)}): check the "
                                         f"file, or use the flag of its format ({', '.join(FORMAT_FLAGS)})")
    records, problems = module.parse(lines, f"papers add {flag}" if source == STDIN else Path(source).name, today)
    if problems:
        raise InputError([replace(problem, file=name) for problem in problems])
    if not records:
        raise input_error(name, None, flag, "no entries found")
    return records


def _expected(module: ModuleType) -> str:
    return {"bibtex": "entries such as @article{key, ...}", "ris": "records from 'TY  - ' to 'ER  - '",
            "csl-json": "a JSON list of items", "arxiv-atom": "an arXiv API or RSS feed"}[module.NAME]


def add_entries(content_dir: Path, records: list, where: str, today: dt.date | None = None) -> list[AddResult]:
    """Write one new paper per record; any invalid record or duplicate writes nothing."""
    papers: list[tuple[int, Paper]] = []
    problems: list[Problem] = []
    for record in records:
        paper = paper_from_source(record)  # the source keeps what the entry said that a paper has no field for (venue)
        problems += [Problem(where, record.line, name, message)
                     for name, message in validate_paper(paper, today) + contributor_problems(paper)]
        papers.append((record.line, paper))
    if problems:
        raise InputError(problems)
    with store_lock(content_dir):
        recover(content_dir)
        stored, unreadable = readable_store(content_dir)
        taken = {item.slug for item in stored} | {path.stem for path in paper_files(content_dir)}
        writes: dict[Path, str] = {}
        added: list[StoredPaper] = []
        for line, paper in papers:
            duplicate = find_duplicate(paper, stored + added) or _same_doi(paper, stored + added)
            if duplicate:
                item, reason = duplicate
                problems.append(Problem(where, line, "title", f"{item.path} already holds this paper ({reason}): "
                                                              f"edit that file, or leave this entry out"))
                continue
            slug = unique_slug(paper.title, taken)
            taken.add(slug)
            path = papers_dir(content_dir) / f"{slug}.md"
            writes[path] = render_paper(paper)
            added.append(StoredPaper(slug, path, paper))
        if problems:
            raise InputError(problems)
        commit(content_dir, writes)
    return [AddResult(item.path, item.paper, _warnings(item.paper, stored, unreadable)) for item in added]


def _same_doi(paper: Paper, stored: list[StoredPaper]) -> tuple[StoredPaper, str] | None:
    if not paper.doi:
        return None
    for item in stored:
        if item.paper.doi and normalise_doi(item.paper.doi) == paper.doi:
            return item, f"the same DOI {paper.doi}"
    return None


def lookup_not_built(arxiv: str | None, doi: str | None) -> PaperArchiveError:
    """What to do instead of `papers add --arxiv ID` / `--doi DOI` until the metadata clients exist."""
    if arxiv:
        identifier = normalise_arxiv_id(arxiv) or arxiv.strip()
        return PaperArchiveError(
            f"{WHERE} --arxiv {identifier}: filling a paper from arXiv needs the network and the metadata "
            f"clients (issue 15), which are not built yet. Instead, either:\n"
            f"  - open https://arxiv.org/abs/{identifier}, choose 'Export BibTeX Citation', and paste it into "
            f"`papers add --bibtex -` (or save it and pass the file), or\n"
            f"  - save http://export.arxiv.org/api/query?id_list={identifier} to a file and run "
            f"`papers add --atom FILE`, or\n"
            f"  - type the fields: papers add --title '...' --author '...' --arxiv {identifier}")
    identifier = normalise_doi(doi or "") or (doi or "").strip()
    return PaperArchiveError(
        f"{WHERE} --doi {identifier}: filling a paper from its DOI needs the network and the metadata clients "
        f"(issue 15), which are not built yet. Instead, either:\n"
        f"  - get its BibTeX (e.g. curl -LH 'Accept: application/x-bibtex' https://doi.org/{identifier}) and "
        f"pipe it into `papers add --bibtex -`, or\n"
        f"  - export it from your reference manager as BibTeX, RIS or CSL-JSON and pass the file to "
        f"--bibtex, --ris or --csl, or\n"
        f"  - type the fields: papers add --title '...' --author '...' --doi {identifier}")
