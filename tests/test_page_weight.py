"""A paper page without math costs a first-time reader at most 150 KB on the wire (HTML, CSS, JS, gzip).

Issue 14. Chromium loads the page with an empty cache from a local server that gzips text as any host does
(tests/browser_support.SiteHandler); the test adds up what every response put on the wire, headers included.
"""

from __future__ import annotations

import gzip
import urllib.request
from collections.abc import Iterator

import pytest

from browser_support import CHROMIUM, VIEWPORTS, audit_site, launch, new_context, open_page, plain_paper_path, \
    serve_site

pytestmark = pytest.mark.browser
BUDGET = 150_000  # bytes transferred on a first visit

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (make browser installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def gzip_site() -> Iterator[tuple[str, str]]:
    """The audit site served with gzip, and the path of a plain paper page."""
    site = audit_site()
    with serve_site(site, compress=True) as base_url:
        yield base_url, plain_paper_path(site)


def test_the_server_gzips_text_as_a_host_does(gzip_site) -> None:
    base_url, path = gzip_site
    request = urllib.request.Request(base_url + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(response.read())
    assert body == (audit_site() / path / "index.html").read_bytes()
    with urllib.request.urlopen(base_url + path) as response:  # no Accept-Encoding: plain bytes
        assert response.headers["Content-Encoding"] is None and response.read() == body


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_a_plain_paper_page_transfers_at_most_150_kb(gzip_site, device: str) -> None:
    base_url, path = gzip_site
    transferred: dict[str, int] = {}
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = new_context(browser, device, "light").new_page()

        def count(request) -> None:
            sizes = request.sizes()
            transferred[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

        page.on("requestfinished", count)
        open_page(page, base_url, path, network_idle=True)
        total = sum(transferred.values())
        browser.close()
    breakdown = "\n".join(f"  {size:>7,} {url.removeprefix(base_url)}"
                          for url, size in sorted(transferred.items(), key=lambda item: -item[1]))
    assert any(url.endswith(".css") for url in transferred) and path in "".join(transferred)
    print(f"{path} on {device}: {total:,} bytes over {len(transferred)} requests\n{breakdown}")
    assert total <= BUDGET, f"{path} on {device}: {total:,} bytes over {len(transferred)} requests\n{breakdown}"
