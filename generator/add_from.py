"""`papers add --bibtex/--ris/--csl FILE|-`: the entries a contributor pasted, each a new paper file, all or nothing.

`--arxiv ID` / `--doi DOI` alone fill every field from arXiv or Semantic Scholar through the clients of
`papers enrich`; without the network they say what to pass instead.
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
from .sources.http import Fetcher
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
    # Each paper keeps its entry as a source: what it said that a paper has no field for (the venue).
    return write_new_papers(content_dir, [(record.line, paper_from_source(record)) for record in records], where,
                            today)


def write_new_papers(content_dir: Path, papers: list[tuple[int | None, Paper]], where: str,
                     today: dt.date | None = None) -> list[AddResult]:
    """Validate, refuse duplicates (of the store and of each other) and write every paper, or none."""
    problems = [Problem(where, line, name, message) for line, paper in papers
                for name, message in validate_paper(paper, today) + contributor_problems(paper)]
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


def lookup_fetcher() -> Fetcher | None:
    """The Fetcher `papers add --arxiv/--doi` asks through; None: the default (cache in .paper-archive-cache/,
    contact from $PAPER_ARCHIVE_CONTACT). Tests replace it with recorded answers."""
    return None


def add_by_identifier(content_dir: Path, arxiv: str | None, doi: str | None, topics: list[str],
                      contact: str | None = None, today: dt.date | None = None) -> AddResult:
    """A new paper filled from arXiv (by id) or Semantic Scholar (by DOI), the record kept under its sources.

    Through the enrichment clients of `papers enrich` (generator/sources/): same cache, rate limits and
    contact rule. Without the network (or a contact address), it says so and what to pass instead.
    """
    from .enrich import fill
    from .sources import ServiceError, record_for_arxiv, record_for_doi
    from .sources.http import DEFAULT_CACHE, contact_from_environment

    flag, identifier = ("--arxiv", normalise_arxiv_id(arxiv) or arxiv.strip()) if arxiv else (
        "--doi", normalise_doi(doi or "") or (doi or "").strip())
    where = f"{WHERE} {flag} {identifier}"
    service = "arXiv" if arxiv else "Semantic Scholar"
    fetcher = lookup_fetcher() or Fetcher(DEFAULT_CACHE, contact or contact_from_environment())
    try:
        record = record_for_arxiv(identifier, fetcher) if arxiv else record_for_doi(identifier, fetcher)
    except ServiceError as error:
        raise PaperArchiveError(f"{where}: {service} could not be asked: {error}.\n{instead(arxiv, doi)}") from error
    if record is None or not record.title.strip():
        raise PaperArchiveError(f"{where}: {service} knows no paper with this {'id' if arxiv else 'DOI'}: check "
                                f"it, or add the paper another way.\n{instead(arxiv, doi)}")
    paper = Paper(title=" ".join(record.title.split()), topics=list(dict.fromkeys(topics)))
    fill(paper, record)
    (result,) = write_new_papers(content_dir, [(None, paper)], where, today)
    return result


def instead(arxiv: str | None, doi: str | None) -> str:
    """What to pass to `papers add` when a lookup by arXiv id or DOI cannot be made."""
    if arxiv:
        identifier = normalise_arxiv_id(arxiv) or arxiv.strip()
        return (f"Without the network, either:\n"
                f"  - open https://arxiv.org/abs/{identifier}, choose 'Export BibTeX Citation', and paste it into "
                f"`papers add --bibtex -` (or save it and pass the file), or\n"
                f"  - save http://export.arxiv.org/api/query?id_list={identifier} to a file and run "
                f"`papers add --atom FILE`, or\n"
                f"  - type the fields: papers add --title '...' --author '...' --arxiv {identifier}")
    identifier = normalise_doi(doi or "") or (doi or "").strip()
    return (f"Without the network, either:\n"
            f"  - get its BibTeX (e.g. curl -LH 'Accept: application/x-bibtex' https://doi.org/{identifier}) and "
            f"pipe it into `papers add --bibtex -`, or\n"
            f"  - export it from your reference manager as BibTeX, RIS or CSL-JSON and pass the file to "
            f"--bibtex, --ris or --csl, or\n"
            f"  - type the fields: papers add --title '...' --author '...' --doi {identifier}")
