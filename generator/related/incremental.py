"""What changed since the cached run, and the vectors and neighbours brought up to date with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse

from .neighbours import NONE, QUERY_TERMS, Ranked, prune_rows
from .state import CachedState, Vectors, load_vectors


@dataclass
class Changes:
    """The difference between the cached papers and this run's, in rows of the slug-ordered lists."""

    new_row_of_old: np.ndarray  # old row -> new row, NONE when the paper was removed
    fresh: list[int]  # new rows whose paper was added or whose text changed
    removed: int

    @property
    def size(self) -> int:
        """Papers added, changed or removed."""
        return len(self.fresh) + self.removed


def diff_papers(state: CachedState, slugs: Sequence[str], digests: np.ndarray) -> Changes:
    """Added, changed (same slug, other text digest) and removed papers."""
    if state.slugs == list(slugs):  # the usual edit: same papers, some texts changed
        fresh = np.flatnonzero((state.digests != digests).any(axis=1))
        return Changes(np.arange(len(slugs)), fresh.tolist(), 0)
    old_rows = {slug: row for row, slug in enumerate(state.slugs)}
    old_row_of_new = np.array([old_rows.get(slug, NONE) for slug in slugs], dtype=np.int64)
    kept = np.flatnonzero(old_row_of_new != NONE)
    text_changed = (state.digests[old_row_of_new[kept]] != digests[kept]).any(axis=1)
    new_row_of_old = np.full(len(state.slugs), NONE, dtype=np.int64)
    new_row_of_old[old_row_of_new[kept]] = kept
    fresh = np.concatenate([np.flatnonzero(old_row_of_new == NONE), kept[text_changed]])
    return Changes(new_row_of_old, sorted(fresh.tolist()), int((new_row_of_old == NONE).sum()))


def carried_neighbours(old: Ranked, changes: Changes, count: int) -> tuple[Ranked, np.ndarray]:
    """The old neighbour lists renumbered into the new rows, and which rows named a removed paper."""
    carried = Ranked.empty(count, old.indices.shape[1])
    kept_old = np.flatnonzero(changes.new_row_of_old != NONE)
    kept_new = changes.new_row_of_old[kept_old]
    named = old.indices[kept_old]
    renumbered = np.where(named != NONE, changes.new_row_of_old[np.maximum(named, 0)], NONE)
    carried.indices[kept_new] = renumbered
    carried.scores[kept_new] = old.scores[kept_old]
    gone_neighbour = np.zeros(count, dtype=bool)
    gone_neighbour[kept_new] = ((named != NONE) & (renumbered == NONE)).any(axis=1)
    return carried, gone_neighbour


def row_sources(changes: Changes, old_count: int, count: int) -> np.ndarray:
    """For each new row, its row in [old rows; fresh rows] stacked."""
    source = np.empty(count, dtype=np.int64)
    kept_old = np.flatnonzero(changes.new_row_of_old != NONE)
    source[changes.new_row_of_old[kept_old]] = kept_old
    source[changes.fresh] = old_count + np.arange(len(changes.fresh))
    return source


def updated_lexical(cache_dir: Path, state: CachedState, texts: Sequence[str], changes: Changes) -> Vectors | None:
    """The cached TF-IDF rows with the fresh papers' rows made by the frozen vectorizer; None without a cache."""
    old = load_vectors(cache_dir, state)
    if old is None or old.vectorizer is None:
        return None
    fresh_rows = old.vectorizer.transform([texts[row] for row in changes.fresh])
    source = row_sources(changes, old.matrix.shape[0], len(texts))
    matrix = sparse.vstack([old.matrix, fresh_rows], format="csr")[source]
    queries = sparse.vstack([old.queries, prune_rows(fresh_rows, QUERY_TERMS)], format="csr")[source]
    return Vectors(matrix, queries, old.vectorizer)
