"""The paper page in Debian's headless Chromium: the Cite menu and Copy link by keyboard, the abstract's measure,
a phone's width without sideways scrolling, in the light and the dark scheme."""

from __future__ import annotations

import pytest

from browser_support import base_url, browser, require_chromium  # noqa: F401 - shared fixtures (the fixture site)
from cite_browser import reference_site, reference_texts
from sitebuild import SITE_URL, fixture_site

pytestmark = pytest.mark.browser
FORMATS = ["bib", "ris", "csl"]  # the Cite menu's rows, in order
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

require_chromium()

# Characters on each rendered line of the first abstract paragraph, measured with a Range per character.
# The fixture abstracts are short, so the paragraph is given a real abstract's text first (the CSS is what is measured).
LINE_LENGTHS = """() => {
  const p = document.querySelector('.pa-abstract p'), range = document.createRange();
  p.textContent = 'Large language models (LLMs) have shown great capabilities in various tasks but also exhibited '
    + 'memorization of training data, raising tremendous privacy and copyright concerns. While prior works have '
    + 'studied memorization during pre-training, the exploration of memorization during fine-tuning is rather '
    + 'limited. Compared to pre-training, fine-tuning typically involves more sensitive data and diverse objectives.';
  const node = p.firstChild;
  const lines = new Map();
  for (let i = 0; i < node.textContent.length; i++) {
    range.setStart(node, i); range.setEnd(node, i + 1);
    const rect = range.getBoundingClientRect();
    if (rect.width) lines.set(Math.round(rect.top), (lines.get(Math.round(rect.top)) || 0) + 1);
  }
  return [...lines.values()];
}"""


def open_page(browser, base_url: str, url: str, width: int = 1280, scheme: str = "light"):
    """A page of the fixture site with clipboard access, recording page errors."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(base_url + url)
    return page


def focus_by_tab(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


@pytest.mark.parametrize("row", [0, 1, 2])
def test_cite_menu_copies_each_format_by_keyboard(browser, base_url: str, row: int) -> None:
    page = open_page(browser, base_url, "papers/attention-is-all-you-need/")
    summary = "details.pa-menu > summary"
    focus_by_tab(page, summary)
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.pa-menu').open")
    assert page.locator(".pa-menu__panel").is_visible()
    copy = f".pa-exports > li:nth-child({row + 1}) button.pa-copy"
    focus_by_tab(page, copy, limit=10)
    page.keyboard.press("Enter")
    built = fixture_site()  # the text pa-cite.js writes is the reference writers' (tests/test_cite_browser.py)
    expected = reference_texts(reference_site(built.content, SITE_URL), "attention-is-all-you-need")[FORMATS[row]]
    page.wait_for_function("() => document.getElementById('pa-copy-status').textContent.includes('copied')")
    assert clipboard(page) == expected
    assert page.locator(copy).inner_text() == "Copied"
    page.keyboard.press("Escape")  # closes the menu and gives the focus back to its button
    assert not page.evaluate("document.querySelector('details.pa-menu').open")
    assert page.evaluate(f"document.activeElement === document.querySelector({summary!r})")
    assert page.errors == []


def test_copy_link_copies_the_pages_address_and_outside_clicks_close_the_menu(browser, base_url: str) -> None:
    page = open_page(browser, base_url, "papers/deep-learning/")
    page.click("details.pa-menu > summary")
    page.click("h1.pa-title")
    assert not page.evaluate("document.querySelector('details.pa-menu').open")
    focus_by_tab(page, "details.pa-menu > summary")
    page.keyboard.press("Space")
    assert page.evaluate("document.querySelector('details.pa-menu').open")
    focus_by_tab(page, "button.pa-copy-link", limit=12)  # through the menu and out of it: the menu closes
    assert not page.evaluate("document.querySelector('details.pa-menu').open")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('pa-copy-status').textContent === 'Link copied to the clipboard'")
    assert clipboard(page) == SITE_URL + "papers/deep-learning/"
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_abstract_measure_and_phone_width(browser, base_url: str, scheme: str) -> None:
    page = open_page(browser, base_url, "papers/attention-is-all-you-need/", scheme=scheme)
    page.wait_for_selector("span.arithmatex mjx-container", timeout=15_000)
    lengths = page.evaluate(LINE_LENGTHS)
    assert len(lengths) >= 2 and max(lengths) <= 80, lengths
    style = page.evaluate("(() => { const s = getComputedStyle(document.querySelector('.pa-abstract p'));"
                          " return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })()")
    assert 1.5 <= style <= 1.7
    for slug in ("attention-is-all-you-need", "counted-authors", "xss"):
        phone = open_page(browser, base_url, f"papers/{slug}/", width=390, scheme=scheme)
        phone.click("details.pa-menu > summary")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, slug
        tops = phone.evaluate("[...document.querySelectorAll('ul.pa-actions > li')].map(li => li.getBoundingClientRect().right)")
        assert max(tops) <= 390, slug
        assert phone.errors == []
