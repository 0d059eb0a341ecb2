"""Top-k nearest neighbours by cosine over L2-normalised vectors, with their scores.

Every score of row i against row j is `queries[i] . vectors[j]`, always computed as a product with the
query row on the left, so the full computation and the incremental update (`update_ranked`) add the
same terms in the same order and get bit-identical float32 scores. Ranking is score descending, then
row index ascending; rows are kept in slug order, so ties go to the smaller slug on both paths.

Sparse (TF-IDF) vectors: each query row keeps only its QUERY_TERMS heaviest terms. A product of full
rows costs the sum over shared words of their document frequencies, which common words blow up;
the heaviest terms are the rare, telling ones, so the pruned score ranks almost the same papers
first at a fraction of the cost (10,000 papers: 37 s exact, under 2 s pruned; see bench/RESULTS.md).
Dense (semantic) vectors are their own queries, scored in float64 (see `transposed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

import numpy as np
from scipy import sparse

CHUNK = 256  # rows per block: a block's similarities are a dense CHUNK x N float32 array (50,000: 50 MB), and the
# sparse product it is made from about as much again (1,024 rows: a 50,000-paper full build peaked ~345 MB higher)
QUERY_TERMS = 30
FEW_ROWS = 256  # up to this many rows are scored from their terms' postings (`few_rows_scores`)
MIN_SCORE = 1e-6  # a pair scoring at most this shares nothing: never related
NONE = -1  # padding of a row with fewer than k neighbours


@dataclass
class Ranked:
    """Each row's up to k best other rows, best first: indices (NONE-padded) and their scores."""

    indices: np.ndarray  # int32, rows x k
    scores: np.ndarray  # float32, rows x k

    @classmethod
    def empty(cls, rows: int, k: int) -> "Ranked":
        """Rows with no neighbours yet."""
        return cls(np.full((rows, k), NONE, dtype=np.int32), np.zeros((rows, k), dtype=np.float32))

    def row(self, i: int) -> list[int]:
        """Row i's neighbours, best first, without padding."""
        return [int(j) for j in self.indices[i] if j != NONE]


def prune_rows(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """The matrix with only the `keep` largest entries of each row (row by row: same row, same result)."""
    matrix = sparse.csr_matrix(matrix)
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


def query_vectors(vectors, query_terms: int = QUERY_TERMS):
    """What rows are scored with: sparse rows pruned to their heaviest terms, dense rows as they are."""
    return prune_rows(vectors, query_terms) if sparse.issparse(vectors) else vectors


def as_dense(block) -> np.ndarray:
    """A product block as a dense float32 array."""
    return np.asarray(block.toarray() if sparse.issparse(block) else block, dtype=np.float32)


def transposed(vectors):
    """The right-hand side of `queries @ vectors.T`, in the layout the product wants.

    Dense vectors are multiplied in float64 and the scores rounded to float32: BLAS may add in another
    order for another shape of product, and the rounding hides that, so the incremental update and the
    full computation agree on dense scores too (short of a score within 1e-16 of a float32 rounding edge).
    """
    return vectors.T.tocsr() if sparse.issparse(vectors) else np.asarray(vectors.T, dtype=np.float64)


def score_blocks(queries, others_t, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(rows of a chunk, their scores against every row of `others_t`), CHUNK rows at a time."""
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        yield chunk, as_dense(queries[chunk] @ others_t)


def few_rows_scores(query_rows: sparse.csr_matrix, vectors: sparse.csr_matrix) -> np.ndarray:
    """Scores of a few sparse query rows against every row, without transposing the whole matrix.

    Only the postings of the query rows' terms are gathered (50,000 papers: ~0.05 s instead of 0.2 s
    for `vectors.T`). The query rows keep their entries in order, only renumbered, so every score
    adds the same products in the same order as `queries @ vectors.T`: bit-identical.
    """
    terms = np.unique(query_rows.indices)
    local = np.full(vectors.shape[1], -1, dtype=np.int64)
    local[terms] = np.arange(len(terms))
    queries = sparse.csr_matrix((query_rows.data, local[query_rows.indices], query_rows.indptr),
                                shape=(query_rows.shape[0], len(terms)))
    entry_term = local[vectors.indices]
    hits = np.flatnonzero(entry_term >= 0)
    documents = np.searchsorted(vectors.indptr, hits, side="right") - 1
    postings = sparse.csr_matrix((vectors.data[hits], (entry_term[hits], documents)),
                                 shape=(len(terms), vectors.shape[0]))
    return as_dense(queries @ postings)


def row_blocks(queries, vectors, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(rows of a chunk, their scores against every row): a few sparse rows at once, else in chunks."""
    if sparse.issparse(vectors) and len(rows) <= FEW_ROWS:
        yield rows, few_rows_scores(queries[rows], vectors)
    else:
        yield from score_blocks(queries, transposed(vectors), rows)


def best_of_row(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores above MIN_SCORE: score descending, then index ascending."""
    candidates = np.flatnonzero(scores > MIN_SCORE)
    if len(candidates) > k:
        values = scores[candidates]
        kth = np.partition(values, len(values) - k)[len(values) - k]
        candidates = candidates[values >= kth]  # every tie of the k-th score, so the index decides
    order = np.lexsort((candidates, -scores[candidates]))[:k]
    return candidates[order]


def rank_rows(queries, vectors, rows: np.ndarray, k: int, ranked: Ranked) -> None:
    """Fill `ranked` for `rows` with their k best other rows among all rows of `vectors`."""
    for chunk, block in row_blocks(queries, vectors, rows):
        block[np.arange(len(chunk)), chunk] = -np.inf  # never related to itself
        for position, row in enumerate(chunk):
            best = best_of_row(block[position], k)
            ranked.indices[row] = NONE
            ranked.indices[row, :len(best)] = best
            ranked.scores[row] = 0
            ranked.scores[row, :len(best)] = block[position, best]


def rank_all(queries, vectors, k: int) -> Ranked:
    """Every row's k best other rows: the full computation."""
    ranked = Ranked.empty(vectors.shape[0], k)
    rank_rows(queries, vectors, np.arange(vectors.shape[0]), k, ranked)
    return ranked


def top_neighbours(vectors, k: int, query_terms: int = QUERY_TERMS) -> list[list[int]]:
    """For each row, up to k other rows with the highest positive cosine, best first."""
    ranked = rank_all(query_vectors(vectors, query_terms), vectors, k)
    return [ranked.row(i) for i in range(vectors.shape[0])]


def merge_row(ranked: Ranked, row: int, candidates: np.ndarray, scores: np.ndarray) -> None:
    """Rank a row's kept neighbours together with new candidates (same order as `best_of_row`)."""
    k = ranked.indices.shape[1]
    kept = ranked.indices[row] != NONE
    indices = np.concatenate([ranked.indices[row, kept], candidates]).astype(np.int32)
    values = np.concatenate([ranked.scores[row, kept], scores]).astype(np.float32)
    order = np.lexsort((indices, -values))[:k]
    ranked.indices[row] = NONE
    ranked.indices[row, :len(order)] = indices[order]
    ranked.scores[row] = 0
    ranked.scores[row, :len(order)] = values[order]


def entry_floor(ranked: Ranked, rows: np.ndarray) -> np.ndarray:
    """The score a candidate must reach to enter each row: its k-th score, or MIN_SCORE when not full."""
    last = ranked.scores[rows, -1]
    full = ranked.indices[rows, -1] != NONE
    return np.where(full, last, np.float32(MIN_SCORE))


def insert_columns(queries, vectors, ranked: Ranked, rows: np.ndarray, columns: np.ndarray) -> int:
    """Offer `columns` (new or changed rows) to each of `rows` whose list they can enter; count merged rows.

    A row's kept neighbours keep their scores, so only a column scoring at least the row's k-th score
    (equal may still win on index) or any positive score when the row is not full can change it.
    """
    if len(columns) == 0 or len(rows) == 0:
        return 0
    columns_t = transposed(vectors[columns])
    merged = 0
    for chunk, block in score_blocks(queries, columns_t, rows):
        floor = entry_floor(ranked, chunk)[:, None]
        open_row = (ranked.indices[chunk, -1] == NONE)[:, None]
        enters = (block > MIN_SCORE) & ((block >= floor) | open_row)
        for position in np.flatnonzero(enters.any(axis=1)):
            hits = np.flatnonzero(enters[position])
            merge_row(ranked, int(chunk[position]), columns[hits], block[position, hits])
            merged += 1
    return merged


def rows_with_stale_neighbours(ranked: Ranked, stale: np.ndarray) -> np.ndarray:
    """Rows one of whose neighbours is marked in `stale` (a boolean array over rows)."""
    present = ranked.indices != NONE
    hit = np.zeros(ranked.indices.shape, dtype=bool)
    hit[present] = stale[ranked.indices[present]]
    return np.flatnonzero(hit.any(axis=1))


def update_ranked(queries, vectors, carried: Ranked, fresh: Sequence[int], gone_neighbour: np.ndarray,
                  k: int) -> tuple[Ranked, int, int]:
    """Neighbours after some rows changed: (ranked, rows recomputed, rows merged).

    `carried` holds, for every row, its previous neighbours in the new row numbering (rows of `fresh`,
    the new or changed ones, are recomputed anyway); `gone_neighbour` marks rows whose previous list
    named a removed row. A row that named a changed or removed row is recomputed; any other row keeps
    its list and only takes in a fresh row that now beats its k-th score. Exact, since the other rows'
    scores did not change.
    """
    count = vectors.shape[0]
    fresh_rows = np.asarray(sorted(fresh), dtype=np.int64)
    is_fresh = np.zeros(count, dtype=bool)
    is_fresh[fresh_rows] = True
    stale_rows = rows_with_stale_neighbours(carried, is_fresh)
    recompute = np.zeros(count, dtype=bool)
    recompute[fresh_rows] = True
    recompute[stale_rows] = True
    recompute |= gone_neighbour
    rows = np.flatnonzero(recompute)
    rank_rows(queries, vectors, rows, k, carried)
    merged = insert_columns(queries, vectors, carried, np.flatnonzero(~recompute), fresh_rows)
    return carried, len(rows), merged
