"""Benchmark: baseline mkdocs-material vs Paper Archive's build and search, printed as tables.

The steps live beside this file: build_measures.py (a-d, preview), search_measures.py (e-g), report.py.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build_measures import measure_baseline, measure_papers_build  # noqa: E402
from corpus import write_corpus  # noqa: E402
from report import bytes_table, machine, make_table  # noqa: E402
from search_measures import measure_browser, measure_index  # noqa: E402


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
    print()
    print(bytes_table(rows))


if __name__ == "__main__":
    main()
