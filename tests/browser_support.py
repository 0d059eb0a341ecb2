"""Shared pieces of the page audits (issue 14): the audit site, its page types, a gzip server, Chromium contexts.

The audit site is the bundled store (content/) plus one paper with 34 named authors, built once per test
session with the default site URL (root-relative links), so every page type a reader meets is there:
a paper with math, one with 30+ authors, one with only an author count, listings with trend charts.
"""

from __future__ import annotations

import atexit
import functools
import http.server
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build import build_site
from generator.models import Paper, Source

from helpers import load_module
from sitebuild import ROOT, write_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
SCREENS = load_module(ROOT / "bench" / "screenshots.py", "bench_screenshots_for_audit")  # sizes, schemes, names
VIEWPORTS: dict[str, dict[str, int]] = SCREENS.VIEWPORTS  # desktop 1366x900, phone 390x844
SCHEMES: tuple[str, ...] = SCREENS.SCHEMES  # light, dark
MANY_AUTHORS_SLUG = "a-benchmark-written-by-a-large-collaboration"
SEARCH_HIT, SEARCH_MISS = "memorization", "zzzzqqq"
PAGE_TYPES = ["home", "paper-math", "paper-many-authors", "paper-count-only", "topic", "author", "year", "all-authors",
              "all-topics", "all-years", "search-results", "search-empty", "not-found"]  # the keys of page_types()
_BUILT: dict[str, Path] = {}


def many_authors_paper() -> Paper:
    """A large-collaboration paper: 34 named authors (the bundled store names none past 30)."""
    given = ["Ana", "Bo", "Chloé", "Dmitri", "Eun-ji", "Farah", "Guillermo", "Hiroshi", "Ines", "Jakub", "Kwame",
             "Leilani", "Mateo", "Nadia", "Oren", "Priya", "Quentin", "Rania", "Søren", "Tomás", "Uma", "Vikram",
             "Wen", "Xiadani", "Yusuf", "Zofia", "Aarav", "Beatriz", "Ciarán", "Dalia", "Émile", "Fatima", "Gao",
             "Hannah"]
    family = ["Silva", "Zhang", "Dubois", "Ivanov", "Kim", "Haddad", "Ortega", "Tanaka", "Moreau", "Nowak",
              "Mensah", "Kahale", "Rossi", "Rahman", "Levi", "Iyer", "Martin", "Saleh", "Jørgensen", "Álvarez",
              "Patel", "Rao", "Li", "Hernández", "Demir", "Kowalska", "Sharma", "Costa", "Ó Briain", "Cohen",
              "Lefèvre", "Okafor", "Wei", "Schmidt"]
    authors = [f"{first} {last}" for first, last in zip(given, family)]
    abstract = ("We release a benchmark of memorization in language models, assembled by a collaboration of "
                "thirty-four researchers across twenty institutions, with held-out splits and a public leaderboard.")
    return Paper(title="A Benchmark Written by a Large Collaboration", authors=authors, author_count=len(authors),
                 date="2024-05-14", topics=["rote learning"], arxiv="2405.01234", arxiv_category="cs.CL",
                 upvotes=21, code=True, links=["https://github.com/example/large-collaboration-benchmark"],
                 sources=[Source(listing="hf-daily-papers-3.txt", format="hf-daily-papers", line=9999,
                                 captured="2025-12-03", title="A Benchmark Written by a Large Collaboration",
                                 authors=list(authors), author_count=len(authors), date="2024-05-14")],
                 abstract=abstract)


def audit_site() -> Path:
    """The site/ folder of the audit site, built once per test session (tests must not modify it)."""
    if "site" not in _BUILT:
        root = Path(tempfile.mkdtemp(prefix="paper-archive-audit-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        content = root / "content"
        shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".lock", ".journal*"))
        write_store(content, {MANY_AUTHORS_SLUG: many_authors_paper()})
        build_site(content, docs_dir=root / "docs", site_dir=root / "site")
        _BUILT["site"] = root / "site"
    return _BUILT["site"]


def _paper_path(site: Path, match) -> str:
    """The site-relative URL of the first paper in papers.json that a predicate accepts."""
    for paper in json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]:
        if match(paper, site / "papers" / paper["slug"] / "index.html"):
            return f"papers/{paper['slug']}/"  # papers.json has absolute URLs only with a site URL
    raise LookupError("no paper in the audit site fits")


def _has_math(paper: dict, page: Path) -> bool:
    """A page the generator marked as holding math: it is the one kind that loads MathJax."""
    return "assets/mathjax/" in page.read_text(encoding="utf-8")


def _largest(site: Path, pattern: str) -> str:
    """The site-relative URL of the biggest page matching a glob of index.html files (the most papers listed)."""
    found = [path for path in site.glob(pattern) if path.parent != site]
    if not found:
        raise LookupError(f"no page matches {pattern}")
    return max(found, key=lambda path: (path.stat().st_size, str(path))).parent.relative_to(site).as_posix() + "/"


def page_types(site: Path) -> dict[str, str]:
    """One site-relative URL per page type the audits cover, found in the built site (not hard-coded slugs)."""
    return {
        "home": "",
        "paper-math": _paper_path(site, _has_math),
        "paper-many-authors": _paper_path(site, lambda paper, _: len(paper.get("authors") or []) >= 30),
        "paper-count-only": _paper_path(site, lambda paper, _: not paper.get("authors") and paper.get("author_count")),
        "topic": _largest(site, "topics/*/index.html"),
        "author": _largest(site, "authors/*/index.html"),
        "year": _largest(site, "years/*/index.html"),
        "all-authors": "authors/",
        "all-topics": "topics/",
        "all-years": "years/",
        "search-results": f"search/?q={SEARCH_HIT}",
        "search-empty": f"search/?q={SEARCH_MISS}",
        "not-found": "no-such-page/",
    }


def plain_paper_path(site: Path) -> str:
    """A paper page without math, with named authors: the page of the transfer-size budget."""
    return _paper_path(site, lambda paper, page: paper.get("authors") and not _has_math(paper, page)
                       and len(paper["authors"]) < 30)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Plain static files (no 404.html, no gzip), without a log line per request."""

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


def serve_directory(root: Path):  # noqa: ANN201 - a context manager of the URL
    """A folder served as plain static files on 127.0.0.1 from a thread, for the block; yields its URL."""
    return SCREENS.serve_handler(functools.partial(QuietHandler, directory=str(root)))


def require_chromium():  # noqa: ANN201 - Playwright's sync_api module
    """Skip the calling test module, at import, unless Debian's chromium and Playwright are installed."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


# Shared fixtures. A module opts in by importing them (`from browser_support import base_url, browser, page`);
# what it serves is the `served_site` fixture (tests/conftest.py: the fixture site), which a module may override,
# and the Chromium flags are its CHROMIUM_ARGS if it has them (else ARGS). The audits import site_pages and tabs.

@pytest.fixture(scope="module")
def base_url(served_site: Path) -> Iterator[str]:
    """The module's site (`served_site`) served as plain static files on 127.0.0.1 from a thread."""
    with serve_directory(served_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[object]:
    """Debian's headless Chromium, launched with the test module's CHROMIUM_ARGS (default ARGS)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright, getattr(request.module, "CHROMIUM_ARGS", ARGS))
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url: str) -> Iterator[object]:  # noqa: ANN001
    """A 1280x900 page with no network beyond the local server, recording console errors and dialogs.

    page.errors: console errors and uncaught exceptions; page.dialogs: the messages of dialogs (each dismissed);
    page.offsite: the URLs of requests outside base_url (each aborted).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors, page.dialogs, page.offsite = [], [], []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))

    def only_local(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            page.offsite.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield page
    context.close()


def serve_site(site: Path, *, compress: bool = False):  # noqa: ANN201 - a context manager
    """The site on 127.0.0.1 as a host serves it (404.html, gzip if compress): bench/screenshots.py's server."""
    return SCREENS.serve(site, compress=compress)


def launch(playwright, args: list[str] = ARGS):  # noqa: ANN001, ANN201 - Playwright's own types
    """Debian's headless Chromium (never a downloaded browser build)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)


def new_context(browser, device: str, scheme: str):  # noqa: ANN001, ANN201
    """A fresh first-visit context at a viewport size and colour scheme (Material's palette follows the latter)."""
    return SCREENS.new_context(browser, device, scheme)


def settle(page, *, network_idle: bool = False) -> None:  # noqa: ANN001
    """Wait until what scripts draw is drawn: search results (or their absence) and typeset math.

    The load event already waits for every script the page names; network_idle also waits out what scripts
    fetch later (0.5 s of quiet per page, so only the transfer-size test asks for it).
    """
    if network_idle:
        page.wait_for_load_state("networkidle")
    if page.locator("[data-paper-search]").count():
        page.wait_for_function("() => document.querySelector('[data-paper-search]').dataset.state === 'done'",
                               timeout=15_000)
    page.evaluate("() => Promise.all([document.fonts.ready, window.MathJax && MathJax.startup"
                  " && MathJax.startup.promise]).then(() => true)")


def open_page(page, base_url: str, path: str, *, network_idle: bool = False) -> None:  # noqa: ANN001
    """Go to a site-relative path and wait until it has settled."""
    page.goto(base_url + path, wait_until="load")
    settle(page, network_idle=network_idle)


@pytest.fixture(scope="module")
def site_pages() -> Iterator[tuple[str, dict[str, str]]]:
    """The audit site served on 127.0.0.1 as a host serves it, and its page of each type."""
    site = audit_site()
    with serve_site(site) as base_url:
        yield base_url, page_types(site)


@pytest.fixture(scope="module")
def tabs(browser) -> Iterator[object]:  # noqa: ANN001
    """tabs(device, scheme): one tab per viewport and scheme, opened on first use and reused by every page type."""
    opened: dict[tuple[str, str], object] = {}

    def tab(device: str, scheme: str):  # noqa: ANN202
        if (device, scheme) not in opened:
            opened[(device, scheme)] = new_context(browser, device, scheme).new_page()
        return opened[(device, scheme)]

    yield tab
    for page in opened.values():
        page.context.close()
