"""The docs tree's change journal: which generated files each run wrote or deleted, in order.

A site folder built from the docs tree as it stood after entry N needs, to be current again, exactly the
files entries N+1... changed: hooks/narrow_build.py hands MkDocs only those (see generator/narrow.py).
The journal keeps the last JOURNAL_RUNS runs; a site built before the oldest one kept gets a full build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..layout import folder_cache_file
from .cache import read_pickle, write_pickle

JOURNAL_VERSION = b"journal-1"
JOURNAL_RUNS = 64  # a contributor's edit session; older sites are rebuilt in full
JOURNAL_PATHS = 200_000  # a run that changed more than this (a full render at 50,000 papers) ends the journal


@dataclass
class Journal:
    """Runs numbered from `first`; each run's written and deleted paths (docs-relative)."""

    first: int = 0
    runs: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)

    @property
    def last(self) -> int:
        """The number of the newest run (first - 1 when none is kept)."""
        return self.first + len(self.runs) - 1

    def changes_since(self, run: int) -> tuple[set[str], set[str]] | None:
        """Paths written and deleted by the runs after `run` (a path's last change wins); None when some of
        those runs are no longer kept."""
        if run < self.first - 1 or run > self.last:
            return None
        written: set[str] = set()
        deleted: set[str] = set()
        for paths, removed in self.runs[run - self.first + 1:]:
            written.update(paths)
            deleted.difference_update(paths)
            deleted.update(removed)
            written.difference_update(removed)
        return written, deleted


def journal_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where one docs folder's journal is kept."""
    return folder_cache_file(cache_dir, "journal-", docs_dir, ".pickle")


def read_journal(cache_dir: Path, docs_dir: Path) -> Journal:
    """The journal of docs_dir, or an empty one."""
    stored = read_pickle(journal_file(cache_dir, docs_dir), JOURNAL_VERSION)
    return stored if isinstance(stored, Journal) else Journal()


def note_run(cache_dir: Path, docs_dir: Path, written: list[str], deleted: list[str]) -> int:
    """Append one run's changes (a run that changed nothing is not a new entry); the newest run's number."""
    journal = read_journal(cache_dir, docs_dir)
    if not written and not deleted and journal.runs:
        return journal.last
    if len(written) + len(deleted) > JOURNAL_PATHS:  # nobody narrows to this: keep only that it happened
        journal = Journal(journal.last + 2, [])
    else:
        journal.runs.append((tuple(written), tuple(deleted)))
        while len(journal.runs) > JOURNAL_RUNS:
            journal.runs.pop(0)
            journal.first += 1
    write_pickle(journal_file(cache_dir, docs_dir), JOURNAL_VERSION, journal)
    return journal.last


def forget_journal(cache_dir: Path, docs_dir: Path) -> None:
    """Drop the journal: every site built from docs_dir gets a full build next."""
    journal = read_journal(cache_dir, docs_dir)
    write_pickle(journal_file(cache_dir, docs_dir), JOURNAL_VERSION, Journal(journal.last + 2, []))
