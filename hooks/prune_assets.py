"""MkDocs hook: leave out of site/ the theme files no page loads (Material's search engine, source maps).

Material copies its whole asset folder into every site: with its search plugin off (`plugins: []`, our
own index replaces it) the lunr search worker and its language files are never requested, and source maps
are fetched only by a developer's open DevTools. Together 2.2 MB of a ~4.6 MB asset folder, uploaded with
every deploy. tests/test_site_assets.py checks that every file left in site/assets/ is referenced by a page
or by another asset, and that pages load without a failed request.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

# Only used by Material's search plugin; kept when that plugin is on.
SEARCH_ONLY = ("assets/javascripts/lunr/*", "assets/javascripts/workers/search.*")
SOURCE_MAPS = ("*.map",)
# The last-line pointer from a minified bundle to its (now absent) map: DevTools would report a 404 for it.
SOURCE_MAP_COMMENT = re.compile(rb"\n?(?://# sourceMappingURL=[^\s*]+|/\*# sourceMappingURL=[^\s*]+ ?\*/)\s*\Z")


def unused_patterns(config) -> tuple[str, ...]:
    """Theme files this configuration never loads."""
    return SOURCE_MAPS + (() if "search" in config.plugins else SEARCH_ONLY)


def on_files(files, config):
    """Drop the theme's unused files before MkDocs copies them (docs files are never dropped)."""
    patterns = unused_patterns(config)
    docs = Path(config.docs_dir).resolve()
    for file in list(files):
        from_theme = docs not in Path(file.abs_src_path or docs).resolve().parents
        if from_theme and any(fnmatch.fnmatch(file.src_uri, pattern) for pattern in patterns):
            files.remove(file)
    return files


def on_post_build(config) -> None:
    """Remove the sourceMappingURL comment from copied scripts and stylesheets whose map was left out."""
    assets = Path(config.site_dir) / "assets"
    for path in [*assets.rglob("*.js"), *assets.rglob("*.css")]:
        data = path.read_bytes()
        match = SOURCE_MAP_COMMENT.search(data)
        if match:
            target = match.group(0).split(b"sourceMappingURL=", 1)[1].rstrip(b" */\n\r\t").decode("utf-8", "replace")
            if not (path.parent / target).exists():
                path.write_bytes(data[:match.start()] + b"\n")
