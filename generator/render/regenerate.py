"""Regenerate the docs tree: parse what changed, render the units whose inputs changed, write, record.

Reached from generate_docs (__init__.py) only when its no-change check failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..collector import collector_paused, frozen_until_done
from . import GITIGNORE, MARKER, MARKER_TEXT
from .accounting import Accounting
from .assets import mathjax_assets
from .cache import Inputs, record_docs
from .exports import papers_json
from .features import attach_related, group_feature_files
from .feeds import atom_feed
from .group_feeds import feeds_folder_files
from .indexes import directory_pages, group_page
from .journal import note_run
from .output import SyncReport, TreeWriter
from .pages import paper_unit
from .previous import forget_previous, load_previous
from .quick import remember_run, remembered
from .parse_cache import load_store_cached
from .search_pages import search_outputs
from .site import Site, SiteGroup, gather_site, site_groups
from .unit_keys import UnitKeys
from .units import Units, forget_units, load_units, save_units

__all__ = ["regenerate_docs", "remember_current", "render_site"]


def group_unit(site: Site, group: SiteGroup) -> dict[str, bytes]:
    """An author's, topic's or year's page and the files beside it."""
    pages = {path: text.encode("utf-8") for path, text in group_page(site, group).items()}
    return {**pages, **group_feature_files(site, group)}


def whole_store_outputs(site: Site) -> dict[str, bytes]:
    """Files built from the whole store, recomputed on every run: home, directories, feeds."""
    outputs = {path: text.encode("utf-8") for path, text in directory_pages(site).items()}
    outputs.update({"feed.xml": atom_feed(site), MARKER: MARKER_TEXT, ".gitignore": GITIGNORE})
    outputs.update(mathjax_assets())
    outputs.update(feeds_folder_files(site))
    return outputs


# Made after the pages, each written and dropped before the next (papers.json is ~100 MB at 50,000 papers).
WHOLE_STORE_UNITS: dict[str, Callable[[Site], dict[str, bytes]]] = {
    "whole-store": whole_store_outputs,
    "papers-json": lambda site: {"papers.json": papers_json(site)},
}


def render_site(site: Site, units: Units | None = None) -> Iterator[dict[str, bytes]]:
    """The generated files of the docs tree, one unit's files (relative path -> bytes) at a time.

    With `units` (last run's unit records), pages whose inputs are unchanged are not computed: their
    paths land in units.kept instead. Without, every file is rendered.
    """
    units = units if units is not None else Units()
    # The search index (and its page) first: building it is a full build's largest allocation (~300 MB at
    # 50,000 papers), made before the pages' shared texts (Site.memo) take memory, which they then reuse.
    yield units.always("search", search_outputs(site))
    keys = UnitKeys(site)
    for item in site.papers:
        yield units.render(f"paper/{item.slug}", keys.paper(item), lambda item=item: paper_unit(site, item))
    for group in site_groups(site):
        unit = f"{group.kind}/{group.key}"
        yield units.render(unit, keys.group(group), lambda group=group: group_unit(site, group))
    site.forget_memos()  # the pages' shared texts are not read again: the whole-store files reuse their memory
    for unit, outputs in WHOLE_STORE_UNITS.items():
        yield units.always(unit, outputs(site))


def write_site(site: Site, units: Units, docs_dir: Path) -> SyncReport:
    """Render into docs_dir as files are produced; nothing changes there unless the accounting passes."""
    writer, accounting = TreeWriter(docs_dir), Accounting(site)
    try:
        for files in render_site(site, units):
            for path, data in files.items():
                accounting.note(path, data)
            writer.add(files, units.same, site.previous.reused)  # files known to be on disk as they are
            del files  # written: not held while the next unit is made (WHOLE_STORE_UNITS)
        accounting.check(units.kept)  # a page per paper, no dangling links
    except BaseException:
        writer.abort()
        raise
    reuse = bool(units.previous)  # last run's records hold: only they say which files went stale
    return writer.commit(units.kept, units.previous_paths() if reuse else None)


def regenerate_docs(content_dir: Path, docs_dir: Path, site_url: str, related: str | None,
                    inputs: Inputs, remember: bool = False) -> SyncReport:
    """Parse the store (changed files only), render the units whose keys changed, sync docs_dir, record it.

    remember: keep the site model in this process for quick pages (`mkdocs serve --dirty`: quick.py)."""
    trusted = (docs_dir / MARKER).is_file() and inputs.state.intact(docs_dir)
    site = load_site(content_dir, site_url, inputs)
    with frozen_until_done():
        report = render_and_record(site, content_dir, docs_dir, related, inputs, trusted)
    if remember:
        remember_run(docs_dir, inputs, site)
    return report


def load_site(content_dir: Path, site_url: str, inputs: Inputs) -> Site:
    """The store, parsed where it changed, as a site model."""
    with collector_paused(freeze_on_exit=True):  # loading makes millions of objects and no garbage
        store = load_store_cached(content_dir, inputs.cache_dir, inputs.scanned)
        return gather_site(store.papers, site_url, store.digests, inputs.cache_dir, store.keys)


def remember_current(content_dir: Path, docs_dir: Path, site_url: str, related: str | None, inputs: Inputs) -> None:
    """Keep the site model of a docs tree that needs no rendering (`mkdocs serve --dirty` starting on a
    current tree), so the first edit gets a quick page too; once per tree and inputs."""
    if remembered(docs_dir, inputs.fingerprint):
        return
    site = load_site(content_dir, site_url, inputs)
    with frozen_until_done():
        attach_related(site, content_dir, related, inputs.cache_dir)
    remember_run(docs_dir, inputs, site)


def render_and_record(site: Site, content_dir: Path, docs_dir: Path, related: str | None, inputs: Inputs,
                      trusted: bool) -> SyncReport:
    """Render what changed into docs_dir and record this run for the next (the caches beside the store)."""
    cache = inputs.cache_dir
    attach_related(site, content_dir, related, cache)
    units = load_units(cache, docs_dir, inputs.settings) if trusted else Units()
    site.previous = load_previous(cache, docs_dir, inputs.settings, trusted and bool(units.previous))
    forget_units(cache, docs_dir)  # until the sync is recorded, the docs tree may hold neither run's files
    forget_previous(cache, docs_dir)
    report = write_site(site, units, docs_dir)
    note_run(cache, docs_dir, report.written, report.deleted)  # what a site built before this run lacks
    record_docs(cache, docs_dir, inputs.fingerprint, inputs.state if units.previous else None, report.written,
                report.deleted)
    save_units(cache, docs_dir, inputs.settings, units)
    site.previous.save(cache, docs_dir, inputs.settings, report.deleted)
    return report
