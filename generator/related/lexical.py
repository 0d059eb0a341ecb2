"""Lexical similarity: TF-IDF vectors of title + abstract, L2-normalised and sparse.

`fit_lexical` fits scikit-learn's TfidfVectorizer on the whole store. `FrozenVectorizer` turns later
texts into rows with that fit's vocabulary and idf and nothing else: the same tokens, sublinear term
frequency, idf weights and L2 normalisation as scikit-learn's `transform`, in plain numpy, so an
incremental build does not pay for importing scikit-learn (over a second) to vectorise one paper.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np
from scipy import sparse

TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default, passed explicitly so both sides agree
TOKENS = re.compile(TOKEN_PATTERN)


def strip_accents(text: str) -> str:
    """scikit-learn's `strip_accents_unicode`: NFKD, then combining marks dropped."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The words of a text as the vectorizer sees them: lower-cased, accents stripped."""
    return TOKENS.findall(strip_accents(text.lower()))


@dataclass
class FrozenVectorizer:
    """A fitted vocabulary (term of each column) and its idf weights, applied without refitting."""

    terms: list[str]
    idf: np.ndarray  # float32, one weight per column

    @cached_property
    def columns(self) -> dict[str, int]:
        """Term -> column."""
        return {term: column for column, term in enumerate(self.terms)}

    def row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(columns, values) of one text's L2-normalised TF-IDF row, columns ascending."""
        counts: dict[int, int] = {}
        for token in tokens(text):
            column = self.columns.get(token)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.array(sorted(counts), dtype=np.int32)
        values = np.array([counts[c] for c in columns.tolist()], dtype=np.float32)
        np.log(values, out=values)
        values += np.float32(1.0)
        values *= self.idf[columns]
        return columns, normalised(values)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One row per text, in this vectorizer's columns."""
        rows = [self.row(text) for text in texts]
        indptr = np.cumsum([0] + [len(columns) for columns, _ in rows])
        indices = np.concatenate([columns for columns, _ in rows] or [np.zeros(0, np.int32)])
        data = np.concatenate([values for _, values in rows] or [np.zeros(0, np.float32)])
        return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), len(self.terms)), dtype=np.float32)


def normalised(values: np.ndarray) -> np.ndarray:
    """Values divided by their L2 norm, summed in double as scikit-learn's `normalize` does."""
    total = 0.0
    for square in (values * values).tolist():
        total += square
    if total == 0.0:
        return values
    return (values.astype(np.float64) / np.sqrt(total)).astype(np.float32)


def fit_lexical(texts: Sequence[str]) -> tuple[FrozenVectorizer, sparse.csr_matrix]:
    """Fit TF-IDF on all texts: the frozen vectorizer and one L2-normalised row per text.

    English stop words out; sublinear term frequency (a word said ten times is not ten times as
    telling); from 50 papers on, words in over half of them dropped (they relate everything); from
    1,000 on, words of a single paper dropped (they relate nothing and only widen the matrix).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2 if len(texts) >= 1000 else 1,
                                 max_df=0.5 if len(texts) >= 50 else 1.0, token_pattern=TOKEN_PATTERN,
                                 dtype=np.float32, strip_accents="unicode")
    try:
        matrix = sparse.csr_matrix(vectorizer.fit_transform(texts))
    except ValueError:  # every text empty or only stop words: nothing is related to anything
        return FrozenVectorizer([], np.zeros(0, np.float32)), sparse.csr_matrix((len(texts), 0), dtype=np.float32)
    matrix.sort_indices()
    terms = vectorizer.get_feature_names_out().tolist()
    return FrozenVectorizer(terms, vectorizer.idf_.astype(np.float32)), matrix


def lexical_vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """One L2-normalised TF-IDF row per text, so a dot product is the cosine similarity."""
    return fit_lexical(texts)[1]
