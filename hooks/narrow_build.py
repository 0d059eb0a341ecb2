"""MkDocs hook: build only the docs files that changed since this site folder's last build (generator/narrow.py).

A dirty build (`papers build` after an edit, `mkdocs build --dirty`, every rebuild of `mkdocs serve --dirty`)
of a site folder whose last build is recorded, with the same config, theme, hooks and settings, gets only
the changed pages and files in `on_files`; MkDocs then builds them and nothing else. Any other build is
MkDocs' own. `PAPER_ARCHIVE_NARROW=0` turns it off (tests compare both).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs serve` from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from generator.narrow import Narrowing  # noqa: E402

_NARROWING = Narrowing()


def on_startup(command: str, dirty: bool) -> None:
    """Only a dirty build keeps site/ between builds; serve's pages differ from build's (no CSP)."""
    _NARROWING.command, _NARROWING.dirty = command, dirty


@event_priority(-100)  # last: after hooks/generate.py has written the docs tree
def on_pre_build(config) -> None:
    """Decide whether this build is narrowed; if so MkDocs walks a folder of the changed files only."""
    _NARROWING.prepare(config)


@event_priority(100)  # first: the other hooks see the narrowed files
def on_files(files, config):
    """The changed docs files and the nav's pages, when the rest of site/ is known current."""
    return _NARROWING.files(files, config)


def on_nav(nav, config, files):
    """Kept for the sitemap this hook may write."""
    _NARROWING.nav = nav
    return nav


def on_env(env, config, files):
    """Kept for the sitemap this hook may write."""
    _NARROWING.env = env
    return env


@event_priority(100)  # before hooks/generate.py's, which empties the sitemap of a site without a URL
def on_post_build(config) -> None:
    """Write the sitemap when pages were added or removed, and record what site/ now holds."""
    _NARROWING.finish(config)


def on_build_error(error) -> None:
    """Forget this build's narrowing (mkdocs serve builds again in this process, with a new config)."""
    _NARROWING.failed()
