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


def sync_tree(root: Path, outputs: dict[str, bytes]) -> SyncReport:
    """Make root hold exactly `outputs` (relative path -> bytes), touching only what differs."""
    report = SyncReport()
    root.mkdir(parents=True, exist_ok=True)
    for relative, data in sorted(outputs.items()):
        if write_if_changed(root / relative, data):
            report.written.append(relative)
        else:
            report.unchanged += 1
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and relative not in outputs:
            path.unlink()
            report.deleted.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return report
