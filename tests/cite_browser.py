"""The citation text a reader's browser writes: pa-cite.js run in Debian's headless Chromium on a built site.

A built site holds no citation files; these helpers give the tests what a reader would download, so the
parsers (bibtexparser, rispy, citeproc-py) and the importer read the browser's output.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from browser_support import launch, serve_directory
from generator.render.cite_files import bulk_exports, paper_exports
from generator.render.site import Site
from generator.render.text import one_line
from generator.store import load_store
from generator.render.site import gather_site

SCRIPT = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/pa-cite.js"

# What paper-exports.js does on each paper page: read #pa-cite-data and the citation_abstract meta tag, write the three formats.
PAGES_FORMATS = """async (urls) => {
  const found = [];
  for (const url of urls) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const data = JSON.parse(page.getElementById('pa-cite-data').textContent);
    const abstract = page.querySelector('meta[name="citation_abstract"]');
    found.push(PaperCite.formats([data], abstract ? abstract.content : null));
  }
  return found;
}"""


def sync_api():  # noqa: ANN201 - Playwright's module
    """Playwright's sync API (the callers' modules skip without Chromium; see browser_support.require_chromium)."""
    from playwright import sync_api as api

    return api


@lru_cache(maxsize=8)
def browser_citations(site_dir: Path) -> dict[str, dict[str, str]]:
    """slug -> {"bib", "ris", "csl"}: every paper page's citations as its script writes them (cached per site)."""
    slugs = sorted(path.parent.name for path in (site_dir / "papers").glob("*/index.html"))
    with serve_directory(site_dir) as base, sync_api().sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(f"{base}papers/{slugs[0]}/")
        texts = page.evaluate(PAGES_FORMATS, [f"{base}papers/{slug}/" for slug in slugs])
        browser.close()
    return dict(zip(slugs, texts))


def group_download(site_dir: Path, path: str, format: str) -> tuple[str, str]:
    """(file name, text) of a listing page's "Cite all" download in a format, clicked in Chromium."""
    with serve_directory(site_dir) as base, sync_api().sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(accept_downloads=True)
        page.goto(base + path)
        with page.expect_download() as download:
            page.click(f'.pa-assemble[data-format="{format}"]')
        result = download.value.suggested_filename, Path(download.value.path()).read_text("utf-8")
        browser.close()
    return result


def reference_site(content: Path, site_url: str | None) -> Site:
    """The site view the build rendered from a store (its citation keys and URLs), for the reference writers."""
    return gather_site(load_store(content), site_url)


def reference_texts(site: Site, slug: str) -> dict[str, str]:
    """What cite_files.paper_exports writes for a paper, by format, the CSL abstract on one line as the page's
    citation_abstract meta tag holds it (the browser's only source of the abstract)."""
    item = site.paper(slug)
    files = paper_exports(site, item)
    texts = {kind: next(data.decode("utf-8") for path, data in files.items() if path.endswith(suffix))
             for kind, suffix in (("bib", ".bib"), ("ris", ".ris"), ("csl", ".csl.json"))}
    [csl] = json.loads(texts["csl"])
    if "abstract" in csl:
        csl["abstract"] = one_line(csl["abstract"])
    texts["csl"] = json.dumps([csl], ensure_ascii=False, separators=(",", ":")) + "\n"
    return texts


def reference_bulk(site: Site, slugs: list[str]) -> dict[str, str]:
    """What cite_files.bulk_exports writes for a group's papers, by format."""
    files = bulk_exports(site, "group", slugs)
    return {"bib": files["group.bib"].decode("utf-8"), "ris": files["group.ris"].decode("utf-8")}


def evaluate_formats(page: Any, data: list[dict[str, Any]], abstract: str | None) -> dict[str, str]:
    """PaperCite.formats on citation data in an open page that has loaded pa-cite.js."""
    return page.evaluate("([list, abstract]) => PaperCite.formats(list, abstract)", [data, abstract])
