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
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

UNITS_VERSION = 1
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
    recomputed: int = 0

    def needs(self, unit: str, key: str) -> bool:
        """Whether render() will compute this unit (its key changed or it is new)."""
        record = self.previous.get(unit)
        return record is None or record[0] != key

    def render(self, outputs: dict[str, bytes], unit: str, key: str, produce: Callable[[], dict[str, bytes]]) -> None:
        """Add the unit's files to outputs, or keep last run's files when its key is unchanged."""
        record = self.previous.get(unit)
        if record is not None and record[0] == key:
            self.current[unit] = record  # type: ignore[assignment]
            self.kept.update(record[1])
            return
        files = produce()
        outputs.update(files)
        self.current[unit] = (key, tuple(sorted(files)))
        self.recomputed += 1

    def always(self, outputs: dict[str, bytes], unit: str, files: dict[str, bytes]) -> None:
        """Add files computed on every run, recording their paths (so a file they no longer hold is deleted)."""
        outputs.update(files)
        self.current[unit] = ("", tuple(sorted(files)))
        self.recomputed += 1

    @property
    def reused(self) -> int:
        """How many units were kept without computing them."""
        return len(self.current) - self.recomputed

    def previous_paths(self) -> set[str]:
        """Every path the last run's units wrote."""
        return {path for _, paths in self.previous.values() for path in paths}


def units_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the unit records of one docs folder are kept."""
    name = hashlib.sha256(str(docs_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"units-{name}.pickle"


def load_units(cache_dir: Path, docs_dir: Path, settings: str) -> Units:
    """Last run's unit records when they were made with the same settings (code, options), else none."""
    try:
        with open(units_file(cache_dir, docs_dir), "rb") as stream:
            version, recorded_settings, records = pickle.load(stream)  # noqa: S301 - our own cache file
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return Units()
    if version != UNITS_VERSION or recorded_settings != settings or not isinstance(records, dict):
        return Units()
    return Units(previous=records)


def save_units(cache_dir: Path, docs_dir: Path, settings: str, units: Units) -> None:
    """Keep this run's unit records for the next run (atomically)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = units_file(cache_dir, docs_dir)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as stream:
        pickle.dump((UNITS_VERSION, settings, units.current), stream, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, target)


def forget_units(cache_dir: Path, docs_dir: Path) -> None:
    """Drop the unit records (the docs tree no longer holds what they describe)."""
    units_file(cache_dir, docs_dir).unlink(missing_ok=True)
