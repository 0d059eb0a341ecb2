"""Top-k nearest neighbours by cosine over normalised vectors, a chunk of rows at a time (bounded memory)."""

from __future__ import annotations

import numpy as np
from scipy import sparse

# Rows per chunk: a chunk's similarities are a dense CHUNK x N float32 block (50,000 papers: 50 MB).
CHUNK = 256


def _similarities(vectors, start: int, stop: int) -> np.ndarray:
    block = vectors[start:stop] @ vectors.T
    block = block.toarray() if sparse.issparse(block) else np.asarray(block)
    return block.astype(np.float32, copy=False)


def top_neighbours(vectors, k: int) -> list[list[int]]:
    """For each row, the indices of up to k other rows with the highest positive cosine, best first.

    Ties break by index, so the same input always gives the same answer.
    """
    count = vectors.shape[0]
    result: list[list[int]] = []
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        block = _similarities(vectors, start, stop)
        block[np.arange(stop - start), np.arange(start, stop)] = -np.inf  # never related to itself
        take = min(k, count - 1)
        candidates = np.argpartition(-block, take - 1, axis=1)[:, :take] if take < count else None
        for row in range(stop - start):
            scores = block[row]
            indices = candidates[row] if candidates is not None else np.arange(count)
            # the partition boundary may split equal scores: add every tie of the k-th score, then sort
            threshold = scores[indices].min()
            tied = np.flatnonzero(scores >= threshold)
            ordered = sorted(tied.tolist(), key=lambda j: (-float(scores[j]), j))
            result.append([j for j in ordered[:k] if scores[j] > 1e-6])
    return result
