"""`mkdocs serve --dirty`: an edited or added paper's own page first, the rest in the rebuild after it.

Regenerating the docs tree after one edit of a 50,000-paper store takes ~8 s (unit keys, the paper's group
pages, the search index, the whole-store files: bench/RESULTS.md), while the page the contributor is looking
at needs none of it when every link on it resolves: an edited paper keeps its authors, topics and year; an
added paper links to pages that exist or that only it makes (a new author's, topic's or year's page, written
here with the added papers alone). Then `quick_pages` writes those pages, from the site model of this
process's last full run with the papers swapped in or added, and the serve hook asks for one more rebuild,
which regenerates everything else as usual (hooks/generate.py). Until then what the pages show of other
papers (related papers, a citation key's a/b/c suffix, the other pages listing an added paper) is the last
run's.

The docs tree's record then holds no input fingerprint, so the next run regenerates, and the unit records of
the pages written here a key no run computes, so that run renders them again even if the edit was undone
meanwhile, or deletes them if their paper was removed. Hugo's "fast render" mode of `hugo server` is the
same idea.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..layout import papers_dir
from ..store import read_paper
from .cache import Inputs, StatKey, record_docs
from .journal import note_run
from .output import TreeWriter
from .pages import paper_unit
from .previous import Previous
from .identity import group_names
from .site import Site, SiteGroup, SitePaper, paper_keys
from .units import spoil_units

QUICK_FINGERPRINT = "quick pages"  # recorded for a docs tree holding quick pages: matches no inputs
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


def changed_papers(content_dir: Path, session: Session, inputs: Inputs) -> list[SitePaper] | None:
    """The papers edited or added since the session's run, parsed; None when quick pages cannot show them (a
    paper removed, an error in a file, an edited paper on other author/topic/year pages, too many)."""
    scanned = dict(inputs.scanned)
    if session.scanned.keys() - scanned.keys():
        return None
    changed = [name for name, key in scanned.items() if key != session.scanned.get(name)]
    if not 0 < len(changed) <= QUICK_LIMIT:
        return None
    papers = []
    for name in changed:
        slug, path = name[:-3], papers_dir(content_dir) / name
        paper, problems = read_paper(path)
        if paper is None or problems:  # the full run reports them
            return None
        item = SitePaper(slug, paper, path)
        if slug in session.site.keys and not keeps_links(session.site, slug, item):
            return None
        papers.append(item)
    return papers


def with_changes(site: Site, changed: list[SitePaper]) -> tuple[Site, list[SiteGroup]]:
    """The site model with the edited papers swapped in, in their old places, and the added ones after the
    rest; and the author, topic and year pages that only the added papers make (those pages do not exist yet:
    the quick pages write them, with the added papers alone)."""
    keys = {**site.keys, **{item.slug: paper_keys(item.slug, item.paper) for item in changed}}
    swapped = {item.slug: item for item in changed}
    added = [item for item in changed if item.slug not in site.keys]
    papers = [swapped.get(item.slug, item) for item in site.papers] + added
    authors, topics, years = dict(site.authors), dict(site.topics), dict(site.years)
    pages = []
    for kind, groups, names, position in (("author", authors, "authors", 1), ("topic", topics, "topics", 2)):
        made = group_names([(item.slug, getattr(item.paper, names)) for item in added], kind,
                           [keys[item.slug][position] for item in added])
        fresh = {slug: group for slug, group in made.items() if slug not in groups}
        groups.update(fresh)
        pages += [SiteGroup(kind, slug, group.name, list(group.papers)) for slug, group in fresh.items()]
    for item in added:
        if item.paper.year and (year := str(item.paper.year)) not in site.years:
            years.setdefault(year, []).append(item.slug)
    pages += [SiteGroup("year", year, year, slugs) for year, slugs in years.items() if year not in site.years]
    return replace(site, papers=papers, keys=keys, authors=authors, topics=topics, years=years), pages


def quick_pages(content_dir: Path, docs_dir: Path, inputs: Inputs) -> list[str] | None:
    """Write the edited and added papers' own pages (and the pages of authors, topics and years that only
    added papers have); the docs paths written (maybe none: the same bytes), or None when the full run is
    needed. `inputs` are generate_docs' (its settings must be the session's)."""
    from .regenerate import group_unit  # regenerate.py imports this module

    session, cache_dir = _SESSIONS.get(str(docs_dir.resolve())), inputs.cache_dir
    if session is None:
        return None
    if inputs.settings != session.settings or inputs.state.fingerprint != session.fingerprint:
        return None  # another process has built this docs folder since, or the code changed
    changed = changed_papers(content_dir, session, inputs)
    if changed is None:
        return None
    site, groups = with_changes(session.site, changed)
    units = {f"paper/{item.slug}": paper_unit(site, item) for item in changed}
    units.update({f"{group.kind}/{group.key}": group_unit(site, group) for group in groups})
    writer = TreeWriter(docs_dir)
    for files in units.values():
        writer.add(files)
    written = writer.commit(previous=set()).written  # nothing deleted
    spoil_units(cache_dir, docs_dir, inputs.settings, {unit: list(files) for unit, files in units.items()})
    # No input fingerprint: the tree is as recorded plus these pages, which no run's inputs describe, so the
    # next run renders (even when the store is back as it was, an added paper removed) and its checks hold.
    record_docs(cache_dir, docs_dir, QUICK_FINGERPRINT, inputs.state, written)
    note_run(cache_dir, docs_dir, written, [])  # what MkDocs' narrowed build renders (hooks/narrow_build.py)
    return written
