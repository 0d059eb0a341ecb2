"""Narrow a dirty MkDocs build to the docs files that changed since the site folder was last built.

`mkdocs build --dirty` still walks every docs file, makes a File and a Page of each and stats every
source and its output (22.8 s at 50,000 papers for one changed page). When the site folder is known to
hold a complete build of the docs tree as the generator's journal stood at run N (render/journal.py),
with the same config, theme, hooks and settings, the files the runs after N wrote are the only ones whose
output can differ: hooks/narrow_build.py hands MkDocs those alone (`on_files`, a documented plugin event),
deletes the output of removed ones, and writes sitemap.xml itself when the set of pages changed (MkDocs'
own would list only the narrowed pages). Anything else (no record, another fingerprint, a site folder
cleaned or rebuilt behind our back, a journal that no longer reaches back) means MkDocs' own build.

MkDocs makes a File of every docs file before `on_files` (get_files: ~300,000 files at 50,000 papers,
the largest part of a one-edit build), so a narrowed build points `docs_dir` at a small folder holding
links to the changed files alone from `on_pre_build` to `on_files`, then back (issue 18).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from .build import NARROWED, build_fingerprint, site_identity  # NARROWED: the line `papers build` looks for
from .layout import configured_content_dir, default_cache_dir, folder_cache_file
from .render.journal import read_journal

SITEMAP = "sitemap.xml"
RECORD_VERSION = 1
LOG = logging.getLogger("mkdocs.hooks.narrow_build")


def content_dir(config: Any) -> Path:
    """The store this MkDocs config builds from (as hooks/generate.py reads it)."""
    return configured_content_dir(config.config_file_path)


def record_path(cache_dir: Path, site_dir: Path) -> Path:
    """Where what one site folder was last built from is kept (in the build cache, never in the site)."""
    return folder_cache_file(cache_dir, "site-narrow-", site_dir, ".json")


def fingerprint(config: Any, command: str) -> str:
    """What the narrowed build cannot see change: config, templates, hooks, versions, settings, the public
    URL (serve sets its own) and the command (serve leaves out the Content Security Policy)."""
    base = build_fingerprint(Path(config.config_file_path), dict(os.environ))
    extra = json.dumps([RECORD_VERSION, command, config.site_url, str(Path(config.docs_dir).resolve()),
                        os.environ.get("SOURCE_DATE_EPOCH")])  # the sitemap's dates
    return hashlib.sha256((base + extra).encode()).hexdigest()


def nav_sources(nav: Any) -> set[str]:
    """The docs paths named in mkdocs.yml's nav (MkDocs warns when one is missing from Files)."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") and "://" not in nav else set()
    if isinstance(nav, dict):
        return set().union(*(nav_sources(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(nav_sources(value) for value in nav))
    return set()


def page_dest(src_uri: str, directory_urls: bool) -> tuple[str, str]:
    """A Markdown page's output path and URL, as MkDocs' File computes them."""
    stem, folder = src_uri[:-3], os.path.dirname(src_uri)
    name = os.path.basename(stem)
    if name in ("index", "README"):
        dest = f"{folder}/index.html" if folder else "index.html"
        return dest, quote(f"{folder}/" if folder else "./") if directory_urls else quote(dest)
    if not directory_urls:
        return f"{stem}.html", quote(f"{stem}.html")
    return f"{stem}/index.html", quote(f"{stem}/")


def walk_order(src_uri: str) -> tuple:
    """MkDocs' get_files order: a folder's files (index first) before its sub-folders, both sorted."""
    *folders, name = src_uri.split("/")
    return (*((1, folder) for folder in folders), (0, (os.path.splitext(name)[0] not in ("index", "README"), name)))


def markdown_pages(docs_dir: Path) -> list[str]:
    """Every Markdown page of the docs tree (dot files and folders left out, as MkDocs excludes them)."""
    found = []
    for root, folders, names in os.walk(docs_dir):
        folders[:] = [folder for folder in folders if not folder.startswith(".")]
        relative = os.path.relpath(root, docs_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found += [prefix + name for name in names if name.endswith(".md") and not name.startswith(".")]
    return sorted(found, key=walk_order)


@dataclass
class SitemapPage:
    """What MkDocs' sitemap.xml template reads of a page."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


@dataclass
class SitemapFile:
    """A stand-in for a File in the template's `pages`."""

    page: SitemapPage


def sitemap_pages(docs_dir: Path, site_url: str | None, directory_urls: bool) -> list[SitemapFile]:
    """Every page as the sitemap template sees it (Page._set_canonical_url's rule)."""
    from mkdocs.utils import get_build_date

    date = get_build_date()
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    parts = urlsplit(base)
    pages = []
    for src_uri in markdown_pages(docs_dir):
        url = page_dest(src_uri, directory_urls)[1]
        if not base:
            canonical = path = None
        elif parts.query or parts.fragment:
            canonical = urljoin(base, url)
            path = urlsplit(canonical).path
        else:  # url is quoted, relative and without dot segments but './': urljoin appends it (80,000 pages: 2 s)
            tail = "" if url == "./" else url
            canonical, path = base + tail, parts.path + tail
        pages.append(SitemapFile(SitemapPage(canonical, path, date)))
    return pages


def shadow_path(cache_dir: Path, site_dir: Path) -> Path:
    """The folder of links to the changed docs files that a narrowed build of one site folder walks."""
    return record_path(cache_dir, site_dir).with_suffix(".docs")


def link_files(docs_dir: Path, shadow: Path, paths: set[str]) -> None:
    """shadow/<path> for each docs path that exists: a hard link (same bytes and mtime, which a dirty
    build compares with the HTML's), else a copy keeping the mtime."""
    shutil.rmtree(shadow, ignore_errors=True)
    for path in sorted(paths):
        source, target = docs_dir / path, shadow / path
        if not source.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:  # another file system, or one without hard links
            shutil.copy2(source, target)


@dataclass
class Narrowing:
    """One process's narrowing: decided in on_pre_build, applied in on_files, recorded after a successful build."""

    command: str = "build"
    dirty: bool = False
    run: int | None = None  # the journal's newest run when this build started
    narrowed: bool = False
    sitemap: bool = False  # this build writes sitemap.xml itself (pages were added or removed)
    nav: Any = None
    env: Any = None
    docs_dir: str | None = None  # the real docs folder while config.docs_dir names the shadow folder
    config: Any = None
    counts: tuple[int, int] = (0, 0)  # written and deleted docs files, for the log line
    removed_templates: set[str] = field(default_factory=set)

    def plan(self, config: Any) -> tuple[set[str], set[str]] | None:
        """The docs paths written and deleted since the site folder's last build, or None (build as MkDocs)."""
        docs_dir, site_dir = Path(config.docs_dir), Path(config.site_dir)
        cache = default_cache_dir(content_dir(config))
        journal = read_journal(cache, docs_dir)
        self.run = journal.last
        if not self.dirty or os.environ.get("PAPER_ARCHIVE_NARROW", "1") == "0":
            return None
        try:
            record = json.loads(record_path(cache, site_dir).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("site") != site_identity(site_dir) \
                or record.get("fingerprint") != fingerprint(config, self.command) or not isinstance(record.get("run"), int):
            return None
        return journal.changes_since(record["run"])

    def prepare(self, config: Any) -> None:
        """on_pre_build (after the docs tree is generated): when the rest of site/ is current, delete the
        removed files' output and point docs_dir at links to the changed files and the nav's pages."""
        self.restore()
        self.narrowed = self.sitemap = False
        plan = self.plan(config)
        if plan is None:
            return
        written, deleted = plan
        site_dir, directory_urls = Path(config.site_dir), config.use_directory_urls
        added = any(path.endswith(".md") and not (site_dir / page_dest(path, directory_urls)[0]).exists()
                    for path in written)
        for path in deleted:
            remove_output(site_dir, page_dest(path, directory_urls)[0] if path.endswith(".md") else path)
        shadow = shadow_path(default_cache_dir(content_dir(config)), site_dir)
        link_files(Path(config.docs_dir), shadow, written | nav_sources(config.nav))
        self.docs_dir, self.config, config.docs_dir = config.docs_dir, config, str(shadow)
        # An edit leaves the sitemap as it is; an added or removed page is written in on_post_build.
        self.sitemap = bool(config.site_url) and (added or any(path.endswith(".md") for path in deleted))
        self.counts, self.narrowed = (len(written), len(deleted)), True

    def restore(self) -> None:
        """Give the config its real docs folder back (the Files made from the shadow keep their paths)."""
        if self.config is not None and self.docs_dir is not None:
            self.config.docs_dir = self.docs_dir
        self.config = self.docs_dir = None

    def files(self, files: Any, config: Any) -> Any:
        """on_files: only the changed docs files and the nav's pages (the theme's files are in site/ already)."""
        if not self.narrowed:
            return files
        from mkdocs.structure.files import Files

        shadow = os.path.join(os.path.abspath(config.docs_dir), "")
        self.restore()
        narrowed = Files([file for file in files
                          if file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(shadow)])
        if SITEMAP in config.theme.static_templates:
            config.theme.static_templates.discard(SITEMAP)
            self.removed_templates.add(SITEMAP)
        LOG.info(f"{NARROWED} {self.counts[0]} changed and {self.counts[1]} removed docs files, {len(narrowed)} built")
        return narrowed

    def finish(self, config: Any) -> None:
        """on_post_build: write the sitemap when due, and record what the site folder now holds."""
        self.restore()
        config.theme.static_templates.update(self.removed_templates)
        self.removed_templates.clear()
        if self.narrowed and self.sitemap:
            write_sitemap(config, self.nav, self.env)
        if self.run is None:
            return
        path = record_path(default_cache_dir(content_dir(config)), Path(config.site_dir))
        path.parent.mkdir(parents=True, exist_ok=True)
        staging = path.with_name(path.name + ".tmp")
        staging.write_text(json.dumps({"fingerprint": fingerprint(config, self.command), "run": self.run,
                                       "site": site_identity(Path(config.site_dir))}), "utf-8")
        os.replace(staging, path)

    def failed(self) -> None:
        """on_build_error: forget this build (its record is left: the next build re-renders every change since)."""
        self.restore()
        self.removed_templates.clear()
        self.narrowed = self.sitemap = False


def remove_output(site_dir: Path, relative: str) -> None:
    """Delete a removed file's output and the folders that leaves empty."""
    target = site_dir / relative
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != site_dir and site_dir in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def write_sitemap(config: Any, nav: Any, env: Any) -> None:
    """sitemap.xml (and .gz) of every page, rendered by the theme's template as MkDocs renders it."""
    from mkdocs.commands.build import get_context
    from mkdocs.utils import get_build_timestamp, write_file

    pages = sitemap_pages(Path(config.docs_dir), config.site_url, config.use_directory_urls)
    context = config.plugins.on_template_context(get_context(nav, pages, config), template_name=SITEMAP, config=config)
    output = config.plugins.on_post_template(env.get_template(SITEMAP).render(context), template_name=SITEMAP,
                                             config=config)
    if not output.strip():
        return
    target = os.path.join(config.site_dir, SITEMAP)
    write_file(output.encode("utf-8"), target)
    with open(f"{target}.gz", "wb") as stream, gzip.GzipFile(fileobj=stream, filename=f"{target}.gz", mode="wb",
                                                            mtime=get_build_timestamp(pages=[p.page for p in pages])) as gz:
        gz.write(output.encode("utf-8"))
