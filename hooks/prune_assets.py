"""MkDocs hook: of Material's files, name the two stylesheets pages link and leave out of site/ what no page loads.

The archive's templates are its own (overrides/main.html extends no Material template), so Material supplies
only its stylesheets, main and palette, whose file names carry a content hash that changes with every
release: `material_stylesheets` (a Jinja global) gives main.html their names, found among the theme's files,
the one place that knows them. Nothing else of the theme is loaded: its JavaScript bundle (the chrome's
script is overrides/assets/javascripts/pa-chrome.js), its lunr search worker and language files (our own
index replaces its search) and every source map (fetched only by an open DevTools) are left out of site/,
~2.6 MB uploaded with every deploy. tests/test_site_assets.py checks that every file left in site/assets/
is referenced by a page or by another asset, and that pages load without a failed request.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# Plain string tests, not globs: on_files sees every file of the site (~5 per paper), so this must cost next to
# nothing per file. Only theme files are ever dropped (a docs file of the same name is kept).
MATERIAL_SCRIPTS = ("assets/javascripts/bundle.", "assets/javascripts/lunr/", "assets/javascripts/workers/")
SOURCE_MAP = ".map"
# Material's stylesheets, as its base.html links them: assets/stylesheets/main.<hash>.min.css and palette.<...>.
MATERIAL_STYLESHEET = re.compile(r"assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css")
# The last-line pointer from a minified bundle to its (now absent) map: DevTools would report a 404 for it.
SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=([^\s*]+)|/\*# sourceMappingURL=([^\s*]+) ?\*/)\s*\Z")
TAIL = 512  # the comment is on the last line: read no more of a 2 MB script to find it

STYLESHEETS: list[str] = []  # this build's [main, palette], set by on_files


def is_unused(src_uri: str) -> bool:
    """Whether a theme file is one no page of this site loads."""
    return src_uri.endswith(SOURCE_MAP) or src_uri.startswith(MATERIAL_SCRIPTS)


def material_stylesheets(src_uris: list[str]) -> list[str]:
    """Material's main and palette stylesheets among the site's files, in that order (main first: palette
    overrides it)."""
    found = {match.group(1): uri for uri in src_uris if (match := MATERIAL_STYLESHEET.fullmatch(uri))}
    if set(found) != {"main", "palette"}:
        raise PluginError(f"prune_assets: Material's main and palette stylesheets not found (found {found})")
    return [found["main"], found["palette"]]


@event_priority(200)  # before hooks/narrow_build.py's (100), which leaves only changed docs files to build
def on_files(files, config):
    """Drop the theme's unused files before MkDocs copies them (files of the docs tree are never dropped), and
    find the stylesheets' names among all of the theme's files."""
    docs = os.path.join(os.path.abspath(config.docs_dir), "")

    def from_theme(file) -> bool:
        return bool(file.abs_src_path) and not os.path.abspath(file.abs_src_path).startswith(docs)

    for file in [file for file in files if is_unused(file.src_uri) and from_theme(file)]:
        files.remove(file)
    STYLESHEETS[:] = material_stylesheets([file.src_uri for file in files
                                           if file.src_uri.startswith("assets/stylesheets/") and from_theme(file)])
    return files


def on_env(env, config, files):
    """main.html links `material_stylesheets`."""
    env.globals["material_stylesheets"] = list(STYLESHEETS)
    return env


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
