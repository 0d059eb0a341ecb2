"""Screenshots of a built site in Debian's headless Chromium: each page at desktop and phone width, light and dark.

    python bench/screenshots.py [--site site] [--out test-artifacts/screens] [PATH ...]

PATHs are site-relative URLs (default: one page of each type found in the site). The site is served on
127.0.0.1 from a thread, because pages opened from file:// cannot fetch the search index.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file server that keeps the terminal clean."""

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site on an ephemeral port of 127.0.0.1, for the duration of the block."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first(site: Path, pattern: str) -> str | None:
    """The site-relative URL of the first page matching a glob, sorted, or None."""
    found = sorted(site.glob(pattern))
    return str(found[0].parent.relative_to(site)) + "/" if found else None


def default_paths(site: Path) -> list[str]:
    """One page of each type: home, a paper, topic, author, year, the directories, search, 404."""
    paths = ["", "search/?q=memorization", "search/?q=zzzzqqq", "topics/", "authors/", "years/", "404.html"]
    for pattern in ("papers/*/index.html", "topics/*/index.html", "authors/*/index.html", "years/*/index.html"):
        found = first(site, pattern)
        if found:
            paths.append(found)
    return paths


def file_name(path: str, device: str, scheme: str) -> str:
    """The PNG name for a site-relative path at a viewport and scheme ('papers_x--phone-dark.png')."""
    name = (path.strip("/").replace("/", "_").replace("?q=", "-") or "home").replace(".html", "")
    return f"{name}--{device}-{scheme}.png"


def new_context(browser, device: str, scheme: str):  # noqa: ANN001, ANN201 - Playwright's own types
    """A first-visit browser context at one of VIEWPORTS in one of SCHEMES (phone: mobile with touch)."""
    return browser.new_context(viewport=VIEWPORTS[device], color_scheme=scheme,
                               is_mobile=device == "phone", has_touch=device == "phone")


def shoot(site: Path, out: Path, paths: list[str], full_page: bool = True) -> list[Path]:
    """Save one PNG per path, viewport and scheme; return their paths."""
    from playwright.sync_api import sync_playwright
    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        for device in VIEWPORTS:
            for scheme in SCHEMES:
                context = new_context(browser, device, scheme)
                page = context.new_page()
                for path in paths:
                    page.goto(base + path, wait_until="networkidle")
                    target = out / file_name(path, device, scheme)
                    page.screenshot(path=str(target), full_page=full_page)
                    saved.append(target)
                context.close()
        browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("test-artifacts/screens"))
    parser.add_argument("--viewport-only", action="store_true", help="the first screen only, not the full page")
    args = parser.parse_args()
    for path in shoot(args.site, args.out, args.paths or default_paths(args.site), not args.viewport_only):
        print(path)


if __name__ == "__main__":
    main()
