"""A standalone search page (index + widget) for tests, benchmarks and previews, outside MkDocs.

It has no site header, so it loads the engine (paper-search.js) and the search page (paper-search-page.js)
only, not the header's box (paper-search-box.js)."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..store import StoredPaper
from .build import SearchStats, build_search_index

ASSETS = Path(__file__).resolve().parents[2] / "overrides" / "assets"
SCRIPTS = (ASSETS / "javascripts" / "paper-search.js", ASSETS / "javascripts" / "paper-search-page.js")
STYLE = ASSETS / "stylesheets" / "paper-search.css"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Search papers</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="paper-search.css"></head>
<body><main><h1>Search papers</h1><div data-paper-search data-index="search-index/"></div></main>
<script src="paper-search.js"></script><script src="paper-search-page.js"></script></body></html>
"""


def write_standalone_site(papers: list[StoredPaper], site_dir: Path, base_url: str = "") -> SearchStats:
    """site_dir/index.html with the widget mounted on site_dir/search-index/."""
    site_dir.mkdir(parents=True, exist_ok=True)
    stats = build_search_index(papers, site_dir / "search-index", base_url)
    for script in SCRIPTS:
        shutil.copyfile(script, site_dir / script.name)
    shutil.copyfile(STYLE, site_dir / STYLE.name)
    (site_dir / "index.html").write_text(PAGE, "utf-8")
    return stats
