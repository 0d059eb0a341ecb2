"""Screenshots of every page type at both sizes and in both schemes, and what they must show.

Issue 14. Saved to test-artifacts/screens/ (named as bench/screenshots.py names them) for a person to look at;
the test asserts what a screenshot can't be trusted to show by a glance: the page does not scroll sideways,
its main heading is in the first screen, and the scheme a reader's system asks for is the one drawn.
"""

from __future__ import annotations

import struct

import pytest

from browser_support import ARTIFACTS, PAGE_TYPES, SCHEMES, SCREENS, VIEWPORTS, open_page, require_chromium
from browser_support import browser, site_pages, tabs  # noqa: F401 - shared fixtures (the audit site, ARGS)

pytestmark = pytest.mark.browser

require_chromium()

SCREENS_DIR = ARTIFACTS / "screens"
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}  # Material's names, on <html data-md-color-scheme>
LAYOUT = """(width) => {
  const heading = document.querySelector('h1');
  const box = heading && heading.getBoundingClientRect();
  const style = heading && getComputedStyle(heading);
  return {
    scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth,
    heading: heading && heading.textContent.trim(), headingTop: box && box.top, headingBottom: box && box.bottom,
    headingShown: !!box && box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none',
    scheme: document.documentElement.getAttribute('data-md-color-scheme'),
    widest: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1
        && !(e.parentElement.getBoundingClientRect().right > width + 1)).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
        ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')),
  };
}"""


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_screenshot_shows_the_page_fitting_the_screen(site_pages, tabs, kind: str, device: str, scheme: str) -> None:
    base_url, paths = site_pages
    page = tabs(device, scheme)
    open_page(page, base_url, paths[kind])
    viewport = VIEWPORTS[device]
    layout = page.evaluate(LAYOUT, viewport["width"])
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    target = SCREENS_DIR / SCREENS.file_name(kind, device, scheme)
    page.screenshot(path=str(target), full_page=True)
    where = f"{paths[kind]} at {device} {scheme}"
    # A phone zooms out to fit what overflows, so compare with the device's width, not innerWidth.
    assert layout["scrollWidth"] <= viewport["width"], \
        f"{where} scrolls sideways ({layout['scrollWidth']} > {viewport['width']} px): {layout['widest']}"
    assert layout["heading"], f"{where} has no <h1>"
    assert layout["headingShown"] and 0 <= layout["headingTop"] and layout["headingBottom"] <= viewport["height"], \
        f"{where}: the heading {layout['heading']!r} is not in the first screen ({layout['headingTop']:.0f} px)"
    assert layout["scheme"] == MATERIAL_SCHEME[scheme], f"{where} drew the {layout['scheme']} scheme"
    width, height = png_size(target.read_bytes())
    assert width == viewport["width"] and height >= viewport["height"], f"{where}: a {width}x{height} screenshot"
