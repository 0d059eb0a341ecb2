"""Search benchmarks: the index built from the store (e, g) and queries in Chromium (f)."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from measuring import load, measured

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.search.page import PAGE, SCRIPTS, STYLE  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_QUERY = "graph neural"
LATER_QUERIES = ["transformer", "author:wang", "topic:vision learning", "year:2021 diffusion",
                 "optimization convergence", "robust"]
TYPO_QUERY = "garph nueral"  # "graph neural" with a swap in each word's first letters (issue 19)
TYPING_DELAY_MS = 150  # a quick typist; every keystroke becomes a search


def measure_index(content_dir: Path, work: Path) -> dict:
    """Index build time (papers already in memory), whole-process peak memory, size."""
    site = work / "search-site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    load_avg = load()
    seconds, peak, out = measured([sys.executable, str(ROOT / "bench" / "index_build.py"), str(content_dir),
                                   str(site / "search-index")])
    stats = json.loads(out)
    again = json.loads(measured([sys.executable, str(ROOT / "bench" / "index_build.py"), str(content_dir),
                                 str(site / "search-index")])[2])
    for script in SCRIPTS:
        shutil.copyfile(script, site / script.name)
    shutil.copyfile(STYLE, site / STYLE.name)
    (site / "index.html").write_text(PAGE, "utf-8")
    return {**stats, "process_s": seconds, "peak_mb": peak, "load": load_avg, "again_build_s": again["build_s"],
            "again_written": again["written"], "site": site}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def measure_browser(site: Path) -> dict:
    """Bytes fetched and time to results for a first query (cold) and later queries, in Chromium."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    sizes: dict[str, tuple[int, int]] = {}

    def size_of(request_url: str) -> tuple[int, int]:
        path = unquote(urlparse(request_url).path).lstrip("/") or "index.html"
        if path not in sizes:
            data = (site / path).read_bytes()
            sizes[path] = (len(data), len(gzip.compress(data, 6)))
        return sizes[path]

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page, fetched = open_page(browser, url)
            typed = run_query(page, FIRST_QUERY, fetched, size_of, typed=True)
            page.close()
            page, fetched = open_page(browser, url)
            results = [run_query(page, FIRST_QUERY, fetched, size_of, typed=False, cold=True)]
            results += [run_query(page, query, fetched, size_of, typed=False) for query in LATER_QUERIES]
            typo_later = run_query(page, TYPO_QUERY, fetched, size_of, typed=False)
            start = len(fetched)
            page.click(".ps-facet[data-facet=topic] summary")
            page.wait_for_selector(".ps-facet[data-facet=topic] .ps-value")
            page.wait_for_load_state("networkidle")
            facet_gz = sum(size_of(u)[1] for u in fetched[start:])
            page.close()
            page, fetched = open_page(browser, url)
            typo_first = run_query(page, TYPO_QUERY, fetched, size_of, typed=False, cold=True)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    first, later = results[0], results[1:]
    return {"first": first, "typed": typed, "later_bytes_gz_max": max(r["gz"] for r in later),
            "later_bytes_gz_median": sorted(r["gz"] for r in later)[len(later) // 2],
            "later_compute_ms_max": max(r["compute_ms"] for r in later),
            "later_total_ms_max": max(r["total_ms"] for r in later), "facet_panel_gz": facet_gz,
            "typo_first": typo_first, "typo_later": typo_later, "queries": [typed, *results, typo_later, typo_first]}


def open_page(browser, url: str):
    """A fresh page (own context, so an empty cache) that records every finished request."""
    page = browser.new_context().new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, fetched


def run_query(page, text: str, fetched: list[str], size_of, typed: bool, cold: bool = False) -> dict:
    """Run one query in the widget; bytes fetched for it (all files but the HTML page) and its timings."""
    start = 0 if typed or cold else len(fetched)
    if typed:
        page.type(".ps-input", text, delay=TYPING_DELAY_MS)
    else:
        page.fill(".ps-input", text)
    page.wait_for_function("q => { const r = document.querySelector('[data-paper-search]');"
                           " return r.dataset.state === 'done' && r.dataset.query === q; }", arg=text, timeout=60000)
    page.wait_for_load_state("networkidle")
    urls = [u for u in fetched[start:] if not urlparse(u).path.endswith(("/", ".html"))]
    raw = sum(size_of(u)[0] for u in urls)
    gz = sum(size_of(u)[1] for u in urls)
    timing = page.evaluate("document.querySelector('[data-paper-search]').paperSearch.timing")
    count = page.text_content(".ps-status")
    return {"query": text, "requests": len(urls), "raw": raw, "gz": gz, "compute_ms": timing["computeMs"],
            "total_ms": timing["totalMs"], "results": count}


