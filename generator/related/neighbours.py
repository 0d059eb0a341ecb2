"""Top-k nearest neighbours by cosine over L2-normalised vectors, a chunk of rows at a time.

Sparse (TF-IDF) vectors: each query row keeps only its QUERY_TERMS heaviest terms. A product of full
rows costs the sum over shared words of their document frequencies, which common words blow up;
the heaviest terms are the rare, telling ones, so the pruned score ranks almost the same papers
first at a fraction of the cost (10,000 papers: 37 s exact, under 2 s pruned; see bench/RESULTS.md).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

CHUNK = 1024  # rows per block: a block's similarities are a dense CHUNK x N float32 array (50,000: 200 MB)
QUERY_TERMS = 30


def prune_rows(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """The matrix with only the `keep` largest entries of each row."""
    matrix = matrix.tocsr()
    lengths = np.diff(matrix.indptr)
    if lengths.max(initial=0) <= keep:
        return matrix
    indices, data, indptr = [], [], [0]
    for row in range(matrix.shape[0]):
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        values, columns = matrix.data[start:stop], matrix.indices[start:stop]
        if stop - start > keep:
            chosen = np.argpartition(-values, keep - 1)[:keep]
            values, columns = values[chosen], columns[chosen]
        data.append(values)
        indices.append(columns)
        indptr.append(indptr[-1] + len(columns))
    return sparse.csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)), shape=matrix.shape)


def best_of_row(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k highest positive scores, best first, ties broken by index (deterministic)."""
    if k >= len(scores):
        candidates = np.arange(len(scores))
    else:
        candidates = np.argpartition(-scores, k - 1)[:k]
        # the partition may split equal scores at the boundary: take every tie of the k-th score
        candidates = np.flatnonzero(scores >= scores[candidates].min())
    ordered = sorted(candidates.tolist(), key=lambda j: (-float(scores[j]), j))
    return [j for j in ordered[:k] if scores[j] > 1e-6]


def top_neighbours(vectors, k: int, query_terms: int = QUERY_TERMS) -> list[list[int]]:
    """For each row, up to k other rows with the highest positive cosine, best first."""
    count = vectors.shape[0]
    if sparse.issparse(vectors):
        queries, others = prune_rows(vectors, query_terms), vectors.T.tocsr()
    else:
        queries, others = vectors, vectors.T
    result: list[list[int]] = []
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        block = queries[start:stop] @ others
        block = np.asarray(block.toarray() if sparse.issparse(block) else block, dtype=np.float32)
        block[np.arange(stop - start), np.arange(start, stop)] = -np.inf  # never related to itself
        result.extend(best_of_row(block[row], k) for row in range(stop - start))
    return result
