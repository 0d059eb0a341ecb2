"""Write the generated tree: only files whose bytes changed, and remove files no longer generated."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SyncReport:
    """What one generation did to the docs tree."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the CLI."""
        return f"{len(self.written)} written, {self.unchanged} unchanged, {len(self.deleted)} deleted"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Replace path with data atomically unless it already holds exactly these bytes (keeps its mtime)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True


def sync_tree(root: Path, outputs: dict[str, bytes], kept: set[str] | frozenset[str] = frozenset(),
              previous: set[str] | None = None) -> SyncReport:
    """Make root hold exactly `outputs` plus the `kept` files (relative paths), touching only what differs.

    previous: every path the last run generated; the files to delete are then found among those, without
    walking the tree. None walks the whole tree and deletes everything that is neither output nor kept.
    """
    report = SyncReport(unchanged=len(kept))
    root.mkdir(parents=True, exist_ok=True)
    for relative, data in sorted(outputs.items()):
        if write_if_changed(root / relative, data):
            report.written.append(relative)
        else:
            report.unchanged += 1
    if previous is not None:
        stale = sorted(previous - outputs.keys() - kept, reverse=True)
        for relative in stale:
            if (root / relative).is_file():
                (root / relative).unlink()
                report.deleted.append(relative)
        remove_empty_folders(root, {(root / relative).parent for relative in stale})
        return report
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in outputs and relative not in kept:
            path.unlink()
            report.deleted.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report


def remove_empty_folders(root: Path, folders: set[Path]) -> None:
    """Remove these folders and their parents below root while they are empty."""
    for folder in sorted(folders, key=lambda path: len(path.parts), reverse=True):
        while folder != root and root in folder.parents and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
