"""MkDocs hook: regenerate the docs tree from content/ before every build, and watch content/ when serving."""

from __future__ import annotations

import gzip
import logging
import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs serve` from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from generator.build import build_stamp_path  # noqa: E402
from generator.collector import no_collections_at_exit  # noqa: E402
from generator.errors import PaperArchiveError  # noqa: E402
from generator.layout import configured_content_dir, default_cache_dir  # noqa: E402
from generator.render import generate_docs  # noqa: E402
from generator.site_url import EMPTY_SITEMAP, normalise_site_url  # noqa: E402
from generator.store_watch import can_request_rebuild, folder_to_poll, request_rebuild  # noqa: E402

SKIP = "PAPER_ARCHIVE_SKIP_GENERATE"  # set by `papers build`, which has just generated
DIRTY_WARNING = "A 'dirty' build is being performed"


class DirtyWarningFilter(logging.Filter):
    """Drop MkDocs' fixed warning about --dirty, so `mkdocs serve --dirty` works under `strict: true`.

    Here a dirty build renders every page whose content changed, because the generator rewrites exactly
    those, and the nav is a fixed handful of pages. (A deleted paper's old HTML stays in a serve preview
    until restart; `papers build` runs a clean build then.) Any other warning still fails a strict build.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


_BUILD_LOG = logging.getLogger("mkdocs.commands.build")
if not any(isinstance(existing, DirtyWarningFilter) for existing in _BUILD_LOG.filters):
    _BUILD_LOG.addFilter(DirtyWarningFilter())


def content_dir(config) -> Path:
    """The store this MkDocs config builds from."""
    return configured_content_dir(config.config_file_path)


_WARNED: set[str] = set()  # `mkdocs serve` rebuilds in one process: say it once


class Serving:
    """`mkdocs serve --dirty` shows an edited paper's page after a quick rebuild, then the rest after another
    (generator/render/quick.py)."""

    quick = False  # serving with --dirty: rebuilds may start with the edited pages alone
    rest_pending = False  # the last build wrote quick pages only: the next one regenerates the rest


def on_startup(command: str, dirty: bool) -> None:
    """A plain `mkdocs serve` builds every page on each change anyway: quick pages only help a dirty one."""
    Serving.quick, Serving.rest_pending = command == "serve" and dirty, False


def warn_once(message: str) -> None:
    """Print a warning line once per process. Printed, not logged: `strict: true` fails a build on any logged
    warning, and a site without a public URL is a valid (local) build, not an error."""
    if message not in _WARNED:
        _WARNED.add(message)
        print(message, file=sys.stderr)


def on_pre_build(config) -> None:
    """Render the store into docs_dir; unchanged pages are not touched, so live reload stays cheap.

    `site_url` comes from mkdocs.yml (`mkdocs serve` sets it to the preview address); without one the pages
    carry no absolute URL. `papers build` has generated already and prints its own warning.
    """
    if os.environ.get(SKIP) == "1":
        return
    # A plain `mkdocs build` writes this site folder behind `papers build`'s back (perhaps with another
    # site_url): forget what `papers build` last built there, so its next build is a full one.
    build_stamp_path(default_cache_dir(content_dir(config)), Path(config.site_dir)).unlink(missing_ok=True)
    from generator.build import NO_SITE_URL_WARNING

    if not normalise_site_url(config.site_url):
        warn_once(NO_SITE_URL_WARNING)
    started, log = time.perf_counter(), logging.getLogger("mkdocs.hooks.generate")
    store, docs, site_url = content_dir(config), Path(config.docs_dir), normalise_site_url(config.site_url)
    quick = Serving.quick and not Serving.rest_pending and can_request_rebuild(store)
    Serving.rest_pending = False
    try:
        report = generate_docs(store, docs, site_url, remember=Serving.quick, quick=quick)
    except PaperArchiveError as error:
        raise PluginError(f"paper store: {error.format_message()}") from error
    if report.quick:
        Serving.rest_pending = True
        log.info(f"Wrote the edited papers' pages in {time.perf_counter() - started:.2f} seconds "
                 f"({len(report.written)} changed); the rest of the site follows in the next rebuild")
        return
    # How long an edit spends in the generator, apart from MkDocs' "Documentation built in" (issue 18).
    log.info(f"Generated docs in {time.perf_counter() - started:.2f} seconds ({report.summary()})")


def on_post_build(config) -> None:
    """After quick pages, ask `mkdocs serve` for the rebuild that regenerates the rest.

    Without a site URL MkDocs' sitemap lists site-relative paths, which the sitemap protocol forbids (a <loc>
    is an absolute URL): publish an empty, valid urlset instead."""
    if Serving.rest_pending:
        request_rebuild(content_dir(config))
    if normalise_site_url(config.site_url):
        return
    site = Path(config.site_dir)
    (site / "sitemap.xml").write_bytes(EMPTY_SITEMAP)
    with gzip.GzipFile(site / "sitemap.xml.gz", "wb", mtime=0) as compressed:
        compressed.write(EMPTY_SITEMAP)


def on_shutdown() -> None:
    """`mkdocs build` or `serve` is done: at exit, Python's finalisation would walk every page MkDocs made with
    full collections."""
    no_collections_at_exit()


def on_serve(server, config, builder):
    """Rebuild when a paper file is edited or added, and stop watching the generated docs folder.

    MkDocs polls every file of every watched folder twice a second (watchdog's PollingObserver). The store
    is watched with file notifications instead, which MkDocs sees through one polled file
    (generator/store_watch.py). The docs folder only changes when a build regenerates it from content/, so
    watching it polled ~5 files per paper for nothing and made every edit build twice: once for the paper,
    once for the pages the first build wrote.
    """
    store = content_dir(config)
    server.watch(str(folder_to_poll(store, default_cache_dir(store))))
    try:
        server.unwatch(config.docs_dir)
    except KeyError:  # not watched (a future MkDocs, or a plugin already unwatched it)
        pass
    return server
