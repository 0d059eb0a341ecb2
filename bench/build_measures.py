"""Build benchmarks: plain mkdocs-material on the corpus (a) and Paper Archive's builds (b, c, d, preview)."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from measuring import bytes_by_kind, load, measured, site_bytes_without_assets, tree_bytes

ROOT = Path(__file__).resolve().parent.parent

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
SITE_URL = "http://127.0.0.1:8000/"


def measure_papers_build(content_dir: Path, work: Path, serve: bool = True) -> dict:
    """Full build, no-change rebuild, and a one-paper edit through `mkdocs serve`'s path and `papers build`."""
    docs, site, cache = work / "papers-docs", work / "papers-site", content_dir.parent / ".paper-archive-cache"
    for folder in (docs, site, cache):
        shutil.rmtree(folder, ignore_errors=True)
    # One site URL for every step: the URL is an input of every page, so a step with another one renders the
    # whole tree again and measures that rather than the edit.
    command = [sys.executable, "-m", "generator", "build", "--content", str(content_dir),
               "--docs-dir", str(docs), "--site-dir", str(site), "--site-url", SITE_URL]
    # What `mkdocs serve --dirty` runs on every change: the hook regenerates, MkDocs renders changed pages.
    serve_path = [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "-q",
                  "--config-file", str(ROOT / "mkdocs.yml")]
    env = {**os.environ, "PAPER_ARCHIVE_CONTENT_DIR": str(content_dir), "PAPER_ARCHIVE_DOCS_DIR": str(docs),
           "PAPER_ARCHIVE_SITE_DIR": str(site), "PAPER_ARCHIVE_SITE_URL": SITE_URL}
    papers = sorted((content_dir / "papers").glob("*.md"))
    result: dict = {}
    try:
        result["full_load"] = load()
        result["full_s"], result["full_mb"], out = measured(command, cwd=ROOT)
        result["full_out"] = out.splitlines()[0] if out else ""
        result["site_bytes"] = site_bytes_without_assets(site)
        result["bytes_by_kind"] = dict(bytes_by_kind(site))
        result["index_bytes"] = tree_bytes(site / "search-index")
        result["again_load"] = load()
        result["again_s"], _, out = measured(command, cwd=ROOT)
        result["again_out"] = out.splitlines()[0] if out else ""
        result.update(measure_mkdocs_floor(docs, work, env, papers[0]))
        # Each path edits twice and the second edit is timed: the first after switching between `papers build`
        # and a bare `mkdocs build` rebuilds what the other left (a site folder another command wrote is built
        # in full once), which is not what a contributor working one way sees.
        for key, victim, runner in (("edit", papers[1], command), ("serve", papers[0], serve_path)):
            for attempt in ("warm-up", "timed"):
                mark = f"{EDIT_MARK} {key} {attempt} {time.time_ns()}"  # unique: a reused corpus holds earlier marks
                victim.write_text(victim.read_text("utf-8").rstrip("\n") + f" {mark}.\n", "utf-8")
                result[f"{key}_load"] = load()
                result[f"{key}_s"], _, out = measured(runner, cwd=ROOT, env=env if key == "serve" else None)
            page = (site / "papers" / victim.stem / "index.html").read_text("utf-8")
            index_hit = subprocess.run(["grep", "-rlF", mark, str(site / "search-index" / "docs")],
                                       capture_output=True, text=True).stdout.strip()
            result[f"{key}_updated"] = mark in page and bool(index_hit)
        result.update(measure_preview(content_dir, work, papers[3:5]))
        if serve:  # its first, untimed build is a whole MkDocs build again
            result.update(measure_serve(content_dir, work, papers[2]))
    except RuntimeError as error:
        print(f"papers build failed: {str(error)[:600]}", file=sys.stderr)
        result["error"] = str(error)[:300]
    return result


def paper_page_parts(html: str) -> tuple[int, int]:
    """A paper page's bytes, and those of what is the paper's own: its <head> (title, the metadata Zotero,
    Scholar, search engines and link previews read) and its <article>, without the header, menus and footer
    every page shares. The second is the floor of a paper's share of the site whatever the chrome."""
    own = html[:html.find("</head>")] + html[html.find("<article"):html.find("</article>")]
    return len(html.encode()), len(own.encode())


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
    before = page.stat()
    os.utime(page)  # newer than its HTML: the one page a dirty build renders
    result["floor_dirty_s"], _, _ = measured(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "--no-strict", "-q", *config], cwd=ROOT, env=floor_env)
    # Put its time back: the generator takes a docs file touched behind its back for a hand edit and renders
    # the whole tree again, which the edit steps after this one would then measure.
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    pages = [paper_page_parts(path.read_text("utf-8")) for path in (site / "papers").glob("*/index.html")]
    result["paper_page_bytes"] = sum(whole for whole, _ in pages) / len(pages) if pages else None
    result["paper_content_bytes"] = sum(own for _, own in pages) / len(pages) if pages else None
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
    served page shows the edit (a quick rebuild writes that page alone: generator/render/quick.py), and until
    the rebuild after it has regenerated the rest (listings, search index, whole-store files) and MkDocs has
    built it. The first, full build of `serve` is not timed."""
    docs = work / "serve-docs"
    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)  # MkDocs checks docs_dir exists before the hook fills it
    port = free_port()
    env = {**os.environ, "PAPER_ARCHIVE_CONTENT_DIR": str(content_dir), "PAPER_ARCHIVE_DOCS_DIR": str(docs),
           "PAPER_ARCHIVE_SITE_URL": f"http://127.0.0.1:{port}/"}
    log = work / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                                   "--dev-addr", f"127.0.0.1:{port}", "--config-file", str(ROOT / "mkdocs.yml")],
                                  cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    page_url = f"http://127.0.0.1:{port}/papers/{victim.stem}/"
    mark = f"{EDIT_MARK} serve-live {time.time_ns()}"  # unique: a reused corpus holds earlier runs' marks
    builds = lambda: log.read_text("utf-8", "replace").count("Documentation built in")  # noqa: E731
    try:
        deadline = time.monotonic() + timeout
        while victim.stem not in fetch(page_url):  # the first build: not timed
            if server.poll() is not None or time.monotonic() > deadline:
                return {"error": "mkdocs serve did not come up"}
            time.sleep(1)
        time.sleep(2)  # let the watcher settle after the first build
        load_avg, built = load(), builds()
        victim.write_text(victim.read_text("utf-8").rstrip("\n") + f" {mark}.\n", "utf-8")
        started = time.perf_counter()
        while mark not in fetch(page_url):
            if server.poll() is not None or time.monotonic() > deadline:
                return {"error": "the edit never showed"}
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        quick = builds() == built + 1 and "the rest of the site follows" in log.read_text("utf-8", "replace")
        while builds() < built + (2 if quick else 1):  # the rebuild of the rest, when the page came first
            if server.poll() is not None or time.monotonic() > deadline:
                return {"error": "the rest of the site was never rebuilt"}
            time.sleep(0.05)
        rest = time.perf_counter() - started
        index_hit = subprocess.run(["grep", "-rlF", mark, str(docs / "search-index")], capture_output=True,
                                   text=True).stdout.strip()
        return {"live_s": seconds, "live_load": load_avg, "live_rest_s": rest, "live_rest_load": load_avg,
                "live_updated": bool(index_hit)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure_preview(content_dir: Path, work: Path, changed: list[Path]) -> dict:
    """(h) A contributor's first preview: `papers preview` of two changed papers on the whole checkout,
    from start to a built site holding both papers' pages (build only: serving adds no work)."""
    site = work / "preview-site"
    shutil.rmtree(site, ignore_errors=True)
    for victim in changed:
        victim.write_text(victim.read_text("utf-8").rstrip("\n") + f" {EDIT_MARK} preview.\n", "utf-8")
    command = [sys.executable, "-m", "generator", "preview", "--no-serve", "--content", str(content_dir),
               "--site-dir", str(site), *map(str, changed)]
    result: dict = {"preview_load": load()}
    result["preview_s"], result["preview_mb"], _ = measured(command, cwd=ROOT)
    result["preview_ok"] = all((site / "papers" / victim.stem / "index.html").is_file() for victim in changed)
    return result
