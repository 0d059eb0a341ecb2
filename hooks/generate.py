"""MkDocs hook: regenerate the docs tree from content/ before every build, and watch content/ when serving."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs serve` from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from generator.errors import PaperArchiveError  # noqa: E402
from generator.render import generate_docs  # noqa: E402

SKIP = "PAPER_ARCHIVE_SKIP_GENERATE"  # set by `papers build`, which has just generated


def content_dir(config) -> Path:
    """The store: $PAPER_ARCHIVE_CONTENT_DIR, else content/ beside mkdocs.yml."""
    configured = os.environ.get("PAPER_ARCHIVE_CONTENT_DIR")
    return Path(configured) if configured else Path(config.config_file_path).resolve().parent / "content"


def on_pre_build(config) -> None:
    """Render the store into docs_dir; unchanged pages are not touched, so live reload stays cheap."""
    if os.environ.get(SKIP) == "1":
        return
    try:
        generate_docs(content_dir(config), Path(config.docs_dir), config.site_url or "/")
    except PaperArchiveError as error:
        raise PluginError(f"paper store: {error.format_message()}") from error


def on_serve(server, config, builder):
    """Rebuild when a paper file is edited or added."""
    server.watch(str(content_dir(config)))
    return server
