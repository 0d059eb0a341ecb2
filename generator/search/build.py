"""build_search_index: papers from the store in, a static sharded index out."""

from __future__ import annotations

import hashlib
import json
import resource
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..collector import collector_paused
from ..store import StoredPaper
from .cache import Entry, IndexCache, Previous, Update, discard, opened_cache
from .documents import (CHUNKS_PER_FOLDER, DOCS_PER_CHUNK, FactChanges, build_chunks, build_facets, build_upvotes,
                        patch_facets, patch_upvotes)
from .entries import Ordered, new_entries, renumbered
from .fuzzy import build_fuzzy
from .postings import PostingEdits, TermSets, Vocabulary, build_shards, diff_terms, patch_shards
from .records import FIELDS, paper_digest, sort_key, year_ranges
from .text import PREFIX_LENGTH, STOPWORDS
from .writer import sync_files

FORMAT_VERSION = 1
FIELD_WEIGHTS = {"title": 4.0, "abstract": 1.0, "author": 4.0, "topic": 2.5}
DEFAULT_URL_FORMAT = "papers/{slug}/"
NO_TERMS: TermSets = tuple(set() for _ in FIELDS)
STALE_TERMS = 10_000  # terms no paper has any more that a full build tolerates before renumbering


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


@dataclass
class BuildCounts:
    """How the last build in this process got its papers (for tests and the benchmark)."""

    tokenised: int = 0  # papers tokenised afresh
    patched: bool = False  # shards patched from the cache rather than all built anew
    saved: bool = False  # cache updated


LAST_BUILD = BuildCounts()


@dataclass
class Built:
    """Everything the index files are made of."""

    shards: dict[str, bytes]
    fragments: list[bytes]
    facets: bytes
    upvotes: bytes
    term_count: int


def facet_summary(facets: bytes) -> dict[str, object]:
    """How many values each facet has and the facets file's size: the search page names a facet's size in
    its heading and opens small ones at once only when that costs little, without loading facets.json."""
    parsed = json.loads(facets)
    return {"values": {name: len(facet["names"]) for name, facet in parsed.items()}, "bytes": len(facets)}


def build_manifest(count: int, shards: list[str], years: dict[str, list[int]], facets: bytes = b"{}",
                   fuzzy: int = 0) -> bytes:
    """The one file every search loads first: sizes, rules shared with the client, shard names."""
    data = {
        "version": FORMAT_VERSION, "count": count, "fields": list(FIELDS),
        "weights": [FIELD_WEIGHTS[name] for name in FIELDS], "prefix": PREFIX_LENGTH,
        "stopwords": sorted(STOPWORDS), "docsPerChunk": DOCS_PER_CHUNK, "chunksPerFolder": CHUNKS_PER_FOLDER, "years": years,
        "facets": facet_summary(facets), "fuzzy": fuzzy, "shards": " ".join(sorted(shards)),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def ordered_papers(papers: list[StoredPaper], base_url: str, url_format: str, digests: bool,
                   file_digests: Mapping[str, str] | None = None) -> Ordered:
    """Papers oldest first (id order), with URLs and, when a cache will use them, digests: of each paper's
    file and URL when `file_digests` (slug -> digest of the paper file) has it, else of its indexed fields."""
    ordered = sorted(papers, key=sort_key)
    urls = [base_url + url_format.format(slug=stored.slug) for stored in ordered]
    if not digests:
        return Ordered(ordered, urls, [b""] * len(ordered))
    known = file_digests or {}
    return Ordered(ordered, urls, [file_and_url_digest(known[stored.slug], url) if stored.slug in known
                                   else paper_digest(stored, url) for stored, url in zip(ordered, urls)])


def file_and_url_digest(file_digest: str, url: str) -> bytes:
    """A paper's cache digest from its file's digest (which changes whenever any field does): ~10x cheaper
    than paper_digest's, which 50,000 papers paid on every edit."""
    return hashlib.sha1(f"{file_digest}\0{url}".encode("utf-8", "surrogatepass"), usedforsecurity=False).digest()[:16]


def term_sets(entry: Entry, vocabulary: list[str]) -> TermSets:
    """An entry's terms per field, as strings."""
    return tuple({vocabulary[number] for number in memoryview(blob).cast("i")} for blob in entry.terms)


def changed_ids(before: list[bytes], after: list[bytes]) -> list[int]:
    """Ids whose paper differs between two builds, including ids only one of them has."""
    changed = [number for number, (old, new) in enumerate(zip(before, after)) if old != new]
    return changed + list(range(min(len(before), len(after)), max(len(before), len(after))))


def patch_limit(count: int) -> int:
    """Most changed ids a build patches; beyond that a full build (from cached terms) is as quick."""
    return max(50, count // 100)


def full_build(ordered: Ordered, cache: IndexCache | None, previous: Previous | None) -> tuple[Built, Update]:
    """Every shard built anew; papers the cache holds are not tokenised again."""
    known = cache.entries() if cache is not None and previous is not None else {}
    vocabulary = Vocabulary(previous.vocabulary if previous else [])
    missing = [number for number, digest in enumerate(ordered.digests) if digest not in known]
    fresh = dict(zip(missing, new_entries(ordered, missing, vocabulary)))
    LAST_BUILD.tokenised += len(fresh)
    entries = [fresh[number] if number in fresh else known[digest] for number, digest in enumerate(ordered.digests)]
    shards, used = build_shards([[entry.terms[field] for entry in entries] for field in range(len(FIELDS))],
                                vocabulary.terms)
    facts = [entry.facts for entry in entries]
    built = Built(shards, [entry.fragment for entry in entries], build_facets(facts), build_upvotes(facts), len(used))
    saved, terms, replace_papers = list(fresh.values()), vocabulary.terms, False
    if too_stale(len(terms), len(used)):
        terms, saved, replace_papers = [terms[number] for number in used], compacted(entries, used, len(terms)), True
    return built, Update(ordered.digests, terms, built.term_count, built.facets, built.upvotes, saved, shards,
                         replace_shards=True, replace_papers=replace_papers)


def too_stale(vocabulary_size: int, used: int) -> bool:
    """Whether edits left so many terms no paper has that the vocabulary should be renumbered."""
    return vocabulary_size - used > max(used, STALE_TERMS)


def compacted(entries: list[Entry], used: list[int], vocabulary_size: int) -> list[Entry]:
    """Entries with term ids renumbered to positions in `used`."""
    mapping = np.zeros(vocabulary_size, dtype=np.int32)
    mapping[used] = np.arange(len(used), dtype=np.int32)
    return renumbered(entries, mapping)


def collect_edits(changed: list[int], before: Previous, after: Ordered, known: dict[bytes, Entry],
                  vocabulary: Vocabulary) -> tuple[PostingEdits, FactChanges]:
    """The terms each changed id lost and gained, and its facts before and after (when they differ)."""
    edits: PostingEdits = {}
    facts: FactChanges = {}
    for number in changed:
        old = known[before.digests[number]] if number < len(before.digests) else None
        new = known[after.digests[number]] if number < len(after.digests) else None
        diff_terms(edits, number, term_sets(old, before.vocabulary) if old else NO_TERMS,
                   term_sets(new, vocabulary.terms) if new else NO_TERMS)
        if (old.facts if old else None) != (new.facts if new else None):
            facts[number] = (old.facts if old else None, new.facts if new else None)
    return edits, facts


def patched_build(ordered: Ordered, cache: IndexCache, previous: Previous, changed: list[int]) -> tuple[Built, Update]:
    """The previous build with the changed ids replaced: only the shards of terms they gained or lost change."""
    digests = ordered.digests
    known = cache.entries({previous.digests[n] for n in changed if n < len(previous.digests)}
                          | {digests[n] for n in changed if n < len(digests)})
    vocabulary = Vocabulary(previous.vocabulary)
    fresh = new_entries(ordered, [n for n in changed if n < len(digests) and digests[n] not in known], vocabulary)
    LAST_BUILD.tokenised += len(fresh)
    known.update((entry.digest, entry) for entry in fresh)
    edits, facts = collect_edits(changed, previous, ordered, known, vocabulary)
    old_shards = cache.shards()
    shards, delta = patch_shards(old_shards, edits)
    fragments = cache.fragments()
    fragments.update((entry.digest, entry.fragment) for entry in fresh)
    facets = patch_facets(previous.facets, facts) if facts else previous.facets
    upvotes = patch_upvotes(previous.upvotes, facts) if facts else previous.upvotes
    built = Built(shards, [fragments[digest] for digest in digests], facets, upvotes, previous.term_count + delta)
    written = {name: data for name, data in shards.items() if old_shards.get(name) is not data}
    return built, Update(digests, vocabulary.terms, built.term_count, facets, upvotes, fresh, written,
                         [name for name in old_shards if name not in shards])


def cached_build(ordered: Ordered, cache: IndexCache) -> Built:
    """Build from what the cache holds, then save what changed."""
    with cache.snapshot():
        previous = cache.previous()
        changed = None if previous is None else changed_ids(previous.digests, ordered.digests)
        if previous is not None and changed is not None and len(changed) <= patch_limit(len(ordered.digests)):
            LAST_BUILD.patched = True
            built, update = patched_build(ordered, cache, previous, changed)
        else:
            built, update = full_build(ordered, cache, previous)
    if changed != []:
        LAST_BUILD.saved = cache.save(previous, update)
    return built


def build(ordered: Ordered, cache_dir: Path | None) -> Built:
    """Through the cache in cache_dir when there is one; without it when it is busy, unwritable or damaged."""
    global LAST_BUILD
    if cache_dir is not None:
        try:
            with opened_cache(cache_dir) as cache:
                return cached_build(ordered, cache)
        except sqlite3.OperationalError:  # locked by another build for a minute, read-only, disk full
            pass
        except sqlite3.DatabaseError:  # damaged inside
            discard(cache_dir)
        LAST_BUILD = BuildCounts()
    return full_build(ordered, None, None)[0]


def index_files(built: Built, dates: list[str]) -> dict[str, bytes]:
    """Every index file as relative path -> bytes."""
    files = {f"terms/{name}.json": data for name, data in built.shards.items()}
    fuzzy, fuzzy_files = build_fuzzy(built.shards.values())
    files.update(fuzzy_files)
    files["manifest.json"] = build_manifest(len(built.fragments), list(built.shards), year_ranges(dates),
                                            built.facets, fuzzy)
    files["facets.json"] = built.facets
    files["upvotes.json"] = built.upvotes
    files.update(build_chunks(built.fragments))
    return files


def render_index(papers: list[StoredPaper], base_url: str = "", url_format: str = DEFAULT_URL_FORMAT,
                 cache_dir: Path | None = None,
                 file_digests: Mapping[str, str] | None = None) -> tuple[dict[str, bytes], int]:
    """Every index file as relative path -> bytes, and the number of distinct terms.

    With a cache_dir, each paper's terms and fragment are kept there keyed by a digest of its data (or of
    its file, from `file_digests`): the next build tokenises only new or changed papers, and patches only
    the shards they touch. The bytes are the same with or without the cache."""
    global LAST_BUILD
    LAST_BUILD = BuildCounts()
    with collector_paused():
        ordered = ordered_papers(papers, base_url, url_format, cache_dir is not None, file_digests)
        built = build(ordered, None if cache_dir is None else Path(cache_dir))
        return index_files(built, [stored.paper.date or "" for stored in ordered.papers]), built.term_count


def build_search_index(papers: list[StoredPaper], out_dir: Path, base_url: str = "",
                       url_format: str = DEFAULT_URL_FORMAT, cache_dir: Path | None = None) -> SearchStats:
    """Write the search index for `papers` under out_dir, rewriting only files whose bytes changed."""
    started = time.perf_counter()
    files, terms = render_index(papers, base_url, url_format, cache_dir)
    result = sync_files(Path(out_dir), files)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    shards = sum(1 for name in files if name.startswith("terms/"))
    return SearchStats(len(papers), terms, shards, len(files), result.total_bytes, result.written,
                       result.removed, time.perf_counter() - started, peak)
