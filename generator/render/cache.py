"""Skip work a rebuild does not need: parsed papers cached by file stat, and a no-change fast path.

A paper file is parsed again only when its (size, mtime, ctime, inode) changed, so editing one paper of
50,000 parses one file. When no input changed at all (same paper files, same generator code, same
options) and the docs tree still holds exactly what the last run wrote, generating is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, Problem
from ..store import StoredPaper, papers_dir, read_paper

CACHE_VERSION = b"2"
GENERATOR = Path(__file__).resolve().parent.parent  # generator/: its code is an input of every page
StatKey = tuple[int, int, int, int]


def stat_key(stat: os.stat_result) -> StatKey:
    """What changes whenever a file's bytes do (ctime catches a same-size write within one mtime tick)."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@dataclass
class LoadedStore:
    """The store's papers and, for each slug, a digest of its file (what incremental rendering keys on)."""

    papers: list[StoredPaper]
    digests: dict[str, str]


CachedPaper = tuple[StatKey, Any, str]  # (file stat, Paper, file digest)
# The parse cache of the last load, kept in memory too: `mkdocs serve` rebuilds in one process, so an
# edit does not unpickle 50,000 papers again. Keyed by cache file, checked against the file's stat.
_MEMORY: dict[str, tuple[StatKey, dict[str, CachedPaper]]] = {}


def read_pickle(path: Path, version: bytes) -> Any:
    """The payload of a cache file written by write_pickle with this version; None when the file is
    missing, unreadable or of another version (a broken cache is only a miss)."""
    try:
        with open(path, "rb") as stream:
            stored = pickle.load(stream)  # noqa: S301 - our own cache file, beside the store
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None
    return stored[1] if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version else None


def write_pickle(path: Path, version: bytes, payload: Any) -> None:
    """Replace a cache file atomically: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as stream:
        pickle.dump((version, payload), stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def read_parse_cache(cache_file: Path) -> dict[str, CachedPaper]:
    """The parse cache: path -> (stat, paper, digest); empty when missing, stale or unreadable."""
    try:
        key = stat_key(cache_file.stat())
    except OSError:
        return {}
    remembered = _MEMORY.get(str(cache_file))
    if remembered is not None and remembered[0] == key:
        return remembered[1]
    cached = read_pickle(cache_file, CACHE_VERSION)
    if not isinstance(cached, dict):
        return {}
    _MEMORY[str(cache_file)] = (key, cached)
    return cached


def write_parse_cache(cache_file: Path, fresh: dict[str, CachedPaper]) -> None:
    """Replace the parse cache atomically and remember it in memory."""
    write_pickle(cache_file, CACHE_VERSION, fresh)
    _MEMORY[str(cache_file)] = (stat_key(cache_file.stat()), fresh)


def file_digest(path: Path) -> str:
    """A digest of a paper file's bytes."""
    return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()


def scan_store(content_dir: Path) -> list[tuple[Path, StatKey]]:
    """Every paper file (as store.paper_files finds them) with its stat, in one pass over the folder."""
    folder = papers_dir(content_dir)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        found = sorted((entry.name, stat_key(entry.stat())) for entry in entries
                       if entry.name.endswith(".md") and entry.is_file())
    return [(folder / name, key) for name, key in found]


def load_store_cached(content_dir: Path, cache_dir: Path,
                      scanned: list[tuple[Path, StatKey]] | None = None) -> LoadedStore:
    """load_store, parsing only the files whose stat changed since the cached parse (`scanned`: scan_store)."""
    cache_file = cache_dir / "papers.pickle"
    cached = read_parse_cache(cache_file)
    papers: list[StoredPaper] = []
    digests: dict[str, str] = {}
    problems: list[Problem] = []
    fresh: dict[str, CachedPaper] = {}
    for path, key in scanned if scanned is not None else scan_store(content_dir):
        hit = cached.get(str(path))
        if hit is not None and hit[0] == key:
            paper, digest = hit[1], hit[2]
        else:
            paper, found = read_paper(path)
            problems.extend(found)
            digest = file_digest(path)
        if paper is not None:
            fresh[str(path)] = (key, paper, digest)
            papers.append(StoredPaper(path.stem, path, paper))
            digests[path.stem] = digest
    if problems:
        raise InputError(problems)
    if fresh.keys() != cached.keys() or any(fresh[name][0] != cached[name][0] for name in fresh):
        write_parse_cache(cache_file, fresh)
    return LoadedStore(papers, digests)


def settings_fingerprint(*options: object) -> str:
    """What every page depends on besides the papers: the generator's code, options and PAPER_ARCHIVE_* env."""
    digest = hashlib.sha256(CACHE_VERSION)
    for path in sorted(GENERATOR.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(json.dumps([str(option) for option in options]).encode())
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("PAPER_ARCHIVE_")
                                    and k != "PAPER_ARCHIVE_SKIP_GENERATE")).encode())
    return digest.hexdigest()


def input_fingerprint(scanned: list[tuple[Path, StatKey]], settings: str) -> str:
    """Every input of the docs tree: the settings fingerprint and every paper file's name and stat (scan_store)."""
    digest = hashlib.sha256(settings.encode())
    for path, key in scanned:
        digest.update(f"{path.name}\0{key}\n".encode())
    return digest.hexdigest()


def tree_state(root: Path) -> dict[str, list[int]]:
    """Relative path -> [size, mtime_ns] of every file below root (scandir: ~2x os.walk + os.stat)."""
    state: dict[str, list[int]] = {}

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, prefix + entry.name + "/")
                else:
                    stat = entry.stat(follow_symlinks=False)
                    state[prefix + entry.name] = [stat.st_size, stat.st_mtime_ns]

    if root.is_dir():
        visit(str(root), "")
    return state


def state_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the last run's fingerprint and docs tree state are kept, one file per docs folder."""
    return cache_dir / f"docs-{hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]}.pickle"


@dataclass
class DocsState:
    """What the last run recorded about a docs folder: its input fingerprint and each file's [size, mtime]."""

    fingerprint: str | None = None
    files: dict[str, list[int]] | None = None  # None: no record, so nothing in the folder can be trusted

    def current(self, docs_dir: Path, fingerprint: str) -> bool:
        """The folder holds exactly what a run with these inputs wrote (every file is checked)."""
        return (self.files is not None and self.fingerprint == fingerprint and docs_dir.is_dir()
                and self.files == tree_state(docs_dir))

    def trusted(self, fingerprint: str) -> bool:
        """Whether files kept from the last run may be reused: recorded, and not found changed by `current`."""
        return self.files is not None and self.fingerprint != fingerprint


def read_docs_state(cache_dir: Path, docs_dir: Path) -> DocsState:
    """The recorded state of docs_dir, or an empty one."""
    stored = read_pickle(state_file(cache_dir, docs_dir), CACHE_VERSION)
    if isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[1], dict):
        return DocsState(*stored)
    return DocsState()


def record_docs(cache_dir: Path, docs_dir: Path, fingerprint: str, previous: DocsState | None = None,
                written: Iterable[str] = (), deleted: Iterable[str] = ()) -> None:
    """Remember what this run left in docs_dir, for the next run.

    With the previous record, only the written and deleted files are looked at; without, the whole tree.
    """
    if previous is not None and previous.files is not None:
        files = dict(previous.files)
        for path in deleted:
            files.pop(path, None)
        for path in written:
            stat = (docs_dir / path).stat()
            files[path] = [stat.st_size, stat.st_mtime_ns]
    else:
        files = tree_state(docs_dir)
    write_pickle(state_file(cache_dir, docs_dir), CACHE_VERSION, (fingerprint, files))
