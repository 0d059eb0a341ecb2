"""What this run may take from the last one instead of recomputing it (issue 18: one edit at 50,000 papers).

Two things, both only for a docs tree the last run is known to have left as it is (units.py, cache.DocsState):
- a file built of one fragment per paper (papers.json, a topic's or year's cite.json): the fragments of papers
  whose inputs are unchanged are sliced out of last run's file, at the offsets recorded then, instead of
  rendered again;
- a page whose key (a digest of all it shows) is the one recorded last run: a topic of 2,000 papers
  gets one new listing page for one edited paper, not 80 (indexes.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..layout import folder_cache_file
from .cache import read_pickle, write_pickle

FRAGMENTS_VERSION = b"fragments-3"
Offsets = dict[str, tuple[str, int, int]]  # slug -> (key of its fragment: its file digest..., start, end) in the file


def fragments_file(cache_dir: Path, docs_dir: Path) -> Path:
    """Where the fragment offsets of one docs folder's whole-store files are kept."""
    return folder_cache_file(cache_dir, "fragments-", docs_dir, ".pickle")


@dataclass
class Previous:
    """Last run's files in docs_dir, for the renderer to reuse; `Previous()` reuses nothing (a clean run)."""

    docs_dir: Path | None = None
    offsets: dict[str, Offsets] = field(default_factory=dict)  # last run's fragments, by docs path
    recorded: dict[str, Offsets] = field(default_factory=dict)  # this run's (and kept files' last), saved by `save`
    page_keys: dict[str, str] = field(default_factory=dict)  # docs path -> key of the page written there
    reused: set[str] = field(default_factory=set)  # paths of pages `page` took from disk: known to be as they are

    def page(self, path: str, key: str, render: Callable[[], str]) -> str:
        """The page last run wrote at path when its key is unchanged, else render() (the key is recorded)."""
        old = self.page_keys.get(path) if self.docs_dir is not None else None
        self.page_keys[path] = key
        if old == key:
            try:
                page = (self.docs_dir / path).read_bytes().decode("utf-8")  # type: ignore[operator]
            except OSError:
                pass
            else:
                self.reused.add(path)
                return page
        return render()

    def assemble(self, path: str, head: bytes, tail: bytes, separator: bytes,
                 pieces: Iterable[tuple[str, str, Callable[[], bytes]]]) -> bytes:
        """head + the pieces joined by separator + tail; each piece is (slug, digest, render), and is cut
        from last run's file when that paper's digest is unchanged, else rendered. Offsets are recorded."""
        old_offsets = self.offsets.get(path, {})
        old = b""
        if old_offsets and self.docs_dir is not None:
            try:
                old = (self.docs_dir / path).read_bytes()
            except OSError:
                old_offsets = {}
        parts, offsets, position = [head], {}, len(head)
        for number, (slug, digest, render) in enumerate(pieces):
            if number:
                parts.append(separator)
                position += len(separator)
            hit = old_offsets.get(slug)
            data = old[hit[1]:hit[2]] if hit is not None and hit[0] == digest else render()
            parts.append(data)
            offsets[slug] = (digest, position, position + len(data))
            position += len(data)
        parts.append(tail)
        self.recorded[path] = offsets
        return b"".join(parts)

    def save(self, cache_dir: Path, docs_dir: Path, settings: str, deleted: Iterable[str] = ()) -> None:
        """Keep this run's fragment offsets for the next run (valid only with the same settings); those of
        files this run deleted go."""
        for path in deleted:
            self.recorded.pop(path, None)
            self.page_keys.pop(path, None)
        write_pickle(fragments_file(cache_dir, docs_dir), FRAGMENTS_VERSION, (settings, self.recorded, self.page_keys))


def load_previous(cache_dir: Path, docs_dir: Path, settings: str, trusted: bool) -> Previous:
    """Last run's reusable files when the docs tree is trusted and the settings are the same, else none."""
    stored = read_pickle(fragments_file(cache_dir, docs_dir), FRAGMENTS_VERSION) if trusted else None
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == settings):
        return Previous(docs_dir if trusted else None)
    return Previous(docs_dir, stored[1], dict(stored[1]), stored[2])  # a file not rebuilt keeps its offsets


def forget_previous(cache_dir: Path, docs_dir: Path) -> None:
    """Drop the offsets (the docs tree may no longer hold the file they describe)."""
    fragments_file(cache_dir, docs_dir).unlink(missing_ok=True)
