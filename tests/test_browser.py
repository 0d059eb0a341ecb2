"""The built site in Debian's headless Chromium: browse, search, math, no console errors, no XSS."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest

from browser_support import ARTIFACTS, require_chromium
from browser_support import base_url, browser, page  # noqa: F401 - shared fixtures (the fixture site, ARGS)
from sitebuild import SITE_URL, fixture_site, listed_urls

pytestmark = pytest.mark.browser
require_chromium()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def search(page, query: str) -> None:
    """Search from the header box (which submits to the search page) and open the first result."""
    type_search(page, query)
    page.click(".ps-hit a.ps-title >> nth=0")
    page.wait_for_load_state("load")


def type_search(page, query: str) -> None:
    """Type into the header's search box like a person and press Enter: the search page shows results."""
    page.click("input.md-search__input")
    page.type("input.md-search__input", query, delay=30)
    page.press("input.md-search__input", "Enter")
    page.wait_for_url("**/search/?q=*")
    wait_for_results(page)


def wait_for_results(page) -> None:
    """Until the widget has finished the query in its box."""
    page.wait_for_function("() => { const r = document.querySelector('[data-paper-search]');"
                           " return r && r.dataset.state === 'done'"
                           " && r.dataset.query === r.querySelector('.ps-input').value; }", timeout=15_000)


def result_urls(page) -> list[str]:
    """Paper slugs of the results shown, in order."""
    hrefs = page.eval_on_selector_all(".ps-hit a.ps-title", "links => links.map(a => a.href)")
    return [href.split("/papers/", 1)[1].strip("/") for href in hrefs]


def test_browse_topic_paper_author_and_math(page, base_url: str) -> None:
    page.goto(base_url)
    assert page.locator("[data-count=papers]").inner_text() == "6"
    shot(page, "home")
    page.click(".pa-home-topics a.pa-chip[href$='topics/transformers/']")
    page.wait_for_url("**/topics/transformers/")
    assert page.locator("h1").inner_text() == "Transformers"
    page.click(".pa-papers > li > a:text-is('Attention Is All You Need')")
    page.wait_for_url("**/papers/attention-is-all-you-need/")
    page.wait_for_selector("span.arithmatex mjx-container svg", timeout=15_000)
    assert page.locator("span.arithmatex mjx-container").count() == 3
    assert page.locator("mjx-merror").count() == 0
    shot(page, "paper-with-math")
    page.click("article a:text-is('Ashish Vaswani')")
    page.wait_for_url("**/authors/ashish-vaswani/")
    page.locator(".pa-papers > li > a").first.wait_for()
    titles = page.locator(".pa-papers > li > a").all_inner_texts()
    assert titles == ["An Image Is Worth 16x16 Words", "Attention Is All You Need"]
    shot(page, "author")
    assert page.errors == [] and page.offsite == []


@pytest.mark.parametrize("query", ["Dosovitskiy", "zebrafish"])
def test_search_finds_the_paper_by_author_and_abstract_word(page, base_url: str, query: str) -> None:
    page.goto(base_url)
    search(page, query)
    assert "/papers/vision-transformer/" in page.url
    assert page.locator("h1.pa-title").inner_text() == "An Image Is Worth 16x16 Words"
    shot(page, f"search-{query}")
    assert page.errors == [] and page.offsite == []


@pytest.mark.parametrize(("query", "expected"), [
    ("author:vaswani", {"attention-is-all-you-need", "vision-transformer"}),
    ('author:"Yann LeCun"', {"deep-learning", "gradient-based-learning"}),
    ("topic:vision", {"gradient-based-learning", "vision-transformer"}),
    ("year:2017 transformers", {"attention-is-all-you-need"}),
    ("year:1990-2016", {"deep-learning", "gradient-based-learning"}),
])
def test_fielded_queries_on_the_built_site(page, base_url: str, query: str, expected: set[str]) -> None:
    page.goto(base_url + "search/?q=" + quote(query))
    wait_for_results(page)
    assert set(result_urls(page)) == expected
    assert page.errors == [] and page.offsite == []


def test_a_facet_click_narrows_the_results(page, base_url: str) -> None:
    page.goto(base_url)
    type_search(page, "transformer")
    assert set(result_urls(page)) == {"attention-is-all-you-need", "deep-learning", "vision-transformer"}
    page.click(".ps-facet[data-facet=year] input[value='2020']")
    wait_for_results(page)
    page.wait_for_function("() => document.querySelectorAll('.ps-hit').length === 1")
    assert result_urls(page) == ["vision-transformer"]
    # A facet with few values opens at once while facets.json is small; otherwise opening it loads that file.
    page.eval_on_selector(".ps-facet[data-facet=topic]", "d => { d.open = true; }")
    page.wait_for_selector(".ps-facet[data-facet=topic] input[value='Computer Vision']")
    shot(page, "search-facets")
    assert page.errors == [] and page.offsite == []


def test_xss_payloads_never_run(page, base_url: str) -> None:
    for url in ("", "papers/xss/", "authors/mallory/", "topics/b-bold-b/", "years/2024/", "authors/"):
        page.goto(base_url + url)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__xss") is None, url
    page.goto(base_url + "papers/xss/")
    assert "<script>window.__xss=1</script>" in page.locator("h1.pa-title").inner_text()
    assert "<img src=x onerror" in page.locator("article").inner_text()
    type_search(page, "window")
    shot(page, "xss-search")
    assert result_urls(page) == ["xss"]
    assert "<script>window.__xss=1</script>" in page.locator(".ps-hit a.ps-title").inner_text()
    assert page.locator(".ps-results script, .ps-results img").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == [] and page.errors == [] and page.offsite == []
    shot(page, "xss-page")


@pytest.mark.parametrize("path", ["authors/yann-lecun/", "topics/transformers/"])
@pytest.mark.parametrize("format", ["bib", "ris", "csl"])
def test_group_exports_download_every_paper_of_the_group(page, base_url: str, path: str, format: str) -> None:
    """"Cite all" writes the group's file in the browser (from the papers' pages, or the topic's cite.json)."""
    from cite_browser import SUFFIXES, reference_bulk, reference_site

    page.goto(base_url + path)
    with page.expect_download() as download:
        page.click(f'.pa-assemble[data-format="{format}"]')
    assert download.value.suggested_filename == path.strip("/").split("/")[-1] + SUFFIXES[format]
    site = fixture_site()
    expected = reference_bulk(reference_site(site.content, SITE_URL), listed_urls(site.html(path)))[format]
    assert Path(download.value.path()).read_text("utf-8") == expected
    assert page.errors == [] and page.offsite == []


@pytest.mark.parametrize("path,missing", [("authors/yann-lecun/", "**/papers/gradient-based-learning/"),
                                          ("topics/transformers/", "**/topics/transformers/cite.json")])
def test_group_exports_offer_no_partial_file(page, base_url: str, path: str, missing: str) -> None:
    """If one paper's page (or the group's data) cannot be fetched, the reader gets an error, never a file with a
    paper missing."""
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    page.route(missing, lambda route: route.fulfill(status=404, body="gone"))
    page.goto(base_url + path)
    page.click('.pa-assemble[data-format="bib"]')
    page.wait_for_function("() => document.querySelector('.pa-assemble-status').textContent.includes('Could not')")
    assert "HTTP 404" in page.inner_text(".pa-assemble-status")
    assert downloads == []
