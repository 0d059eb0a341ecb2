"""All-or-nothing writes to the store: a journal staged beside it, committed by one rename, rolled forward."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from pathlib import Path
from typing import Iterator

from .errors import PaperArchiveError

JOURNAL = ".journal"
STAGING = ".journal-staging"
LOCK = ".lock"


def _fsync_dir(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def store_lock(content_dir: Path) -> Iterator[None]:
    """Hold the store's lock; a second writer is refused with a clear message instead of waiting."""
    content_dir.mkdir(parents=True, exist_ok=True)
    with open(content_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise PaperArchiveError(
                f"{content_dir}: another import is writing this store; wait for it to finish and run again"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover(content_dir: Path) -> None:
    """Finish a committed run that was interrupted, or discard one that never committed."""
    shutil.rmtree(content_dir / STAGING, ignore_errors=True)
    journal = content_dir / JOURNAL
    manifest = journal / "manifest.json"
    if manifest.is_file():
        _apply(content_dir, json.loads(manifest.read_text("utf-8")))
    shutil.rmtree(journal, ignore_errors=True)


def _apply(content_dir: Path, entries: list[list[str]]) -> None:
    """Move each staged file onto its target; staged files already moved are skipped."""
    for staged_name, target_name in entries:
        staged = content_dir / JOURNAL / staged_name
        if staged.exists():
            target = content_dir / target_name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, target)


def commit(content_dir: Path, writes: dict[Path, str]) -> None:
    """Write every file in `writes` (paths inside content_dir) or, if interrupted early, none of them."""
    if not writes:
        return
    recover(content_dir)
    staging = content_dir / STAGING
    staging.mkdir(parents=True)
    entries = []
    for number, (target, text) in enumerate(sorted(writes.items())):
        staged_name = f"{number}.md"
        (staging / staged_name).write_bytes(text.encode("utf-8"))
        entries.append([staged_name, str(target.relative_to(content_dir))])
    with open(staging / "manifest.json", "w", encoding="utf-8") as stream:
        json.dump(entries, stream)
        stream.flush()
        os.fsync(stream.fileno())
    # Staged files are not fsynced one by one (that costs seconds per thousand files): a killed process
    # loses nothing the kernel holds, and ext4/xfs flush data before a rename that replaces a file.
    _fsync_dir(staging)
    os.replace(staging, content_dir / JOURNAL)  # the commit point: one atomic rename
    _fsync_dir(content_dir)
    recover(content_dir)
