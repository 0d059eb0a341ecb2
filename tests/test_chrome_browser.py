"""The chrome in Debian's headless Chromium on a phone: the menu drawer on every page type, the colour scheme."""

from __future__ import annotations

import pytest

from browser_support import base_url, browser, require_chromium  # noqa: F401 - shared fixtures (the fixture site)

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = ["--no-sandbox"]  # the browser fixture's flags for this module
PHONE = {"width": 390, "height": 844}
SECTIONS = ["Home", "Topics", "Authors", "Years", "Search"]

require_chromium()


def phone(browser, scheme: str = "light"):
    """A fresh phone-sized context (nothing stored) whose system prefers the given colour scheme."""
    return browser.new_context(viewport=PHONE, color_scheme=scheme)


def visible_sections(page) -> list[str]:
    """The section links a reader can see and tap: inside the viewport and not hidden."""
    return page.eval_on_selector_all("nav.pa-sections a", """links => links.filter(a => {
        const box = a.getBoundingClientRect();
        return getComputedStyle(a).visibility === 'visible' && box.width > 0 && box.left >= 0
          && box.right <= innerWidth && box.height >= 24; }).map(a => a.textContent.trim())""")


def scheme(page) -> str:
    return page.evaluate("document.documentElement.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("path", ["papers/attention-is-all-you-need/", "topics/transformers/", "years/", ""])
def test_menu_button_opens_the_drawer_with_the_five_sections(browser, base_url: str, path: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url + path)
    assert visible_sections(page) == []  # closed: off screen, out of the tab order
    page.click("label.md-header__button[for=__drawer]")
    page.wait_for_timeout(400)  # the slide-in transition
    assert visible_sections(page) == SECTIONS
    page.click("nav.pa-sections a:text-is('Authors')")
    page.wait_for_url("**/authors/")
    assert page.locator("article h1").inner_text() == "All authors"
    context.close()


def test_menu_button_works_from_the_keyboard(browser, base_url: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url + "papers/deep-learning/")
    focused = []
    for _ in range(3):  # "Skip to content", then the menu button
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.getAttribute('for') || document.activeElement.className"))
    assert "__drawer" in focused[:2], focused
    while page.evaluate("document.activeElement.getAttribute('for')") != "__drawer":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert visible_sections(page) == SECTIONS
    page.keyboard.press("Enter")  # the button keeps the focus and closes the drawer again
    page.wait_for_timeout(400)
    assert visible_sections(page) == []
    page.keyboard.press("Space")
    page.wait_for_timeout(400)
    assert visible_sections(page) == SECTIONS
    context.close()


def test_a_page_shown_again_opens_with_the_drawer_closed(browser, base_url: str) -> None:
    """The toggles carry no autocomplete="off" (invalid on a checkbox): pa-chrome.js closes them instead."""
    context = phone(browser)
    page = context.new_page()
    page.goto(base_url + "topics/transformers/")
    page.click("label.md-header__button[for=__drawer]")
    page.evaluate("document.getElementById('__search').checked = true")  # as the phone's search icon does
    page.goto(base_url + "authors/")
    page.go_back()
    page.wait_for_url("**/topics/transformers/")
    page.wait_for_load_state("load")
    checked = "['__drawer', '__search'].map(id => document.getElementById(id).checked)"
    assert page.evaluate(checked) == [False, False]
    assert visible_sections(page) == []
    context.close()


def test_wide_screens_show_the_sections_as_a_bar(browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base_url + "topics/transformers/")
    assert visible_sections(page) == SECTIONS
    assert page.locator("nav.pa-sections a[aria-current]").inner_text() == "Topics"
    context.close()


def test_home_counts_sit_side_by_side_in_a_grid(browser, base_url: str) -> None:
    """Material's `ul:not([hidden]) { display: flow-root }` must not stack them."""
    for viewport, per_row in (({"width": 1366, "height": 900}, 4), (PHONE, 2)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base_url)
        assert page.evaluate("getComputedStyle(document.querySelector('ul.pa-counts')).display") == "grid"
        tops = page.eval_on_selector_all("ul.pa-counts > li", "tiles => tiles.map(t => t.getBoundingClientRect().top)")
        assert len(tops) == 4 and tops.count(tops[0]) == per_row, tops
        context.close()


@pytest.mark.parametrize(("preferred", "expected"), [("dark", "slate"), ("light", "default")])
def test_first_visit_follows_the_system_colour_scheme(browser, base_url: str, preferred: str, expected: str) -> None:
    context = phone(browser, preferred)
    page = context.new_page()
    page.goto(base_url, wait_until="domcontentloaded")
    assert scheme(page) == expected  # already while the page is parsed (main.html's head script), not after load
    page.wait_for_load_state("load")
    assert scheme(page) == expected
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(18, 22, 29)") == (expected == "slate")
    context.close()


def test_scheme_toggle_cycles_by_keyboard_and_persists(browser, base_url: str) -> None:
    context = phone(browser, "dark")
    page = context.new_page()
    page.goto(base_url + "topics/transformers/")
    page.focus("#pa-scheme")  # the toggle is a button (pa-chrome.js), reached by Tab
    seen = []
    for _ in range(3):
        page.keyboard.press("Enter")
        page.wait_for_timeout(200)
        seen.append(scheme(page))
    assert seen == ["default", "slate", "slate"]  # light, dark, then "follow the system" (dark here)
    page.keyboard.press("Enter")  # light again
    page.reload()
    assert scheme(page) == "default"  # the choice survives a reload...
    page.goto(base_url + "papers/deep-learning/")
    assert scheme(page) == "default"  # ...and applies on every page
    context.close()


CONTRAST = """([text, ground]) => {
    const rgb = el => getComputedStyle(el).color.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const bg = el => getComputedStyle(el).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const [a, b] = [lum(rgb(text)), lum(bg(ground))].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05); }"""


@pytest.mark.parametrize("preferred", ["light", "dark"])
def test_footer_and_sections_read_at_4_5_to_1(browser, base_url: str, preferred: str) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, color_scheme=preferred)
    page = context.new_page()
    page.goto(base_url + "papers/deep-learning/")
    pairs = {"footer text": ("footer.pa-footer p", "footer.pa-footer"),
             "footer link": ("footer.pa-footer a", "footer.pa-footer"),
             "section link": ("nav.pa-sections a", "nav.pa-sections"),
             "breadcrumb": ("nav.pa-breadcrumbs [aria-current]", "body")}
    ratios = {name: page.evaluate(f"(args) => ({CONTRAST})([document.querySelector(args[0]), document.querySelector(args[1])])",
                                  list(selectors)) for name, selectors in pairs.items()}
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"  # opaque grounds
    assert all(ratio >= 4.5 for ratio in ratios.values()), ratios
    context.close()
