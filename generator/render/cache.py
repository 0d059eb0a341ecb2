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
from pathlib import Path

from ..errors import InputError, Problem
from ..store import StoredPaper, paper_files, read_paper

CACHE_VERSION = b"1"
GENERATOR = Path(__file__).resolve().parent.parent  # generator/: its code is an input of every page
StatKey = tuple[int, int, int, int]


def stat_key(stat: os.stat_result) -> StatKey:
    """What changes whenever a file's bytes do (ctime catches a same-size write within one mtime tick)."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def load_store_cached(content_dir: Path, cache_dir: Path) -> list[StoredPaper]:
    """load_store, parsing only the files whose stat changed since the cached parse."""
    cache_file = cache_dir / "papers.pickle"
    try:
        with open(cache_file, "rb") as stream:
            version, cached = pickle.load(stream)  # noqa: S301 - our own cache file, beside the store
        if version != CACHE_VERSION:
            cached = {}
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        cached = {}
    papers: list[StoredPaper] = []
    problems: list[Problem] = []
    fresh: dict[str, tuple[StatKey, object]] = {}
    for path in paper_files(content_dir):
        key = stat_key(path.stat())
        hit = cached.get(str(path))
        if hit is not None and hit[0] == key:
            paper = hit[1]
        else:
            paper, found = read_paper(path)
            problems.extend(found)
        if paper is not None:
            fresh[str(path)] = (key, paper)
            papers.append(StoredPaper(path.stem, path, paper))
    if problems:
        raise InputError(problems)
    if fresh.keys() != cached.keys() or any(fresh[name][0] != cached[name][0] for name in fresh):
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_file.with_name(f".{cache_file.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as stream:
            pickle.dump((CACHE_VERSION, fresh), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache_file)
    return papers


def input_fingerprint(content_dir: Path, *options: object) -> str:
    """Every input of the docs tree: paper file stats, the generator's code, options and PAPER_ARCHIVE_* env."""
    digest = hashlib.sha256(CACHE_VERSION)
    for path in sorted(GENERATOR.rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(json.dumps([str(option) for option in options]).encode())
    digest.update(json.dumps(sorted((k, v) for k, v in os.environ.items() if k.startswith("PAPER_ARCHIVE_")
                                    and k != "PAPER_ARCHIVE_SKIP_GENERATE")).encode())
    for path in paper_files(content_dir):
        digest.update(f"{path.name}\0{stat_key(path.stat())}\n".encode())
    return digest.hexdigest()


def tree_state(root: Path) -> dict[str, list[int]]:
    """Relative path -> [size, mtime_ns] of every file below root."""
    state = {}
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            state[prefix + name] = [stat.st_size, stat.st_mtime_ns]
    return state


def state_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the last run's fingerprint and docs tree state are kept, one file per docs folder."""
    return cache_dir / f"docs-{hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]}.json"


def docs_current(cache_dir: Path, docs_dir: Path, fingerprint: str) -> int | None:
    """The number of files when the docs tree is exactly what a run with these inputs wrote, else None."""
    try:
        recorded = json.loads(state_file(cache_dir, docs_dir).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if recorded.get("fingerprint") != fingerprint or not docs_dir.is_dir():
        return None
    return len(recorded["files"]) if recorded["files"] == tree_state(docs_dir) else None


def record_docs(cache_dir: Path, docs_dir: Path, fingerprint: str) -> None:
    """Remember what this run wrote, for docs_current."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = state_file(cache_dir, docs_dir)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"fingerprint": fingerprint, "files": tree_state(docs_dir)}), "utf-8")
    os.replace(temporary, target)
