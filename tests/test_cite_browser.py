"""Citations written in the reader's browser (pa-cite.js in Debian's headless Chromium) are the reference writers' text.

The reference writers (generator/render/cite_files.py) are what the round-trip and parser tests were built on; here
the browser's output for every paper of the fixture, bundled, audit and injection sites, for every group download,
and for Hypothesis' hostile text is compared with them byte for byte. The Cite menu itself (copy, download, the
BibTeX shown, no JavaScript) is driven by keyboard and mouse.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from browser_support import audit_site, require_chromium
from cite_browser import (SUFFIXES, browser_citations, chromium, evaluate_formats, group_download, papers,
                          reference_bulk, reference_site, reference_texts)
from cite_browser import script_page as blank_script_page
from generator.models import Paper
from generator.render.cite_files import cite_data, paper_bibtex
from generator.render.citation import plain_abstract
from generator.render.site import gather_site
from generator.store import StoredPaper
from injection_site import injection_site
from sitebuild import ROOT, SITE_URL, bundled_site, fixture_site, listed_urls

pytestmark = pytest.mark.browser
require_chromium()


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201 - one Chromium for the module (Playwright allows one sync instance at a time)
    with chromium() as launched:
        yield launched


def assert_same_as_reference(browser, site_dir: Path, content: Path, site_url: str | None) -> int:  # noqa: ANN001
    """Every paper page's three formats equal the reference writers' (same keys, URLs, escaping); how many."""
    site = reference_site(content, site_url)
    written = browser_citations(site_dir, browser)
    assert written.keys() == {item.slug for item in site.papers}
    for slug, texts in written.items():
        assert texts == reference_texts(site, slug), slug
    return len(written)


def test_fixture_and_bundled_papers_match_the_reference_writers(browser) -> None:  # noqa: ANN001
    for built in (fixture_site(), bundled_site()):
        assert assert_same_as_reference(browser, built.site, built.content, SITE_URL) > 5


def test_audit_site_without_a_site_url_matches_the_reference_writers(browser) -> None:  # noqa: ANN001
    """Non-ASCII names (Søren Jørgensen, Émile Lefèvre), math, 34 authors, count-only papers; no URL anywhere."""
    site_dir = audit_site()
    assert assert_same_as_reference(browser, site_dir, site_dir.parent / "content", None) > 100
    texts = browser_citations(site_dir, browser)["a-benchmark-written-by-a-large-collaboration"]
    assert "Jørgensen, Søren and" in texts["bib"] and "AU  - Lefèvre, Émile\n" in texts["ris"]
    assert "url = " not in texts["bib"] and "UR  - " not in texts["ris"] and '"URL"' not in texts["csl"]


def test_injection_payloads_match_the_reference_writers(browser) -> None:  # noqa: ANN001
    """Every payload of the injection corpus in titles, names, topics and abstracts (`</script>`, braces, newlines)."""
    site = injection_site()
    assert assert_same_as_reference(browser, site.built.site, site.built.content, SITE_URL) > 20
    for texts in browser_citations(site.built.site, browser).values():
        assert texts["ris"].count("TY  - ") == 1 and texts["ris"].count("ER  - ") == 1


@pytest.mark.parametrize("path", ["topics/transformers/", "years/2017/", "authors/yann-lecun/"])
@pytest.mark.parametrize("format", ["bib", "ris", "csl"])
def test_group_downloads_are_the_reference_bulk_files(browser, path: str, format: str) -> None:  # noqa: ANN001
    """Topics and years from their cite.json, authors from their papers' pages: every listed paper, no abstract."""
    built = fixture_site()
    name, text = group_download(built.site, path, format, browser)
    assert name == path.rstrip("/").split("/")[-1] + SUFFIXES[format]
    slugs = listed_urls(built.html(path))
    assert text == reference_bulk(reference_site(built.content, SITE_URL), slugs)[format]
    assert "abstract = " not in text and "AB  - " not in text and '"abstract"' not in text


# --- hostile text, any paper shape (cite_browser.papers) ------------------------------------------------
@pytest.fixture(scope="module")
def script_page(browser):  # noqa: ANN001, ANN201 - a Playwright page with pa-cite.js loaded
    with blank_script_page(browser) as page:
        yield page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(paper=papers(), others=st.lists(papers(), max_size=2))
def test_any_paper_is_written_as_the_reference_writers_write_it(script_page, paper: Paper, others: list[Paper],
                                                                 tmp_path_factory) -> None:
    folder = tmp_path_factory.getbasetemp()
    stored = [StoredPaper(f"p{index}", folder / f"p{index}.md", each) for index, each in enumerate([paper, *others])]
    site = gather_site(stored, "https://example.org/a_b/")
    abstract = plain_abstract(paper) if paper.abstract.strip() else None
    written = evaluate_formats(script_page, [cite_data(site, site.paper("p0"))], abstract)
    assert written == reference_texts(site, "p0")
    group = [item.slug for item in site.papers]
    bulk = evaluate_formats(script_page, [cite_data(site, item) for item in site.papers], None)
    assert bulk == reference_bulk(site, group)
    assert [item["id"] for item in json.loads(bulk["csl"])] == [cite_data(site, item)["csl"]["id"] for item in site.papers]


# --- the Cite menu --------------------------------------------------------------------------------------------
def open_paper(browser, base_url: str, slug: str, javascript: bool = True):  # noqa: ANN001, ANN201
    context = browser.new_context(java_script_enabled=javascript, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{base_url}papers/{slug}/")
    return page


@pytest.fixture(scope="module")
def served(browser):  # noqa: ANN001, ANN201
    from browser_support import serve_directory

    with serve_directory(fixture_site().site) as url:
        yield browser, url


@pytest.mark.parametrize("slug", ["attention-is-all-you-need", "xss", "counted-authors"])
def test_the_menu_shows_bibtex_and_copies_and_downloads_each_format(served, slug: str) -> None:
    browser, base_url = served
    built = fixture_site()
    site = reference_site(built.content, SITE_URL)
    expected = reference_texts(site, slug)
    page = open_paper(browser, base_url, slug)
    page.click("li.pa-cite summary")
    bibtex = page.locator("#pa-bibtex").inner_text()
    assert bibtex == paper_bibtex(site, site.paper(slug))  # the short entry: no date, keywords or abstract
    if slug == "attention-is-all-you-need":  # BibTeX's `Last, First`: no reader has to guess
        assert bibtex.startswith("@misc{vaswani2017attention,") and "eprint = {1706.03762}" in bibtex
        assert "author = {Vaswani, Ashish and Shazeer, Noam}" in bibtex and "abstract" not in bibtex
    for format, suffix in (("bib", ".bib"), ("ris", ".ris"), ("csl", ".csl.json")):
        page.click(f'.pa-copy[data-format="{format}"]')
        page.wait_for_function("() => document.getElementById('pa-copy-status').textContent.includes('copied')")
        assert page.evaluate("navigator.clipboard.readText()") == expected[format]
        with page.expect_download() as download:
            page.click(f'.pa-download[data-format="{format}"]')
        assert download.value.suggested_filename == slug + suffix
        assert Path(download.value.path()).read_text("utf-8") == expected[format]
        page.evaluate("document.getElementById('pa-copy-status').textContent = ''")
    assert page.errors == []
    assert page.evaluate("window.__xss") is None


def test_without_javascript_the_menu_says_so_and_shows_no_button(served) -> None:
    browser, base_url = served
    page = open_paper(browser, base_url, "deep-learning", javascript=False)
    page.click("li.pa-cite summary")
    panel = page.locator(".pa-menu__panel")
    assert "JavaScript" in panel.inner_text()
    assert page.locator(".pa-menu__panel button:visible, .pa-menu__panel a:visible, #pa-bibtex:visible").count() == 0
