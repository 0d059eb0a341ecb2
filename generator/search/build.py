"""build_search_index: papers from the store in, a static sharded index out."""

from __future__ import annotations

import json
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from ..store import StoredPaper
from .documents import CHUNKS_PER_FOLDER, DOCS_PER_CHUNK, build_chunks, build_facets, build_upvotes
from .postings import build_shards, collect_postings, count_terms
from .records import FIELDS, make_records, year_ranges
from .text import PREFIX_LENGTH, STOPWORDS
from .writer import sync_files

FORMAT_VERSION = 1
FIELD_WEIGHTS = {"title": 4.0, "abstract": 1.0, "author": 4.0, "topic": 2.5}
DEFAULT_URL_FORMAT = "papers/{slug}/"


@dataclass
class SearchStats:
    """What a build produced and what it cost."""

    papers: int
    terms: int
    shards: int
    files: int
    bytes: int
    written: list[str]
    removed: list[str]
    seconds: float
    peak_rss_mb: float


def build_manifest(count: int, shards: list[str], years: dict[str, list[int]]) -> bytes:
    """The one file every search loads first: sizes, rules shared with the client, shard names."""
    data = {
        "version": FORMAT_VERSION, "count": count, "fields": list(FIELDS),
        "weights": [FIELD_WEIGHTS[name] for name in FIELDS], "prefix": PREFIX_LENGTH,
        "stopwords": sorted(STOPWORDS), "docsPerChunk": DOCS_PER_CHUNK, "chunksPerFolder": CHUNKS_PER_FOLDER, "years": years,
        "shards": " ".join(sorted(shards)),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render_index(papers: list[StoredPaper], base_url: str = "",
                 url_format: str = DEFAULT_URL_FORMAT) -> tuple[dict[str, bytes], int]:
    """Every index file as relative path -> bytes, and the number of distinct terms."""
    records = make_records(papers)
    postings = collect_postings(records)
    shards = build_shards(postings)
    files = {f"terms/{name}.json": data for name, data in shards.items()}
    files["manifest.json"] = build_manifest(len(records), list(shards), year_ranges(records))
    files["facets.json"] = build_facets(records)
    files["upvotes.json"] = build_upvotes(records)
    files.update(build_chunks(records, [base_url + url_format.format(slug=record.slug) for record in records]))
    return files, count_terms(postings)


def build_search_index(papers: list[StoredPaper], out_dir: Path, base_url: str = "",
                       url_format: str = DEFAULT_URL_FORMAT) -> SearchStats:
    """Write the search index for `papers` under out_dir, rewriting only files whose bytes changed."""
    started = time.perf_counter()
    files, terms = render_index(papers, base_url, url_format)
    result = sync_files(Path(out_dir), files)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shards = sum(1 for name in files if name.startswith("terms/"))
    return SearchStats(len(papers), terms, shards, len(files), result.total_bytes, result.written,
                       result.removed, time.perf_counter() - started, peak)
