"""The payload site in Debian's headless Chromium: no payload script runs, on any page or in search results.

Every payload that could run sets `window.__pwned` or `document.title`; after each page loads both are
checked, and no dialog may open. Browser, page and search helpers come from tests/test_browser.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from injection_site import injection_site
from payloads import ALL, PWNED_TITLE
from test_browser import base_url, browser, page, shot, type_search  # noqa: F401 - fixtures reused

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served_site() -> Path:
    """The payload site: what base_url serves here (overrides the fixture site for `page`)."""
    return injection_site().built.site


def page_urls() -> list[str]:
    """Home, the directories, every topic and year page, and every hand-written paper's page.

    Hand-written papers carry each payload in every field a paper page shows, and each payload names
    a topic; imported papers' pages and author pages repeat the same templates and contexts and are
    checked by parsing (test_injection.py), which keeps this test within its time budget.
    """
    root = injection_site().built.site
    urls = sorted(str(path.parent.relative_to(root)) + "/" if path.parent != root else ""
                  for path in root.rglob("index.html"))
    return [url for url in urls if url.count("/") <= 1 or url.startswith(("papers/hand-", "topics/", "years/"))]


def assert_nothing_ran(page, url: str) -> None:
    assert page.evaluate("window.__pwned") is None, url
    assert page.title() != PWNED_TITLE, url


def test_no_payload_runs_on_any_page(page, base_url: str) -> None:
    urls = page_urls()
    assert len(urls) > 2 * len(ALL)
    page.set_default_timeout(15_000)
    for url in urls:
        page.goto(base_url + url, wait_until="load")
        assert_nothing_ran(page, url)
    page.wait_for_timeout(300)  # anything deferred (MathJax, theme scripts) has had its turn
    assert_nothing_ran(page, urls[-1])
    assert page.dialogs == [] and page.offsite == []
    assert [error for error in page.errors if "pwned" in error] == []


def test_tex_payloads_load_no_code_and_make_no_links(page, base_url: str) -> None:
    page.goto(base_url + "papers/hand-tex-href/")
    page.wait_for_selector("span.arithmatex mjx-container", state="attached", timeout=15_000)
    page.wait_for_timeout(300)
    assert page.locator("mjx-container a, mjx-container [href]").count() == 0
    assert_nothing_ran(page, "tex")
    assert page.errors == [] and page.offsite == []


def test_search_results_show_payloads_as_text(page, base_url: str) -> None:
    page.goto(base_url)
    type_search(page, "script")
    page.wait_for_timeout(300)
    results = page.locator("[data-paper-search]").inner_text()
    assert "<script>window.__pwned=1</script>" in results
    assert "<svg><script>document.title='pwned'</script></svg>" in results
    shot(page, "injection-search")
    assert_nothing_ran(page, "search")
    assert page.dialogs == [] and page.offsite == []
