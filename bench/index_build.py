"""Build the search index of a content store and print timings as JSON (run under /usr/bin/time).

    python bench/index_build.py CONTENT_DIR OUT_DIR                  # one build, no cache
    python bench/index_build.py CONTENT_DIR OUT_DIR --cache DIR --edits
        # a build with the per-paper term cache in DIR (cold when DIR is empty), then timed rebuilds:
        # nothing changed, one paper's abstract edited, one paper's date edited (ids shift), one paper
        # added as the newest; each is checked byte for byte against a from-scratch render.

"render" is what the site build runs (search_outputs); "write" syncs the files into OUT_DIR (reading
every existing file to compare; files OUT_DIR lacks are written straight). peak_mb is the whole process
after the first build, store included.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.models import Paper  # noqa: E402
from generator.search import render_index  # noqa: E402
from generator.search import build as search_build  # noqa: E402
from generator.search.writer import list_files, sync_files  # noqa: E402
from generator.store import FRONT_MATTER, StoredPaper, paper_files  # noqa: E402


def load_fast(content_dir: Path) -> list[StoredPaper]:
    """Read a trusted generated store with libyaml, skipping validation (the corpus is valid by construction)."""
    papers = []
    for path in paper_files(content_dir):
        text = path.read_text("utf-8")
        match = FRONT_MATTER.match(text)
        metadata = yaml.load(match.group(1), Loader=yaml.CSafeLoader)  # noqa: S506
        papers.append(StoredPaper(path.stem, path, Paper.from_metadata(metadata, text[match.end():].strip())))
    return papers


def replaced(papers: list[StoredPaper], index: int, **changes: object) -> list[StoredPaper]:
    """The store with one paper's fields changed."""
    target = papers[index]
    edited = StoredPaper(target.slug, target.path, dataclasses.replace(target.paper, **changes))
    return [*papers[:index], edited, *papers[index + 1:]]


def timed_build(papers: list[StoredPaper], out_dir: Path, cache_dir: Path | None) -> dict:
    """One build: render (what the site build runs) and write (sync into out_dir) timed apart; what the cache did."""
    cpu, started = time.process_time(), time.perf_counter()
    files, terms = render_index(papers, cache_dir=cache_dir)
    rendered = time.perf_counter()
    result = sync_files(out_dir, files)
    counts = search_build.LAST_BUILD
    return {"s": round(time.perf_counter() - started, 3), "render_s": round(rendered - started, 3),
            "write_s": round(time.perf_counter() - rendered, 3), "cpu_s": round(time.process_time() - cpu, 3),
            "files": len(files), "bytes": result.total_bytes, "written": len(result.written),
            "removed": len(result.removed), "terms": terms, "shards": sum(name.startswith("terms/") for name in files),
            "tokenised": counts.tokenised, "patched": counts.patched, "saved": counts.saved,
            "load": round(os.getloadavg()[0], 2)}


def same_as_scratch(papers: list[StoredPaper], out_dir: Path) -> bool:
    """Whether out_dir holds exactly what a build without any cache renders."""
    files, _ = render_index(papers)
    return list_files(out_dir) == set(files) and all((out_dir / name).read_bytes() == data
                                                     for name, data in files.items())


def edit_runs(papers: list[StoredPaper], out_dir: Path, cache_dir: Path) -> dict:
    """Rebuilds after typical edits, each checked against a from-scratch render."""
    middle = len(papers) // 2
    newest = max(papers, key=lambda stored: stored.paper.date or "")
    added = StoredPaper("zz-bench-added-paper", Path("zz-bench-added-paper.md"),
                        dataclasses.replace(newest.paper, title="Zyxwvut: a benchmark paper added last",
                                            abstract="Hyperlattice zyxwvut " + newest.paper.abstract))
    cases = {
        "nochange": papers,
        "edit_abstract": replaced(papers, middle, abstract=papers[middle].paper.abstract + " Zyxwvut hyperlattice."),
        "edit_date": replaced(papers, middle, date="1999-01-01"),
        "add_newest": [*papers, added],
    }
    results = {}
    for name, store in cases.items():
        sync_files(out_dir, render_index(papers, cache_dir=cache_dir)[0])  # each case starts from the unedited store
        results[name] = timed_build(store, out_dir, cache_dir)
        results[name]["identical_to_scratch"] = same_as_scratch(store, out_dir)
    return results


def main() -> None:
    """Print one JSON object of timings."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--cache", type=Path, help="term cache directory (default: no cache)")
    parser.add_argument("--edits", action="store_true", help="also time rebuilds after one-paper edits")
    args = parser.parse_args()
    started = time.perf_counter()
    papers = load_fast(args.content_dir)
    report = {"load_s": round(time.perf_counter() - started, 3), "cache": bool(args.cache)}
    build = timed_build(papers, args.out_dir, args.cache)
    report.update(build, build_s=build["s"], peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.edits and args.cache:
        report["edits"] = edit_runs(papers, args.out_dir, args.cache)
        report["edits_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(report))


if __name__ == "__main__":
    main()
