"""Skip work a rebuild does not need: cache files beside the store, and the no-change fast path.

When no input changed at all (same paper files, same generator code, same options) and the docs tree
still holds exactly what the last run wrote, generating is skipped. Checking that costs a stat of every
paper file and every generated file, and imports nothing of the parser or the renderer.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..layout import folder_cache_file, papers_dir

CACHE_VERSION = b"3"
GENERATOR = Path(__file__).resolve().parent.parent  # generator/: its code is an input of every page
StatKey = tuple[int, int, int, int]
FileState = tuple[int, int]  # (size, mtime_ns) of a generated file


def stat_key(stat: os.stat_result) -> StatKey:
    """What changes whenever a file's bytes do (ctime catches a same-size write within one mtime tick)."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def read_pickles(path: Path, version: bytes, count: int = 1) -> list[Any] | None:
    """The first `count` payloads of a cache file written by write_pickle with this version; None when the
    file is missing, unreadable or of another version (a broken cache is only a miss)."""
    payloads = []
    try:
        with open(path, "rb") as stream:
            for _ in range(count):
                stored = pickle.load(stream)  # noqa: S301 - our own cache file, beside the store
                if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version):
                    return None
                payloads.append(stored[1])
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None
    return payloads


def read_pickle(path: Path, version: bytes) -> Any:
    """The (first) payload of a cache file written by write_pickle with this version, or None."""
    payloads = read_pickles(path, version)
    return payloads[0] if payloads else None


def write_pickle(path: Path, version: bytes, *payloads: Any) -> None:
    """Replace a cache file atomically: a reader sees the old file or the new one, never half of one.

    Several payloads are pickled one after the other, so a reader can stop after the first (read_pickle).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as stream:
        for payload in payloads:
            pickle.dump((version, payload), stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def scan_store(content_dir: Path) -> list[tuple[str, StatKey]]:
    """The file name and stat of every paper file (as store.paper_files finds them), in one pass over the
    folder, sorted by name. Names, not paths: 50,000 Path objects cost more than the stats."""
    folder = papers_dir(content_dir)
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted((entry.name, stat_key(entry.stat())) for entry in entries
                      if entry.name.endswith(".md") and entry.is_file())


# Variables that say where things are or what to skip, not what a page holds: the store's files and the docs
# tree are fingerprinted themselves, so `papers build` (paths as arguments) and `mkdocs build`/`serve` (paths
# in these variables) on the same tree share one record instead of re-rendering every page when switching.
NOT_SETTINGS = {"PAPER_ARCHIVE_SKIP_GENERATE", "PAPER_ARCHIVE_CONTENT_DIR", "PAPER_ARCHIVE_DOCS_DIR",
                "PAPER_ARCHIVE_SITE_DIR", "PAPER_ARCHIVE_CACHE_DIR"}


def settings_fingerprint(*options: object) -> str:
    """What every page depends on besides the papers: the generator's code, options and PAPER_ARCHIVE_* env."""
    digest = hashlib.sha256(CACHE_VERSION)
    for path in sorted(GENERATOR.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(json.dumps([str(option) for option in options]).encode())
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("PAPER_ARCHIVE_")
                                    and k not in NOT_SETTINGS)).encode())
    return digest.hexdigest()


def input_fingerprint(scanned: list[tuple[str, StatKey]], settings: str) -> str:
    """Every input of the docs tree: the settings fingerprint and every paper file's name and stat (scan_store)."""
    lines = "".join(f"{name}\0{key}\n" for name, key in scanned)
    return hashlib.sha256(settings.encode() + lines.encode("utf-8", "surrogateescape")).hexdigest()


def walk_files(root: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(relative path, lstat) of every file below root, in directory order (scandir: ~2x os.walk + os.stat)."""

    def visit(folder: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    yield from visit(entry.path, prefix + entry.name + "/")
                else:
                    yield prefix + entry.name, entry.stat(follow_symlinks=False)

    return visit(str(root), "") if root.is_dir() else iter(())


def tree_state(root: Path) -> dict[str, FileState]:
    """Relative path -> (size, mtime_ns) of every file below root."""
    return {path: (stat.st_size, stat.st_mtime_ns) for path, stat in walk_files(root)}


def lines_digest(lines: Iterable[str]) -> str:
    """A digest of lines in any order (sorted first)."""
    return hashlib.sha256("\n".join(sorted(lines)).encode("utf-8", "surrogateescape")).hexdigest()


def state_digest(files: dict[str, FileState]) -> str:
    """A digest of a recorded tree state: the same as tree_digest of a tree in that state."""
    return lines_digest(f"{path}\0{size}\0{mtime}" for path, (size, mtime) in files.items())


def tree_digest(root: Path) -> str:
    """A digest of every file's path, size and mtime below root, without building a tree_state."""
    return lines_digest(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}" for path, stat in walk_files(root))


def state_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the last run's fingerprint and docs tree state are kept, one file per docs folder."""
    return folder_cache_file(cache_dir, "docs-", docs_dir, ".pickle")


@dataclass
class DocsState:
    """What the last run recorded about a docs folder: its input fingerprint, and a digest and count of
    its files' states. The per-file states are a second payload of the same cache file (read_docs_files),
    unpickled only when a run writes files: a no-change run reads the small first payload alone."""

    fingerprint: str | None = None
    digest: str | None = None  # None: no record, so nothing in the folder can be trusted
    count: int = 0

    def current(self, docs_dir: Path, fingerprint: str) -> bool:
        """The folder holds exactly what a run with these inputs wrote (every file is checked)."""
        return self.fingerprint == fingerprint and self.intact(docs_dir)

    def intact(self, docs_dir: Path) -> bool:
        """The folder holds exactly what the last run recorded: no file added, removed or changed since, so
        the files it kept may be kept again. (A hand edit in the docs tree makes the next run render all.)"""
        return self.digest is not None and docs_dir.is_dir() and self.digest == tree_digest(docs_dir)


def read_docs_state(cache_dir: Path, docs_dir: Path) -> DocsState:
    """The recorded state of docs_dir, or an empty one."""
    stored = read_pickle(state_file(cache_dir, docs_dir), CACHE_VERSION)
    if isinstance(stored, tuple) and len(stored) == 3:
        return DocsState(*stored)
    return DocsState()


def read_docs_files(cache_dir: Path, docs_dir: Path) -> dict[str, FileState] | None:
    """The recorded (size, mtime_ns) of every file of docs_dir, or None."""
    payloads = read_pickles(state_file(cache_dir, docs_dir), CACHE_VERSION, count=2)
    return payloads[1] if payloads and isinstance(payloads[1], dict) else None


def record_docs(cache_dir: Path, docs_dir: Path, fingerprint: str, previous: DocsState | None = None,
                written: Iterable[str] = (), deleted: Iterable[str] = ()) -> None:
    """Remember what this run left in docs_dir, for the next run.

    With the previous record, only the written and deleted files are looked at; without, the whole tree.
    """
    files = read_docs_files(cache_dir, docs_dir) if previous is not None and previous.digest else None
    if files is not None:
        for path in deleted:
            files.pop(path, None)
        for path in written:
            stat = (docs_dir / path).stat()
            files[path] = (stat.st_size, stat.st_mtime_ns)
    else:
        files = tree_state(docs_dir)
    write_pickle(state_file(cache_dir, docs_dir), CACHE_VERSION, (fingerprint, state_digest(files), len(files)), files)


@dataclass
class Inputs:
    """What a docs tree is generated from (paper file stats, settings) and the last run's record of it."""

    cache_dir: Path
    settings: str  # settings_fingerprint
    scanned: list[tuple[str, StatKey]]  # scan_store: paper file names and stats
    fingerprint: str  # input_fingerprint
    state: DocsState

    def current(self, docs_dir: Path) -> bool:
        """Nothing changed since the last run: same inputs, and docs_dir holds what that run wrote."""
        return self.state.current(docs_dir, self.fingerprint)


def gather_inputs(content_dir: Path, docs_dir: Path, cache_dir: Path, *options: object) -> Inputs:
    """Stat the store and read the last run's record (`options`: what else every page depends on)."""
    settings = settings_fingerprint(*options)
    scanned = scan_store(content_dir)
    return Inputs(cache_dir, settings, scanned, input_fingerprint(scanned, settings), read_docs_state(cache_dir, docs_dir))
