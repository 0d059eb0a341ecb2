"""Write an index's files into a directory, touching only files whose bytes changed."""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

THREADS = 4  # comparing existing files is latency-bound, not CPU-bound: a few threads overlap the reads


@dataclass
class SyncResult:
    """Which files a sync wrote, removed and left alone."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    total_bytes: int = 0


def list_files(out_dir: Path) -> set[str]:
    """Relative '/'-separated paths of every file below out_dir."""
    found = set()
    for root, _, names in os.walk(out_dir):
        relative = os.path.relpath(root, out_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.update(prefix + name for name in names)
    return found


def read_or_none(path: str) -> bytes | None:
    """A file's bytes, or None when it cannot be read."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


def write_file(path: str, data: bytes) -> None:
    """Write via a temporary sibling and rename, so a reader never sees half a file."""
    temporary = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(temporary, "wb") as stream:
        stream.write(data)
    os.replace(temporary, path)


def create_file(path: str, data: bytes) -> None:
    """Write a file that was not there, straight into place (open, write, close): no reader knows of it until
    the manifest naming it is written, and the manifest is written last."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        rest = memoryview(data)
        while rest:  # a write may take only part of the bytes
            rest = rest[os.write(descriptor, rest):]
    finally:
        os.close(descriptor)


def rewrite_if_changed(path: str, data: bytes) -> bool:
    """Rewrite an existing file unless it already holds these bytes; True when written."""
    if read_or_none(path) == data:
        return False
    write_file(path, data)
    return True


def sync_files(out_dir: Path, files: dict[str, bytes], first: str = "manifest.json") -> SyncResult:
    """Make out_dir hold exactly `files`; unchanged files are not touched, `first` is written last."""
    result = SyncResult(total_bytes=sum(map(len, files.values())))
    existing = list_files(out_dir) if out_dir.is_dir() else set()
    for folder in {os.path.dirname(relative) for relative in files}:
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    root = str(out_dir)
    # The manifest goes last, so a reader never sees a manifest pointing at files not yet written.
    names = [name for name in sorted(files) if name != first]
    created = [name for name in names if name not in existing]
    for name in created:  # one thread: 14,884 new files took 0.4 s so, 0.8 s from four threads
        create_file(os.path.join(root, name), files[name])
    kept = [name for name in names if name in existing]
    with ThreadPoolExecutor(THREADS) as pool:
        changed = pool.map(lambda name: rewrite_if_changed(os.path.join(root, name), files[name]), kept)
        rewritten = [name for name, wrote in zip(kept, changed) if wrote]
    result.written = sorted(created + rewritten)
    if first in files and rewrite_if_changed(os.path.join(root, first), files[first]):
        result.written.append(first)
    result.unchanged = len(files) - len(result.written)
    for relative in sorted(existing - files.keys()):
        (out_dir / relative).unlink()
        result.removed.append(relative)
    remove_empty_folders(out_dir, result.removed)
    return result


def remove_empty_folders(out_dir: Path, removed: list[str]) -> None:
    """Remove the folders that removing these files left empty (e.g. a chunk folder after papers were deleted)."""
    folders = {parent for relative in removed for parent in Path(relative).parents if parent != Path(".")}
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        with contextlib.suppress(OSError):  # not empty: still used
            (out_dir / folder).rmdir()
