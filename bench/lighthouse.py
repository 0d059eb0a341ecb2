"""Lighthouse (pinned in bench/package.json) on a built site served with gzip on 127.0.0.1: a table of scores.

    python bench/lighthouse.py [--site site] [--out test-artifacts/lighthouse] [PATH ...]

Mobile emulation (Lighthouse's default), Debian's Chromium. Pages: home, a paper page without math, the
biggest topic page and a search with results, unless PATHs are given. Exits 1 when a score misses its
target (performance 95, accessibility, best practices and SEO 100), so `make audit` fails loudly.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
HEADINGS = {"performance": "Performance", "accessibility": "Accessibility", "best-practices": "Best practices",
            "seo": "SEO"}


def load_screenshots():  # noqa: ANN201 - a module
    """bench/screenshots.py, whose server serves a site as a host does (404.html, gzip)."""
    spec = importlib.util.spec_from_file_location("bench_screenshots", BENCH / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def default_paths(site: Path) -> dict[str, str]:
    """Home, a paper page without math, the biggest topic page, a search with results."""
    papers = json.loads((site / "papers.json").read_text(encoding="utf-8"))["papers"]
    plain = next(paper for paper in papers  # named authors, and no MathJax on the page (the generator's math flag)
                 if paper.get("authors")
                 and "assets/mathjax/" not in (site / "papers" / paper["slug"] / "index.html").read_text(encoding="utf-8"))
    topics = [path for path in site.glob("topics/*/index.html")]
    topic = max(topics, key=lambda path: path.stat().st_size).parent.relative_to(site).as_posix() + "/"
    return {"home": "", "paper": f"papers/{plain['slug']}/", "topic": topic,
            "search": "search/?q=memorization"}


def run_lighthouse(url: str, report: Path) -> dict[str, float]:
    """One Lighthouse run: the four category scores out of 100."""
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless --no-sandbox --disable-gpu"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=300)
    categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def table(scores: dict[str, dict[str, float]]) -> str:
    """A Markdown table, one row per page, a '!' beside each score under its target."""
    lines = ["| page | " + " | ".join(f"{HEADINGS[name]} (>= {target})" for name, target in CATEGORIES.items()) + " |",
             "| --- |" + " ---: |" * len(CATEGORIES)]
    for page, row in scores.items():
        cells = [f"{row[name]:.0f}{'' if row[name] >= target else ' !'}" for name, target in CATEGORIES.items()]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="site-relative URLs (default: home, paper, topic, search)")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("test-artifacts/lighthouse"))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `make audit` (npm ci in bench/)")
    if not (args.site / "index.html").exists():
        sys.exit(f"no site in {args.site}: run `make site` first")
    pages = {path: path for path in args.paths} if args.paths else default_paths(args.site)
    args.out.mkdir(parents=True, exist_ok=True)
    scores = {}
    with load_screenshots().serve(args.site, compress=True) as base_url:
        for name, path in pages.items():
            report = args.out / f"{name.strip('/').replace('/', '_').replace('?q=', '-') or 'home'}.json"
            scores[f"{name} (`/{path}`)"] = run_lighthouse(base_url + path, report)
    print(table(scores))
    missed = any(row[name] < target for row in scores.values() for name, target in CATEGORIES.items())
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
