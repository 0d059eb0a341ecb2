"""Parse only what changed: papers cached by file stat beside the store.

A paper file is parsed again only when its (size, mtime, ctime, inode) changed, so editing one paper of
50,000 parses one file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..layout import papers_dir
from ..store import StoredPaper, read_paper
from .cache import CACHE_VERSION, StatKey, read_pickle, scan_store, stat_key, write_pickle
from .site import KEYS_VERSION, PaperKeys, paper_keys


@dataclass
class LoadedStore:
    """The store's papers and, for each slug, a digest of its file (what incremental rendering keys on)."""

    papers: list[StoredPaper]
    digests: dict[str, str]
    keys: dict[str, PaperKeys] = field(default_factory=dict)  # slug -> its sort and group keys (site.paper_keys)


# (file stat, Paper, file digest, (KEYS_VERSION, PaperKeys)): the keys are what the site derives from one paper
# (title sort key, author and topic slugs, citation key), kept so a big store is not slugified again on every edit.
CachedPaper = tuple[StatKey, Any, str, tuple[str, PaperKeys]]
# The parse cache is a base file and a small delta beside it (the entries changed or removed since the base
# was written): one edit of 50,000 papers writes one entry, not the ~100 MB base. The base of the last load
# is kept in memory too: `mkdocs serve` rebuilds in one process, so an edit does not unpickle 50,000 papers
# again. Keyed by base file, checked against its stat.
_MEMORY: dict[str, tuple[StatKey, dict[str, CachedPaper]]] = {}
DELTA_LIMIT = 500  # entries a delta may hold before the base is written again


def delta_path(cache_file: Path) -> Path:
    """Where the delta of a parse cache's base file is kept."""
    return cache_file.with_name(f"{cache_file.stem}-delta.pickle")


def read_base(cache_file: Path) -> tuple[StatKey | None, dict[str, CachedPaper]]:
    """The base file's stat and entries; (None, {}) when missing, stale or unreadable."""
    try:
        key = stat_key(cache_file.stat())
    except OSError:
        return None, {}
    remembered = _MEMORY.get(str(cache_file))
    if remembered is not None and remembered[0] == key:
        return remembered
    cached = read_pickle(cache_file, CACHE_VERSION)
    if not isinstance(cached, dict):
        return None, {}
    _MEMORY[str(cache_file)] = (key, cached)
    return key, cached


def read_parse_cache(cache_file: Path) -> dict[str, CachedPaper]:
    """The parse cache: path -> (stat, paper, digest, keys): the base with its delta applied."""
    base_key, base = read_base(cache_file)
    delta = read_pickle(delta_path(cache_file), CACHE_VERSION) if base_key is not None else None
    if not (isinstance(delta, tuple) and len(delta) == 3 and delta[0] == base_key):  # none, or another base's
        return base
    merged = {name: entry for name, entry in base.items() if name not in delta[2]}
    merged.update(delta[1])
    return merged


def write_parse_cache(cache_file: Path, fresh: dict[str, CachedPaper]) -> None:
    """Record `fresh` as a delta against the base when few entries differ (by identity: load_store_cached
    keeps an unchanged entry's tuple), else as a new base (atomically, remembered in memory)."""
    base_key, base = read_base(cache_file)
    changed = {name: entry for name, entry in fresh.items() if base.get(name) is not entry}
    removed = base.keys() - fresh.keys()
    if base_key is not None and len(changed) + len(removed) <= DELTA_LIMIT:
        write_pickle(delta_path(cache_file), CACHE_VERSION, (base_key, changed, removed))
        return
    write_pickle(cache_file, CACHE_VERSION, fresh)
    _MEMORY[str(cache_file)] = (stat_key(cache_file.stat()), fresh)
    delta_path(cache_file).unlink(missing_ok=True)


def file_digest(path: Path) -> str:
    """A digest of a paper file's bytes."""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def load_store_cached(content_dir: Path, cache_dir: Path,
                      scanned: list[tuple[str, StatKey]] | None = None) -> LoadedStore:
    """load_store, parsing only the files whose stat changed since the cached parse (`scanned`: scan_store)."""
    cache_file = cache_dir / "papers.pickle"
    cached = read_parse_cache(cache_file)
    papers: list[StoredPaper] = []
    digests: dict[str, str] = {}
    problems: list[Problem] = []
    fresh: dict[str, CachedPaper] = {}
    folder = papers_dir(content_dir)
    # Keyed by absolute path (`papers build --content content` and `mkdocs serve` name the store differently),
    # as strings: a Path per paper is made once, not three times.
    prefix = f"{folder.resolve()}{os.sep}"
    keys: dict[str, PaperKeys] = {}
    for name, key in scanned if scanned is not None else scan_store(content_dir):
        path, slug = folder / name, name[:-3]  # scan_store lists *.md files
        hit = cached.get(prefix + name)
        if hit is not None and len(hit) == 4 and hit[0] == key:
            paper, digest, derived = hit[1], hit[2], hit[3]
        else:
            hit = None
            paper, found = read_paper(path)
            problems.extend(found)
            digest, derived = file_digest(path), ("", ())
        if paper is not None:
            if derived[0] != KEYS_VERSION:  # the code that derives them changed
                hit, derived = None, (KEYS_VERSION, paper_keys(slug, paper))
            # An unchanged entry stays the same tuple: write_parse_cache tells what changed by identity.
            fresh[prefix + name] = hit or (key, paper, digest, derived)
            papers.append(StoredPaper(slug, path, paper))
            digests[slug] = digest
            keys[slug] = derived[1]
    if problems:
        raise InputError(problems)
    if fresh.keys() != cached.keys() or any(entry is not cached[name] for name, entry in fresh.items()):
        write_parse_cache(cache_file, fresh)
    return LoadedStore(papers, digests, keys)
