"""The site's search: the static index (generator/search) in the docs tree, and the page that mounts it."""

from __future__ import annotations

from ..search import render_index
from .document import markdown_document
from .site import Site

INDEX_FOLDER = "search-index"
SEARCH_PAGE = "search/index.md"
# Result links are relative to the search page (site/search/), so the site works under any base URL,
# from another port (tests, `mkdocs serve`) and offline; the index stores "../papers/<slug>/".
RESULT_BASE = "../"


def search_page() -> str:
    """search/index.md: overrides/search.html mounts the widget on the index folder."""
    return markdown_document({"template": "search.html", "title": "Search", "search": {"index": f"{INDEX_FOLDER}/"},
                              "hide": ["navigation", "toc"]})


def search_outputs(site: Site) -> dict[str, bytes]:
    """The search page and every index file, keyed by their paths in the docs tree."""
    files, _ = render_index(site.papers, base_url=RESULT_BASE, url_format="papers/{slug}/",  # type: ignore[arg-type]
                            cache_dir=site.cache_dir, file_digests=site.digests)
    outputs = {f"{INDEX_FOLDER}/{name}": data for name, data in files.items()}
    outputs[SEARCH_PAGE] = search_page().encode("utf-8")
    return outputs
