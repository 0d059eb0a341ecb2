"""What the related-papers cache keeps between builds, and how it is read and written.

Two files per mode in the cache folder, both numpy `.npz` archives read with `allow_pickle=False`:

- `related-<mode>.npz`, the index: settings, every paper's slug and text digest (slug order), each
  paper's top-k neighbours with their scores, and the name of its vectors file. Read on every build;
  enough on its own to answer a build whose texts did not change.
- `related-<mode>-vectors-<token>.npz` (lexical only): the frozen vocabulary and idf, the TF-IDF matrix
  and its pruned query rows. Read only when texts changed. Semantic vectors come from the per-text
  embedding cache instead (semantic.py).

Each file is written under a temporary name and renamed, the vectors file first under a new name that
only the new index names, so a crash leaves the old pair intact. Anything missing, unreadable or from
other settings is a miss, never an error: the build then computes everything.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from .lexical import FrozenVectorizer
from .neighbours import NONE, Ranked

SEPARATOR = "\0"  # slugs and terms never contain NUL
DIGEST_SIZE = 16  # bytes of each paper's text digest (see text_digest)


@dataclass
class Vectors:
    """The vectors neighbours are computed from: rows in slug order, and the rows queries use."""

    matrix: Any  # csr_matrix (lexical) or float32 ndarray (semantic)
    queries: Any
    vectorizer: FrozenVectorizer | None = None  # lexical: what turns a changed text into a row


@dataclass
class CachedState:
    """The index file's content: papers (slug order), their digests, neighbours and bookkeeping."""

    settings: dict[str, Any]
    slugs: list[str]
    digests: np.ndarray  # uint8, papers x DIGEST_SIZE
    ranked: Ranked
    drift: int = 0  # papers added, changed or removed since the vectorizer was fitted
    fitted: int = 0  # papers the vectorizer was fitted on
    vectors_file: str = ""

    def neighbour_slugs(self) -> dict[str, list[str]]:
        """slug -> related slugs, best first (built with numpy: a Python loop over 50,000 rows takes ~0.5 s)."""
        names = np.array(self.slugs + [None], dtype=object)  # NONE (-1) picks the trailing None
        rows = names[self.ranked.indices].tolist()
        for row in np.flatnonzero(self.ranked.indices[:, -1] == NONE).tolist():
            rows[row] = [name for name in rows[row] if name is not None]
        return dict(zip(self.slugs, rows))


def index_path(cache_dir: Path, mode: str) -> Path:
    """Where the index of a mode is kept."""
    return cache_dir / f"related-{mode}.npz"


def joined(strings: list[str]) -> np.ndarray:
    """Strings as one uint8 array (NUL-separated UTF-8)."""
    return np.frombuffer(SEPARATOR.join(strings).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def split(array: np.ndarray) -> list[str]:
    """The strings of `joined`."""
    text = array.tobytes().decode("utf-8", "surrogatepass")
    return text.split(SEPARATOR) if text else []


def write_atomically(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write an .npz under a temporary name, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def read_arrays(path: Path) -> dict[str, np.ndarray] | None:
    """Every array of an .npz, or None when it is missing or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            return {name: data[name] for name in data.files}
    except Exception:  # noqa: BLE001 - any damage (truncated zip, bad header, ...) is only a miss
        return None


def csr_arrays(prefix: str, matrix: sparse.csr_matrix) -> dict[str, np.ndarray]:
    """A CSR matrix as named arrays."""
    return {f"{prefix}_data": matrix.data, f"{prefix}_indices": matrix.indices, f"{prefix}_indptr": matrix.indptr,
            f"{prefix}_shape": np.array(matrix.shape, dtype=np.int64)}


def csr_from(prefix: str, arrays: dict[str, np.ndarray]) -> sparse.csr_matrix:
    """The CSR matrix of `csr_arrays`."""
    shape = tuple(int(n) for n in arrays[f"{prefix}_shape"])
    return sparse.csr_matrix((arrays[f"{prefix}_data"], arrays[f"{prefix}_indices"], arrays[f"{prefix}_indptr"]),
                             shape=shape)


def save_state(cache_dir: Path, mode: str, state: CachedState, vectors: Vectors | None) -> None:
    """Write the vectors (when given: they changed) and then the index naming them; drop older vectors."""
    if vectors is not None and vectors.vectorizer is not None:
        state.vectors_file = f"related-{mode}-vectors-{secrets.token_hex(6)}.npz"
        write_atomically(cache_dir / state.vectors_file, {
            "terms": joined(vectors.vectorizer.terms), "idf": vectors.vectorizer.idf,
            **csr_arrays("matrix", vectors.matrix), **csr_arrays("queries", vectors.queries)})
    meta = {"settings": state.settings, "drift": state.drift, "fitted": state.fitted,
            "vectors_file": state.vectors_file}
    write_atomically(index_path(cache_dir, mode), {
        "meta": np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8),
        "slugs": joined(state.slugs), "digests": state.digests,
        "indices": state.ranked.indices, "scores": state.ranked.scores})
    for old in cache_dir.glob(f"related-{mode}-vectors-*.npz"):
        if old.name != state.vectors_file:
            old.unlink(missing_ok=True)
    for old in cache_dir.glob(f"related-{mode}-*.json"):  # results of the cache before version 2
        old.unlink(missing_ok=True)


def load_state(cache_dir: Path, mode: str, settings: dict[str, Any]) -> CachedState | None:
    """The cached index of a mode when it exists, is whole and was made with these settings."""
    arrays = read_arrays(index_path(cache_dir, mode))
    if arrays is None:
        return None
    try:
        meta = json.loads(arrays["meta"].tobytes())
        slugs, digests = split(arrays["slugs"]), arrays["digests"]
        ranked = Ranked(arrays["indices"].astype(np.int32), arrays["scores"].astype(np.float32))
        count = len(slugs)
        if meta["settings"] != settings or digests.shape != (count, DIGEST_SIZE) or digests.dtype != np.uint8 \
                or ranked.indices.shape != ranked.scores.shape or ranked.indices.shape[0] != count \
                or not -1 <= int(ranked.indices.min(initial=-1)) <= int(ranked.indices.max(initial=-1)) < count:
            return None
        return CachedState(settings, slugs, digests, ranked, int(meta["drift"]), int(meta["fitted"]),
                           str(meta["vectors_file"]))
    except (KeyError, ValueError, TypeError, UnicodeDecodeError, AttributeError):
        return None


def load_vectors(cache_dir: Path, state: CachedState) -> Vectors | None:
    """The lexical vectors the index names, or None when they are missing or do not fit the index."""
    if not state.vectors_file:
        return None
    arrays = read_arrays(cache_dir / state.vectors_file)
    if arrays is None:
        return None
    try:
        terms = split(arrays["terms"])
        matrix, queries = csr_from("matrix", arrays), csr_from("queries", arrays)
        vectorizer = FrozenVectorizer(terms, arrays["idf"].astype(np.float32))
        if matrix.shape != (len(state.slugs), len(terms)) or queries.shape != matrix.shape \
                or len(vectorizer.idf) != len(terms):
            return None
        return Vectors(matrix, queries, vectorizer)
    except (KeyError, ValueError, TypeError, UnicodeDecodeError):
        return None
