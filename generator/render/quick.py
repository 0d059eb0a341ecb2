"""`mkdocs serve --dirty`: an edited paper's own page first, the rest of the site in the rebuild after it.

Regenerating the docs tree after one edit of a 50,000-paper store takes ~7 s (unit keys, the paper's group
pages, the search index, the whole-store files: bench/RESULTS.md), while the page the contributor is looking
at needs none of it when the edit leaves the paper's links as they were: same file, authors, topics and year,
so every link on the page still resolves. Then `quick_pages` writes that page alone, from the site model of
this process's last full run with the edited paper swapped in, and the serve hook asks for one more rebuild,
which regenerates everything else as usual (hooks/generate.py). Until then the parts of the page that come
from other papers (related papers, a citation key's a/b/c suffix) are the last run's.

The docs tree's record keeps the last run's input fingerprint, so the next run regenerates; the unit records
of the pages written here are dropped, so that run renders them again even if the edit was undone meanwhile.
Hugo's "fast render" mode of `hugo server` is the same idea.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..layout import papers_dir
from ..store import read_paper
from .cache import Inputs, StatKey, gather_inputs, record_docs
from .journal import note_run
from .output import TreeWriter
from .pages import paper_unit
from .previous import Previous
from .site import Site, SitePaper, paper_keys
from .units import drop_units

QUICK_LIMIT = 20  # edited papers a quick rebuild renders; more (a checkout, a bulk edit) go the full way


@dataclass
class Session:
    """This process's last full run on one docs folder: what it was made from, and its site model."""

    settings: str
    scanned: dict[str, StatKey]
    fingerprint: str  # the input fingerprint that run recorded for the docs tree
    site: Site


_SESSIONS: dict[str, Session] = {}  # resolved docs folder -> its last full run in this process


def remember_run(docs_dir: Path, inputs: Inputs, site: Site) -> None:
    """Keep a full run's site model for the quick pages of the next edits (`mkdocs serve` only: it is ~the
    parsed store, which serve keeps in memory anyway, plus the groups)."""
    _SESSIONS[str(docs_dir.resolve())] = Session(inputs.settings, dict(inputs.scanned), inputs.fingerprint,
                                                 replace(site, previous=Previous()))


def remembered(docs_dir: Path, fingerprint: str) -> bool:
    """Whether this process keeps the site model of docs_dir made from these inputs."""
    session = _SESSIONS.get(str(docs_dir.resolve()))
    return session is not None and session.fingerprint == fingerprint


def keeps_links(site: Site, slug: str, edited: SitePaper) -> bool:
    """Whether the edited paper links to the same author, topic and year pages as before (they exist)."""
    before, after = site.keys[slug], paper_keys(slug, edited.paper)
    return before[1:3] == after[1:3] and site.paper(slug).paper.year == edited.paper.year


def edited_papers(content_dir: Path, session: Session, inputs: Inputs) -> list[SitePaper] | None:
    """The papers edited since the session's run, parsed; None when a quick page cannot show them (a paper
    added or removed, an error in a file, other author/topic/year pages, too many edits)."""
    scanned = dict(inputs.scanned)
    if scanned.keys() != session.scanned.keys():
        return None
    changed = [name for name, key in scanned.items() if key != session.scanned[name]]
    if not 0 < len(changed) <= QUICK_LIMIT:
        return None
    edited = []
    for name in changed:
        slug, path = name[:-3], papers_dir(content_dir) / name
        paper, problems = read_paper(path)
        if paper is None or problems:  # the full run reports them
            return None
        item = SitePaper(slug, paper, path)
        if not keeps_links(session.site, slug, item):
            return None
        edited.append(item)
    return edited


def with_edits(site: Site, edited: list[SitePaper]) -> Site:
    """The site model with the edited papers swapped in, in their old places."""
    swapped = {item.slug: item for item in edited}
    keys = {**site.keys, **{item.slug: paper_keys(item.slug, item.paper) for item in edited}}
    return replace(site, papers=[swapped.get(item.slug, item) for item in site.papers], keys=keys)


def quick_pages(content_dir: Path, docs_dir: Path, cache_dir: Path, *options: object) -> list[str] | None:
    """Write the edited papers' own pages; the docs paths written (maybe none: the same bytes), or None when
    the full run is needed. `options` are generate_docs' (its settings must be the session's)."""
    session = _SESSIONS.get(str(docs_dir.resolve()))
    if session is None:
        return None
    inputs = gather_inputs(content_dir, docs_dir, cache_dir, *options)
    if inputs.settings != session.settings or inputs.state.fingerprint != session.fingerprint:
        return None  # another process has built this docs folder since, or the code changed
    edited = edited_papers(content_dir, session, inputs)
    if edited is None:
        return None
    site = with_edits(session.site, edited)
    writer = TreeWriter(docs_dir)
    for item in edited:
        writer.add(paper_unit(site, item))
    written = writer.commit(previous=set()).written  # nothing deleted
    drop_units(cache_dir, docs_dir, inputs.settings, [f"paper/{item.slug}" for item in edited])
    # The old fingerprint: the docs tree is as recorded plus these pages, and its inputs have not been rendered.
    record_docs(cache_dir, docs_dir, session.fingerprint, inputs.state, written)
    note_run(cache_dir, docs_dir, written, [])  # what MkDocs' narrowed build renders (hooks/narrow_build.py)
    return written
