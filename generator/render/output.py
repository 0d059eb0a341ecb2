"""Write the generated tree: only files whose bytes changed, and remove files no longer generated.

Files are written as they are rendered, so a build never holds the whole tree in memory (412 MB of
Markdown, feeds and exports at 10,000 papers). They go to a staging folder beside the tree first and
are moved in only when the whole render has passed its checks: a failed build changes nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SyncReport:
    """What one generation did to the docs tree."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    deleted: list[str] = field(default_factory=list)
    quick: bool = False  # only quick pages were written (render/quick.py): the rest is still to regenerate

    def summary(self) -> str:
        """One line for the CLI."""
        return f"{len(self.written)} written, {self.unchanged} unchanged, {len(self.deleted)} deleted"


def same_bytes(path: Path, data: bytes) -> bool:
    """Whether path already holds exactly these bytes."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


class TreeWriter:
    """Stages the files that differ from what root holds, then moves them in (commit) or drops them (abort)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.staging = root.with_name(f".{root.name}.staging")
        self.staged: list[str] = []
        self.paths: set[str] = set()  # every path written or found unchanged
        self.unchanged = 0
        self.folders: set[Path] = set()
        shutil.rmtree(self.staging, ignore_errors=True)  # left by a run that was killed

    def add(self, files: dict[str, bytes], *same: set[str]) -> None:
        """Stage each file unless root already holds its bytes (known for the paths in the `same` sets)."""
        for relative, data in files.items():
            self.paths.add(relative)
            if any(relative in known for known in same) or same_bytes(self.root / relative, data):
                self.unchanged += 1
                continue
            target = self.staging / relative
            self.make_folder(target.parent)
            target.write_bytes(data)
            self.staged.append(relative)

    def make_folder(self, folder: Path) -> None:
        """mkdir -p, once per folder."""
        if folder not in self.folders:
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)

    def abort(self) -> None:
        """Drop everything staged: root is left as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def commit(self, kept: set[str] | frozenset[str] = frozenset(), previous: set[str] | None = None) -> SyncReport:
        """Move the staged files in (each atomically), then delete what is neither written, unchanged nor kept.

        previous: every path the last run generated; the files to delete are then found among those, without
        walking the tree. None walks the whole tree.
        """
        report = SyncReport(written=sorted(self.staged), unchanged=self.unchanged + len(kept))
        if not self.root.exists() and not kept and self.staging.is_dir():
            # A first build: the staged folder becomes the tree in one rename rather than one per file
            # (50,000 renames and an rmtree were ~a fifth of generating a 10,000-paper tree).
            self.root.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging, self.root)
            return report
        self.root.mkdir(parents=True, exist_ok=True)
        for relative in report.written:
            target = self.root / relative
            self.make_folder(target.parent)
            os.replace(self.staging / relative, target)
        self.abort()
        current = self.paths | kept
        if previous is not None:
            stale = sorted(previous - current, reverse=True)
            for relative in stale:
                if (self.root / relative).is_file():
                    (self.root / relative).unlink()
                    report.deleted.append(relative)
            remove_empty_folders(self.root, {(self.root / relative).parent for relative in stale})
            return report
        for path in sorted(self.root.rglob("*"), reverse=True):
            relative = path.relative_to(self.root).as_posix()
            if path.is_file() and relative not in current:
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
