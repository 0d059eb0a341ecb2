"""The Content Security Policy (hooks/csp.py) in Debian's headless Chromium: every page type works with no
violation, and a script planted in a built page afterwards does not run."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_support import base_url, browser, require_chromium  # noqa: F401 - shared fixtures (serve served_site)
from sitebuild import fixture_site

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PLANTED = "<script>window.__planted=1</script>"
require_chromium()

# Runs before any script of the page: every violation the browser reports, as text.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} ` +
                           `(${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});
"""


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture site (which tests must not modify) with a script planted in one built page."""
    copy = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(fixture_site().site, copy)
    planted = copy / "papers" / "deep-learning" / "index.html"
    html = planted.read_text("utf-8")
    planted.write_text(html.replace("</head>", PLANTED + "</head>", 1).replace("</article>", PLANTED + "</article>"),
                       "utf-8")
    return copy


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A page recording CSP violations (DOM events and console reports) and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.console_csp, page.errors = [], []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.console_csp.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def violations(page) -> list[str]:
    """What the policy blocked on the page so far, from the DOM events and the console."""
    return page.evaluate("window.__violations") + page.console_csp


@pytest.mark.parametrize("url", ["", "topics/", "topics/transformers/", "authors/", "authors/yann-lecun/", "years/",
                                 "years/2017/", "papers/xss/", "papers/gradient-based-learning/", "404.html"])
def test_every_page_type_loads_with_no_violation(page, base_url: str, url: str) -> None:
    page.goto(base_url + url)
    page.wait_for_load_state("networkidle")
    assert page.locator("meta[http-equiv=Content-Security-Policy]").count() == 1
    assert page.evaluate("document.documentElement.getAttribute('data-pa-scheme')") == "auto"  # the inline head script ran
    assert violations(page) == [] and page.errors == []


def test_math_charts_copy_and_dark_mode_work_under_the_policy(page, base_url: str) -> None:
    page.goto(base_url + "papers/attention-is-all-you-need/")
    page.wait_for_selector("span.arithmatex mjx-container svg", timeout=15_000)  # MathJax typeset
    assert page.locator("span.arithmatex mjx-container").count() == 3
    page.click("li.pa-cite details.pa-menu > summary")  # the copy buttons sit in the Cite menu
    page.click("button.pa-copy")
    # A function, not an expression: Playwright eval()s a bare expression inside the page, which the policy blocks.
    page.wait_for_function("() => navigator.clipboard.readText().then(text => text.includes('@'))")
    before = page.evaluate("document.documentElement.getAttribute('data-md-color-scheme')")
    page.click("#pa-scheme")  # the scheme toggle (pa-chrome.js): "follow the system" -> light
    page.click("#pa-scheme")  # -> dark
    page.wait_for_function(f"() => document.documentElement.getAttribute('data-md-color-scheme') !== {before!r}"
                           " && localStorage.getItem('pa-scheme') === 'dark'")
    page.goto(base_url + "topics/transformers/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [] and page.errors == []


@pytest.mark.parametrize("url", ["authors/yann-lecun/", "topics/transformers/"])
def test_exports_download_under_the_policy(page, base_url: str, url: str) -> None:
    """Group files are written in the browser from fetched pages or cite.json and offered as Blob downloads."""
    page.goto(base_url + url)
    with page.expect_download() as download:
        page.click('.pa-assemble[data-format="bib"]')
    assert "@" in Path(download.value.path()).read_text("utf-8")
    assert violations(page) == [] and page.errors == []


def test_a_papers_citation_downloads_under_the_policy(page, base_url: str) -> None:
    page.goto(base_url + "papers/gradient-based-learning/")  # deep-learning holds the planted script
    page.click("li.pa-cite details.pa-menu > summary")
    with page.expect_download() as download:
        page.click('button.pa-download[data-format="ris"]')
    assert Path(download.value.path()).read_text("utf-8").startswith("TY  - ")
    assert violations(page) == [] and page.errors == []


def test_search_page_and_header_dropdown_work_under_the_policy(page, base_url: str) -> None:
    page.goto(base_url + "search/?q=transformer")
    page.wait_for_selector(".ps-hit a.ps-title")
    box = page.locator("header input[role=combobox]")
    box.click()
    box.type("atten", delay=20)
    page.wait_for_selector(".pa-suggest__hit")
    assert violations(page) == [] and page.errors == []


def test_a_script_planted_after_the_build_is_blocked(page, base_url: str) -> None:
    page.goto(base_url + "papers/deep-learning/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__planted") is None
    blocked = violations(page)
    assert blocked and all("script-src" in line for line in page.evaluate("window.__violations")), blocked
    assert page.evaluate("document.documentElement.getAttribute('data-pa-scheme')") == "auto"  # its own scripts ran
