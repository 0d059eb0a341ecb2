"""Incremental rendering: a page and the files beside it are one *unit*, recomputed only when its inputs change.

Every unit has an id (``paper/<slug>``, ``author/<slug>``...) and a key: a digest of exactly the data
it reads (its papers' file digests, their citation keys, its related papers, a group's display name).
The keys and the paths each unit wrote are kept in the cache beside the store. On the next run a
unit whose key is unchanged is not computed at all: its files in the docs tree are kept as they are.
Editing one paper of 50,000 therefore recomputes its page, the pages of its authors, topics and year,
and the pages listing it as related, not the whole site. Pages built from the whole store (home,
directories, the site feed, papers.json, the search index) are computed on every run.

The cache is only trusted for a docs tree it recorded (see cache.DocsState); a code or option
change gives a different `settings` fingerprint, which empties it, so everything is recomputed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..layout import folder_cache_file
from .cache import read_pickle, write_pickle

UNITS_VERSION = b"units-2"
UnitRecord = tuple[str, tuple[str, ...]]  # (key, paths the unit wrote)


def unit_key(*parts: object) -> str:
    """A digest of a unit's inputs (tuples and lists of strings and numbers; repr is deterministic for those)."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass
class Units:
    """The unit records of the last run, and the ones this run produces."""

    previous: dict[str, UnitRecord] = field(default_factory=dict)
    current: dict[str, UnitRecord] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)  # docs paths of units that were not recomputed
    # Digests of the files computed on every run (`always`): one whose digest is last run's is known to be
    # on disk as it is, without reading the ~15,000 files of a 50,000-paper search index back to compare.
    previous_digests: dict[str, bytes] = field(default_factory=dict)
    digests: dict[str, bytes] = field(default_factory=dict)
    same: set[str] = field(default_factory=set)  # paths of those whose bytes are last run's

    def needs(self, unit: str, key: str) -> bool:
        """Whether render() will compute this unit (its key changed or it is new)."""
        record = self.previous.get(unit)
        return record is None or record[0] != key

    def render(self, unit: str, key: str, produce: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
        """The unit's files, or none when its key is unchanged: last run's files are kept (see `kept`)."""
        if not self.needs(unit, key):
            record = self.previous[unit]
            self.current[unit] = record
            self.kept.update(record[1])
            return {}
        files = produce()
        self.current[unit] = (key, tuple(sorted(files)))
        return files

    def always(self, unit: str, files: dict[str, bytes]) -> dict[str, bytes]:
        """Files computed on every run, recorded by path (so a file they no longer hold is deleted) and by digest
        (those unchanged since last run go into `same`)."""
        self.current[unit] = ("", tuple(sorted(files)))
        for path, data in files.items():
            digest = self.digests[path] = hashlib.blake2b(data, digest_size=16).digest()
            if self.previous_digests.get(path) == digest:
                self.same.add(path)
        return files

    def previous_paths(self) -> set[str]:
        """Every path the last run's units wrote."""
        return {path for _, paths in self.previous.values() for path in paths}


def units_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the unit records of one docs folder are kept."""
    return folder_cache_file(cache_dir, "units-", docs_dir, ".pickle")


def load_units(cache_dir: Path, docs_dir: Path, settings: str) -> Units:
    """Last run's unit records when they were made with the same settings (code, options), else none."""
    stored = read_pickle(units_file(cache_dir, docs_dir), UNITS_VERSION)
    if isinstance(stored, tuple) and len(stored) == 3 and stored[0] == settings and isinstance(stored[1], dict):
        return Units(previous=stored[1], previous_digests=stored[2])
    return Units()


def save_units(cache_dir: Path, docs_dir: Path, settings: str, units: Units) -> None:
    """Keep this run's unit records for the next run (atomically)."""
    write_pickle(units_file(cache_dir, docs_dir), UNITS_VERSION, (settings, units.current, units.digests))


def spoil_units(cache_dir: Path, docs_dir: Path, settings: str, written: dict[str, list[str]]) -> None:
    """Record that some units' files were written from other inputs (render/quick.py): with a key no run
    computes, so the next run renders them again (or, if a unit is gone, deletes its files, old and new)."""
    units = load_units(cache_dir, docs_dir, settings)
    if units.previous:  # without records the next run renders every unit and checks the whole tree anyway
        units.current, units.digests = dict(units.previous), units.previous_digests
        for unit, paths in written.items():
            before = units.previous.get(unit, ("", ()))[1]
            units.current[unit] = ("", tuple(sorted({*before, *paths})))
        save_units(cache_dir, docs_dir, settings, units)


def forget_units(cache_dir: Path, docs_dir: Path) -> None:
    """Drop the unit records (the docs tree no longer holds what they describe)."""
    units_file(cache_dir, docs_dir).unlink(missing_ok=True)
