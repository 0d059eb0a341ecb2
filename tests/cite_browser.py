"""The citation text a reader's browser writes: pa-cite.js run in Debian's headless Chromium on a built site.

A built site holds no citation files; these helpers give the tests what a reader would download, so the
parsers (bibtexparser, rispy, citeproc-py) and the importer read the browser's output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from browser_support import launch, serve_directory
from generator.models import Paper, Source
from generator.render.cite_files import bulk_exports, cite_data, paper_exports
from generator.render.citation import plain_abstract
from generator.render.site import Site, gather_site
from generator.render.text import one_line
from generator.store import StoredPaper, load_store

SCRIPT = Path(__file__).resolve().parent.parent / "overrides/assets/javascripts/pa-cite.js"
SUFFIXES = {"bib": ".bib", "ris": ".ris", "csl": ".csl.json"}  # format -> download file suffix

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


@contextmanager
def chromium(browser: Any = None) -> Iterator[Any]:
    """The browser given, or Debian's Chromium for the block (Playwright allows one sync instance at a time)."""
    if browser is not None:
        yield browser
        return
    with sync_api().sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


_WRITTEN: dict[Path, dict[str, dict[str, str]]] = {}


def browser_citations(site_dir: Path, browser: Any = None) -> dict[str, dict[str, str]]:
    """slug -> {"bib", "ris", "csl"}: every paper page's citations as its script writes them (cached per site)."""
    if site_dir not in _WRITTEN:
        slugs = sorted(path.parent.name for path in (site_dir / "papers").glob("*/index.html"))
        with serve_directory(site_dir) as base, chromium(browser) as opened:
            page = opened.new_page()
            page.goto(f"{base}papers/{slugs[0]}/")
            texts = page.evaluate(PAGES_FORMATS, [f"{base}papers/{slug}/" for slug in slugs])
            page.close()
        _WRITTEN[site_dir] = dict(zip(slugs, texts))
    return _WRITTEN[site_dir]


def group_download(site_dir: Path, path: str, format: str, browser: Any = None) -> tuple[str, str]:
    """(file name, text) of a listing page's "Cite all" download in a format, clicked in Chromium."""
    with serve_directory(site_dir) as base, chromium(browser) as opened:
        context = opened.new_context(accept_downloads=True)
        page = context.new_page()
        page.goto(base + path)
        with page.expect_download() as download:
            page.click(f'.pa-assemble[data-format="{format}"]')
        result = download.value.suggested_filename, Path(download.value.path()).read_text("utf-8")
        context.close()
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
             for kind, suffix in SUFFIXES.items()}
    [csl] = json.loads(texts["csl"])
    if "abstract" in csl:
        csl["abstract"] = one_line(csl["abstract"])
    texts["csl"] = json.dumps([csl], ensure_ascii=False, separators=(",", ":")) + "\n"
    return texts


def reference_bulk(site: Site, slugs: list[str]) -> dict[str, str]:
    """What cite_files.bulk_exports writes for a group's papers, by format."""
    files = bulk_exports(site, "group", slugs)
    return {format: files[f"group{suffix}"].decode("utf-8") for format, suffix in SUFFIXES.items()}


def evaluate_formats(page: Any, data: list[dict[str, Any]], abstract: str | None) -> dict[str, str]:
    """PaperCite.formats on citation data in an open page that has loaded pa-cite.js."""
    return page.evaluate("([list, abstract]) => PaperCite.formats(list, abstract)", [data, abstract])


@contextmanager
def script_page(browser: Any = None) -> Iterator[Any]:
    """A blank Chromium page with pa-cite.js loaded (for PaperCite on papers that were never built into a site)."""
    with chromium(browser) as opened:
        page = opened.new_page()
        page.set_content("<!doctype html><title>pa-cite</title>")
        page.add_script_tag(path=str(SCRIPT))
        yield page
        page.close()


def written_for(page: Any, given: dict[str, Paper], site_url: str | None) -> dict[str, dict[str, str]]:
    """slug -> the three formats the browser writes for each paper, given what its page would hold."""
    site = gather_site([StoredPaper(slug, Path(f"{slug}.md"), paper) for slug, paper in given.items()], site_url)
    return {slug: evaluate_formats(page, [cite_data(site, site.paper(slug))],
                                   plain_abstract(paper) if paper.abstract.strip() else None)
            for slug, paper in given.items()}


# Hypothesis: hostile text in every field a citation carries, any paper shape.
HOSTILE = st.sampled_from(["}", "{", "\\", "%", "&", "$x^2$", "_", "~", "#", "\n", "\r\n", "\u2028", "\u00a0", "\u3000",
                           "</script>", "\nER  - \nTY  - JOUR\n", "TI  - x", " and ", "others", ",", "Zoë", "王小明",
                           "\\textbf{", "@misc{x,", "\t", "  "])
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=6)), min_size=1, max_size=8).map("".join).filter(str.strip)
NAME = st.lists(st.one_of(HOSTILE, st.sampled_from(["Ada", "van", "der", "Lovelace", "Jr.", "A."])), min_size=1,
                max_size=4).map(" ".join).filter(lambda name: name.strip(" ,\n\r\t\u2028\u00a0\u3000"))
DATE = st.sampled_from([None, "2024", "2024-05", "2024-05-03", "0999-12-31"])
VENUE = st.sampled_from([None, "NeurIPS", "Nature {x}", "arXiv"])


@st.composite
def papers(draw) -> Paper:  # noqa: ANN001
    """Any paper shape, its free text hostile to each format (LaTeX specials, RIS tags, `</script>`, line breaks)."""
    authors = draw(st.lists(NAME, max_size=4, unique=True))
    venue = draw(VENUE)
    return Paper(title=draw(TEXT), authors=authors, authors_truncated=bool(authors) and draw(st.booleans()),
                 author_count=draw(st.sampled_from([None, 31])), date=draw(DATE), abstract=draw(st.one_of(st.just(""), TEXT)),
                 topics=draw(st.lists(TEXT, max_size=3, unique=True)), arxiv=draw(st.sampled_from([None, "2405.01234"])),
                 arxiv_category=draw(st.sampled_from([None, "cs.LG"])), doi=draw(st.sampled_from([None, "10.1/x_{y}"])),
                 sources=[Source(listing="l.txt", format="aitopics", line=1, venue=venue)] if venue else [])
