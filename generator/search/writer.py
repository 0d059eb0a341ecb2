"""Write an index's files into a directory, touching only files whose bytes changed."""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

THREADS = 4  # file creation is latency-bound, not CPU-bound: a few threads overlap the waits


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


def sync_one(out_dir: str, relative: str, data: bytes, exists: bool) -> bool:
    """Write one file unless it already holds these bytes; True when written."""
    path = os.path.join(out_dir, relative)
    if exists and read_or_none(path) == data:
        return False
    write_file(path, data)
    return True


def sync_files(out_dir: Path, files: dict[str, bytes], first: str = "manifest.json") -> SyncResult:
    """Make out_dir hold exactly `files`; unchanged files are not touched, `first` is written last."""
    result = SyncResult(total_bytes=sum(map(len, files.values())))
    existing = list_files(out_dir) if out_dir.is_dir() else set()
    for folder in {os.path.dirname(relative) for relative in files}:
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    # The manifest goes last, so a reader never sees a manifest pointing at files not yet written.
    names = [name for name in sorted(files) if name != first]
    with ThreadPoolExecutor(THREADS) as pool:
        changed = list(pool.map(lambda name: sync_one(str(out_dir), name, files[name], name in existing), names))
    result.written = [name for name, wrote in zip(names, changed) if wrote]
    if first in files and sync_one(str(out_dir), first, files[first], first in existing):
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
