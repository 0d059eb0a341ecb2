"""Screenshots of a built site in Debian's headless Chromium: each page at desktop and phone width, light and dark.

    python bench/screenshots.py [--site site] [--out test-artifacts/screens] [PATH ...]

PATHs are site-relative URLs (default: one page of each type found in the site). The site is served on
127.0.0.1 from a thread, because pages opened from file:// cannot fetch the search index.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")


# Types a host sends compressed (GitHub Pages and CDNs gzip text); images and fonts are compressed already.
COMPRESSIBLE = re.compile(r"^(text/|application/(json|javascript|xml|atom\+xml|x-bibtex)|image/svg\+xml)")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files as a host serves them: 404.html for a missing path, gzip when asked for (if compress)."""

    compress = False

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - the base class's contract
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash form
            path = path / "index.html"
        if not path.is_file():
            return self._send(404, "text/html; charset=utf-8", (Path(self.directory) / "404.html").read_bytes())
        kind = self.guess_type(str(path))
        if self.compress and COMPRESSIBLE.match(kind) and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send(200, kind, gzip.compress(path.read_bytes(), 6), encoding="gzip")
        return super().send_head()

    def _send(self, status: int, kind: str, body: bytes, encoding: str | None = None) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve_handler(handler, port: int = 0) -> Iterator[str]:  # noqa: ANN001 - a request handler class or partial
    """A request handler on 127.0.0.1 (an ephemeral port unless given), from a thread, for the block; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def serve(site: Path, *, compress: bool = False, port: int = 0):  # noqa: ANN201 - a context manager of the URL
    """The site on 127.0.0.1 (an ephemeral port unless given), gzipping text if compress, for the block."""
    handler = functools.partial(type("Handler", (SiteHandler,), {"compress": compress}), directory=str(site))
    return serve_handler(handler, port)


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
