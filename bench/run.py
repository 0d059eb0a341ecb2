"""Benchmark: baseline mkdocs-material vs Paper Archive's build and search, printed as one table."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from generator.search.page import PAGE, SCRIPTS, STYLE  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST_QUERY = "graph neural"
LATER_QUERIES = ["transformer", "author:wang", "topic:vision learning", "year:2021 diffusion",
                 "optimization convergence", "robust"]
TYPO_QUERY = "garph nueral"  # "graph neural" with a swap in each word's first letters (issue 19)
NA = "n/a"
TYPING_DELAY_MS = 150  # a quick typist; every keystroke becomes a search


def measured(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float, str]:
    """Run a command under /usr/bin/time: wall seconds, peak RSS in MB, stdout."""
    report = Path(f"/tmp/bench-time-{os.getpid()}.txt")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report), *command], cwd=cwd, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak = int(report.read_text().strip().splitlines()[-1]) / 1024
    return seconds, peak, done.stdout


def tree_bytes(directory: Path) -> int:
    """Apparent size of every file below a directory."""
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


# --- (a) baseline -----------------------------------------------------------------------------

def write_baseline(content_dir: Path, project: Path) -> None:
    """Plain mkdocs-material: one Markdown page per paper, built-in search, a small explicit nav."""
    sys.path.insert(0, str(ROOT / "bench"))
    from index_build import load_fast

    docs = project / "docs" / "papers"
    docs.mkdir(parents=True, exist_ok=True)
    for stored in load_fast(content_dir):
        paper = stored.paper
        (docs / f"{stored.slug}.md").write_text(
            f"# {paper.title}\n\n**Authors:** {', '.join(paper.authors)}  \n**Date:** {paper.date or 'n.d.'}\n\n"
            f"{paper.abstract}\n", "utf-8")
    (project / "docs" / "index.md").write_text("# Papers\n\nUse the search box.\n", "utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: Baseline\ntheme:\n  name: material\nplugins:\n  - search\nnav:\n  - Home: index.md\n", "utf-8")


def measure_baseline(content_dir: Path, work: Path) -> dict:
    """Build time, peak memory, site and search index size of the baseline."""
    project = work / "baseline"
    shutil.rmtree(project, ignore_errors=True)
    write_baseline(content_dir, project)
    load_avg = load()
    seconds, peak, _ = measured([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project)
    index = (project / "site" / "search" / "search_index.json").read_bytes()
    return {"build_s": seconds, "peak_mb": peak, "load": load_avg, "site_bytes": site_bytes_without_assets(project / "site"),
            "index_raw": len(index), "index_gz": len(gzip.compress(index, 6))}


# --- (b, c, d) papers build ------------------------------------------------------------------

EDIT_MARK = "Edited for the benchmark"


def site_bytes_without_assets(site: Path) -> int:
    """The site's size per the target: everything but shared assets (theme, MathJax, search JS)."""
    return tree_bytes(site) - tree_bytes(site / "assets")


def measure_papers_build(content_dir: Path, work: Path, serve: bool = True) -> dict:
    """Full build, no-change rebuild, and a one-paper edit through `mkdocs serve`'s path and `papers build`."""
    docs, site, cache = work / "papers-docs", work / "papers-site", content_dir.parent / ".paper-archive-cache"
    for folder in (docs, site, cache):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "generator", "build", "--content", str(content_dir),
               "--docs-dir", str(docs), "--site-dir", str(site)]
    # What `mkdocs serve --dirty` runs on every change: the hook regenerates, MkDocs renders changed pages.
    serve_path = [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "-q",
                  "--config-file", str(ROOT / "mkdocs.yml")]
    env = {**os.environ, "PAPER_ARCHIVE_CONTENT_DIR": str(content_dir), "PAPER_ARCHIVE_DOCS_DIR": str(docs),
           "PAPER_ARCHIVE_SITE_DIR": str(site), "PAPER_ARCHIVE_SITE_URL": "http://127.0.0.1:8000/"}
    papers = sorted((content_dir / "papers").glob("*.md"))
    result: dict = {}
    try:
        result["full_load"] = load()
        result["full_s"], result["full_mb"], out = measured(command, cwd=ROOT)
        result["full_out"] = out.splitlines()[0] if out else ""
        result["site_bytes"] = site_bytes_without_assets(site)
        result["index_bytes"] = tree_bytes(site / "search-index")
        result["again_load"] = load()
        result["again_s"], _, out = measured(command, cwd=ROOT)
        result["again_out"] = out.splitlines()[0] if out else ""
        result.update(measure_mkdocs_floor(docs, work, env, papers[0]))
        for key, victim, runner in (("serve", papers[0], serve_path), ("edit", papers[1], command)):
            mark = f"{EDIT_MARK} {key} {time.time_ns()}"  # unique: a reused corpus holds earlier runs' marks
            victim.write_text(victim.read_text("utf-8").rstrip("\n") + f" {mark}.\n", "utf-8")
            result[f"{key}_load"] = load()
            result[f"{key}_s"], _, out = measured(runner, cwd=ROOT, env=env if key == "serve" else None)
            page = (site / "papers" / victim.stem / "index.html").read_text("utf-8")
            index_hit = subprocess.run(["grep", "-rlF", mark, str(site / "search-index" / "docs")],
                                       capture_output=True, text=True).stdout.strip()
            result[f"{key}_updated"] = mark in page and bool(index_hit)
        if serve:  # its first, untimed build is a whole MkDocs build again
            result.update(measure_serve(content_dir, work, papers[2]))
    except RuntimeError as error:
        print(f"papers build failed: {str(error)[:600]}", file=sys.stderr)
        result["error"] = str(error)[:300]
    return result


def measure_mkdocs_floor(docs: Path, work: Path, env: dict, victim: Path) -> dict:
    """MkDocs alone on the docs tree `papers build` generated (the hook skips generating): what a build
    costs however fast the generator is. Full into a fresh site; then `--dirty` after one paper page's
    Markdown changed, the least an edit can cost while MkDocs builds the site. And the size of a paper
    page, Material's chrome included."""
    site = work / "mkdocs-only-site"
    shutil.rmtree(site, ignore_errors=True)
    floor_env = {**env, "PAPER_ARCHIVE_SKIP_GENERATE": "1", "PAPER_ARCHIVE_SITE_DIR": str(site)}
    config = ["--config-file", str(ROOT / "mkdocs.yml")]
    result: dict = {"floor_load": load()}
    result["floor_s"], result["floor_mb"], _ = measured(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", *config], cwd=ROOT, env=floor_env)
    page = docs / "papers" / f"{victim.stem}.md"
    os.utime(page)  # newer than its HTML: the one page a dirty build renders
    result["floor_dirty_s"], _, _ = measured(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "-q", *config], cwd=ROOT, env=floor_env)
    pages = [path.stat().st_size for path in (site / "papers").glob("*/index.html")]
    result["paper_page_bytes"] = sum(pages) / len(pages) if pages else None
    shutil.rmtree(site, ignore_errors=True)
    return result


def free_port() -> int:
    """A TCP port nothing listens on."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    """The body of a URL, '' when it cannot be fetched (yet)."""
    from urllib.request import urlopen

    try:
        with urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def measure_serve(content_dir: Path, work: Path, victim: Path, timeout: float = 3600) -> dict:
    """(d) as a reader previews: `mkdocs serve --dirty` running, one paper file edited, seconds until the
    served page shows the edit (the hook regenerates the docs tree, search index included, then MkDocs
    renders the changed pages). The first, full build of `serve` is not timed."""
    docs = work / "serve-docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)  # MkDocs checks docs_dir exists before the hook fills it
    port = free_port()
    env = {**os.environ, "PAPER_ARCHIVE_CONTENT_DIR": str(content_dir), "PAPER_ARCHIVE_DOCS_DIR": str(docs),
           "PAPER_ARCHIVE_SITE_URL": f"http://127.0.0.1:{port}/"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                               "--dev-addr", f"127.0.0.1:{port}", "--config-file", str(ROOT / "mkdocs.yml")],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page_url = f"http://127.0.0.1:{port}/papers/{victim.stem}/"
    mark = f"{EDIT_MARK} serve-live {time.time_ns()}"  # unique: a reused corpus holds earlier runs' marks
    try:
        deadline = time.monotonic() + timeout
        while victim.stem not in fetch(page_url):  # the first build: not timed
            if server.poll() is not None or time.monotonic() > deadline:
                return {"error": "mkdocs serve did not come up"}
            time.sleep(1)
        time.sleep(2)  # let the watcher settle after the first build
        load_avg = load()
        victim.write_text(victim.read_text("utf-8").rstrip("\n") + f" {mark}.\n", "utf-8")
        started = time.perf_counter()
        while mark not in fetch(page_url):
            if server.poll() is not None or time.monotonic() > deadline:
                return {"error": "the edit never showed"}
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        index_hit = subprocess.run(["grep", "-rlF", mark, str(docs / "search-index")], capture_output=True,
                                   text=True).stdout.strip()
        return {"live_s": seconds, "live_load": load_avg, "live_updated": bool(index_hit)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def load() -> float:
    """The 1-minute load average: the machine is shared, so every timing carries it."""
    return os.getloadavg()[0]


# --- (e, f, g) our search ----------------------------------------------------------------------

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


# --- table -----------------------------------------------------------------------------------

def fmt(value, unit: str = "", base=None, digits: int = 1) -> str:
    """A cell: value with unit, and its ratio to the baseline when one is given."""
    if value is None:
        return NA
    text = f"{value:,.{digits}f}{unit}"
    if base:
        text += f" ({value / base:.2g}×)"
    return text


def timed(value, base=None, load_avg=None) -> str:
    """A time cell with its ratio to the baseline and the load average it was measured under."""
    text = fmt(value, " s", base)
    return text + (f" [load {load_avg:.1f}]" if value is not None and load_avg is not None else "")


# Why a target is missed, from profiles (bench/RESULTS.md has the detail).
WHY = {
    "full": "the baseline is MkDocs alone on one plain page per paper; here MkDocs renders ~1.34 pages per "
            "paper (paper, author, topic, year) through Material's templates and copies ~4 files per paper, after "
            "the generator has parsed the store and computed issue 8's features (related papers, a chart per "
            "author and topic, citation files, feeds) and the search index; MkDocs uses one of the 2 cores",
    "memory": "MkDocs keeps every page's front matter and HTML until the build ends (~1.34 pages per paper, "
              "richer than the baseline's); the generator keeps the parsed store and the site model",
    "again": "stat of every paper file + the docs tree to prove nothing changed",
    "serve": "an edit recomputes only the units that read the paper, but the site model (grouping, unit keys), "
             "the whole-store outputs (search index, papers.json, home and directories) and MkDocs --dirty's "
             "walk over every docs file still scale with the archive",
    "edit": "as for the serve path, plus a new process: Python, MkDocs/Material imports and the parse cache",
    "index": "per-paper work in CPython (display-fragment JSON, author and topic terms, records, shards; "
             "titles and abstracts are tokenised in numpy batches) and writing ~15,000 files, slower right "
             "after the old index folder was deleted",
    "size": "Material's chrome on each of ~1.4 pages per paper, each paper's three citation files, per-author "
            "and per-topic feeds (issue 8)",
    "later": "broad one-word queries rank many hits",
    "floor": "MkDocs alone, with the generator's work already done, is over the target: no generator change "
             "can meet it while MkDocs and Material render the site",
    "page": "one paper page alone is over the target (Material's header, search box, footer and scripts)",
}


def target_note(value, limit, why: str) -> str:
    """'met' or how far off a target is, and why."""
    if value is None:
        return NA
    if value <= limit:
        return "met"
    return f"**missed**, {value / limit:.1f}× the target: {WHY.get(why, why)}"


def make_table(rows: dict[int, dict]) -> str:
    """One Markdown table, a column per corpus size, ratios against the baseline (a), and the targets
    checked at the largest size measured."""
    sizes = sorted(rows)
    top = sizes[-1]
    lines = ["| metric | " + " | ".join(f"N={n:,}" for n in sizes) + f" | target | at N={top:,} |",
             "|---|" + "---|" * len(sizes) + "---|---|"]

    def row(label: str, cell, target: str = "", check=None) -> None:
        note = ""
        if check is not None:
            try:
                note = check(rows[top], top)
            except (KeyError, TypeError, ZeroDivisionError):
                note = NA
        cells = []
        for n in sizes:
            try:
                cells.append(cell(rows[n], n))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append(NA)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {note} |")

    kb, mb = 1024, 1024 * 1024
    a = lambda r: r.get("a") or {}  # noqa: E731
    b = lambda r: r.get("b") or {}  # noqa: E731
    row("(a) baseline mkdocs-material build", lambda r, n: timed(a(r)["build_s"], None, a(r).get("load")))
    row("(a) baseline peak memory", lambda r, n: fmt(a(r)["peak_mb"], " MB", digits=0))
    row("(a) baseline site / paper", lambda r, n: fmt(a(r)["site_bytes"] / n / kb, " KB"))
    row("(a) baseline search_index.json raw / gzip",
        lambda r, n: f"{a(r)['index_raw'] / mb:,.1f} MB / {a(r)['index_gz'] / mb:,.2f} MB")
    row("(b) `papers build`, full (clean dirs, no cache)",
        lambda r, n: timed(b(r)["full_s"], a(r).get("build_s"), b(r).get("full_load")), "≤ 0.6× (a)",
        lambda r, n: target_note(b(r)["full_s"] / a(r)["build_s"], 0.6, "full"))
    row("(b) `papers build` peak memory", lambda r, n: fmt(b(r)["full_mb"], " MB", a(r).get("peak_mb"), 0),
        "≤ 1× (a)", lambda r, n: target_note(b(r)["full_mb"] / a(r)["peak_mb"], 1.0, "memory"))
    row("(b) of which MkDocs alone: `mkdocs build` on the generated docs tree", lambda r, n: timed(
        b(r)["floor_s"], a(r).get("build_s"), b(r).get("floor_load")) + f", {b(r)['floor_mb']:,.0f} MB",
        "≤ 0.6× (a)", lambda r, n: target_note(b(r)["floor_s"] / a(r)["build_s"], 0.6, "floor"))
    row("(c) `papers build`, nothing changed", lambda r, n: timed(b(r)["again_s"], a(r).get("build_s"), b(r).get("again_load")),
        "≤ 5 s", lambda r, n: target_note(b(r)["again_s"], 5, "again"))
    row("(d) one paper edited → served page shows it, `mkdocs serve --dirty` running (hook + dirty build)",
        lambda r, n: timed(b(r)["live_s"], a(r).get("build_s"), b(r).get("live_load"))
        + ("" if b(r).get("live_updated") else " **index not updated**"),
        "≤ 5 s", lambda r, n: target_note(b(r)["live_s"], 5, "serve"))
    row("(d) one paper edited, `mkdocs build --dirty` in a new process (hook + dirty build)",
        lambda r, n: timed(b(r)["serve_s"], a(r).get("build_s"), b(r).get("serve_load"))
        + ("" if b(r).get("serve_updated") else " **not updated**"),
        "≤ 5 s", lambda r, n: target_note(b(r)["serve_s"], 5, "serve"))
    row("(d) one paper edited, `papers build`",
        lambda r, n: timed(b(r)["edit_s"], a(r).get("build_s"), b(r).get("edit_load"))
        + ("" if b(r).get("edit_updated") else " **not updated**"),
        "≤ 5 s", lambda r, n: target_note(b(r)["edit_s"], 5, "edit"))
    row("(d) of which MkDocs alone: `mkdocs build --dirty`, one page changed",
        lambda r, n: timed(b(r)["floor_dirty_s"], a(r).get("build_s")), "≤ 5 s",
        lambda r, n: target_note(b(r)["floor_dirty_s"], 5, "floor"))
    row("(e) search index build (store in memory → files)", lambda r, n: timed(r["e"]["build_s"], None, r["e"].get("load")),
        "≤ 10 s", lambda r, n: target_note(r["e"]["build_s"], 10, "index"))
    row("(e) search index no-change rebuild",
        lambda r, n: f"{r['e']['again_build_s']:.2f} s, {r['e']['again_written']} files written")
    row("(e) index process peak memory (incl. loading store)", lambda r, n: fmt(r["e"]["peak_mb"], " MB", a(r).get("peak_mb"), 0),
        "≤ 1,024 MB", lambda r, n: target_note(r["e"]["peak_mb"], 1024, "index"))
    row("(f) first query bytes, gzip (incl. JS+CSS)",
        lambda r, n: fmt(r["f"]["first"]["gz"] / kb, " KB", a(r).get("index_gz", 0) / kb or None),
        "≤ 300 KB", lambda r, n: target_note(r["f"]["first"]["gz"] / kb, 300, ""))
    row("(f) first query bytes, uncompressed", lambda r, n: fmt(r["f"]["first"]["raw"] / kb, " KB"))
    row(f"(f) first query typed at {TYPING_DELAY_MS} ms/key, gzip",
        lambda r, n: fmt(r["f"]["typed"]["gz"] / kb, " KB", a(r).get("index_gz", 0) / kb or None),
        "≤ 300 KB", lambda r, n: target_note(r["f"]["typed"]["gz"] / kb, 300, ""))
    row("(f) first query: ms after bytes arrive / total",
        lambda r, n: f"{r['f']['first']['compute_ms']:.1f} / {r['f']['first']['total_ms']:.0f} ms",
        "≤ 100 ms after bytes", lambda r, n: target_note(r["f"]["first"]["compute_ms"], 100, "later"))
    row("(f) later queries: max ms after bytes / max total",
        lambda r, n: f"{r['f']['later_compute_ms_max']:.1f} / {r['f']['later_total_ms_max']:.0f} ms",
        "≤ 30 ms", lambda r, n: target_note(r["f"]["later_compute_ms_max"], 30, "later"))
    row("(f) later queries: bytes gzip median / max",
        lambda r, n: f"{r['f']['later_bytes_gz_median'] / kb:.1f} / {r['f']['later_bytes_gz_max'] / kb:.1f} KB")
    row(f"(f) typo'd query \"{TYPO_QUERY}\" as the first query: gzip (incl. JS+CSS) / ms after bytes / total",
        lambda r, n: (f"{r['f']['typo_first']['gz'] / kb:.1f} KB / {r['f']['typo_first']['compute_ms']:.1f} / "
                      f"{r['f']['typo_first']['total_ms']:.0f} ms, {r['f']['typo_first']['results']}"),
        "≤ 300 KB, ≤ 100 ms", lambda r, n: target_note(r["f"]["typo_first"]["gz"] / kb, 300, ""))
    row(f"(f) typo'd query \"{TYPO_QUERY}\" after the others: gzip / ms after bytes / total",
        lambda r, n: (f"{r['f']['typo_later']['gz'] / kb:.1f} KB / {r['f']['typo_later']['compute_ms']:.1f} / "
                      f"{r['f']['typo_later']['total_ms']:.0f} ms"))
    row("(f) opening topic/category/source facets (once)", lambda r, n: fmt(r["f"]["facet_panel_gz"] / kb, " KB gz"))
    row("(g) search index on disk / paper", lambda r, n: fmt(r["e"]["bytes"] / n / kb, " KB", digits=2))
    row("(g) `papers build` site / paper, excl. shared assets",
        lambda r, n: fmt(b(r)["site_bytes"] / n / kb, " KB", a(r)["site_bytes"] / n / kb if a(r) else None),
        "≤ 10 KB", lambda r, n: target_note(b(r)["site_bytes"] / n / kb, 10, "size"))
    row("(g) one paper page (HTML, Material's chrome included)", lambda r, n: fmt(b(r)["paper_page_bytes"] / kb, " KB"),
        "≤ 10 KB", lambda r, n: target_note(b(r)["paper_page_bytes"] / kb, 10, "page"))
    return "\n".join(lines)


def machine() -> str:
    """nproc, CPU model, Python and date."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    from importlib.metadata import version

    return (f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
            f"mkdocs-material {version('mkdocs-material')}, {dt.date.today().isoformat()}, load average at the end "
            f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min; the machine is shared)")


def main() -> None:
    """python bench/run.py --sizes 1000,10000 [--work DIR] [--no-baseline] [--no-papers-build] [--json FILE]"""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/paper-bench"))
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-papers-build", action="store_true")
    parser.add_argument("--no-serve", action="store_true", help="skip (d) on a running `mkdocs serve`")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--reuse-corpus", action="store_true", help="keep an existing corpus of the right size")
    args = parser.parse_args()
    rows = {}
    for size in [int(part) for part in args.sizes.split(",")]:
        work = args.work / str(size)
        content = work / "content"
        started = time.perf_counter()
        papers = content / "papers"
        if not (args.reuse_corpus and papers.is_dir() and sum(1 for _ in papers.glob("*.md")) == size):
            shutil.rmtree(content, ignore_errors=True)
            write_corpus(size, content)
        print(f"[{size}] corpus written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        row = {"a": {} if args.no_baseline else measure_baseline(content, work)}
        print(f"[{size}] baseline: {row['a']}", file=sys.stderr)
        row["e"] = measure_index(content, work)
        print(f"[{size}] index: { {k: v for k, v in row['e'].items() if k != 'site'} }", file=sys.stderr)
        row["f"] = measure_browser(row["e"].pop("site"))
        print(f"[{size}] browser: {json.dumps(row['f']['queries'])}", file=sys.stderr)
        row["b"] = {} if args.no_papers_build else measure_papers_build(content, work, not args.no_serve)
        print(f"[{size}] papers build: {row['b']}", file=sys.stderr)
        rows[size] = row
        if args.json:
            args.json.write_text(json.dumps(rows, indent=1, default=str))
    print(f"Machine: {machine()}\n")
    print(make_table(rows))


if __name__ == "__main__":
    main()
