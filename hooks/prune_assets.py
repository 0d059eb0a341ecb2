"""MkDocs hook: leave out of site/ the theme files no page loads (Material's search engine, source maps).

Material copies its whole asset folder into every site: with its search plugin off (`plugins: []`, our
own index replaces it) the lunr search worker and its language files are never requested, and source maps
are fetched only by a developer's open DevTools. Together 2.2 MB of a ~4.6 MB asset folder, uploaded with
every deploy. tests/test_site_assets.py checks that every file left in site/assets/ is referenced by a page
or by another asset, and that pages load without a failed request.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# Only used by Material's search plugin; kept when that plugin is on. Plain string tests, not globs:
# on_files sees every file of the site (~5 per paper), so this must cost next to nothing per file.
SEARCH_ONLY = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
SOURCE_MAP = ".map"
# The last-line pointer from a minified bundle to its (now absent) map: DevTools would report a 404 for it.
SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=([^\s*]+)|/\*# sourceMappingURL=([^\s*]+) ?\*/)\s*\Z")
TAIL = 512  # the comment is on the last line: read no more of a 2 MB script to find it


def is_unused(src_uri: str, search_plugin: bool) -> bool:
    """Whether a theme file is one no page of this site loads."""
    return src_uri.endswith(SOURCE_MAP) or (not search_plugin and src_uri.startswith(SEARCH_ONLY))


def on_files(files, config):
    """Drop the theme's unused files before MkDocs copies them (files of the docs tree are never dropped)."""
    search_plugin = "search" in config.plugins
    docs = os.path.join(os.path.abspath(config.docs_dir), "")
    for file in [file for file in files if is_unused(file.src_uri, search_plugin)]:
        if file.abs_src_path and not os.path.abspath(file.abs_src_path).startswith(docs):
            files.remove(file)
    return files


def on_post_build(config) -> None:
    """Remove the sourceMappingURL comment from copied scripts and stylesheets whose map was left out."""
    assets = Path(config.site_dir) / "assets"
    for path in [*assets.rglob("*.js"), *assets.rglob("*.css")]:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - TAIL))
            tail = handle.read()
        match = SOURCE_MAP_COMMENT.search(tail)
        if match and not (path.parent / (match.group(1) or match.group(2)).decode("utf-8", "replace")).exists():
            data = path.read_bytes()
            path.write_bytes(data[:len(data) - len(tail) + match.start()] + b"\n")
