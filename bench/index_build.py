"""Build the search index of a content store and print timings as JSON (run under /usr/bin/time)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.models import Paper  # noqa: E402
from generator.search import build_search_index  # noqa: E402
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


def main() -> None:
    """python bench/index_build.py CONTENT_DIR OUT_DIR"""
    content_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    papers = load_fast(content_dir)
    loaded = time.perf_counter()
    stats = build_search_index(papers, out_dir)
    print(json.dumps({"load_s": loaded - started, "build_s": stats.seconds, "files": stats.files,
                      "bytes": stats.bytes, "written": len(stats.written), "terms": stats.terms,
                      "shards": stats.shards}))


if __name__ == "__main__":
    main()
