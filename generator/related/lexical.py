"""Lexical similarity: TF-IDF vectors of title + abstract (scikit-learn), L2-normalised and sparse."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


def lexical_vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """One L2-normalised TF-IDF row per text, so a dot product is the cosine similarity.

    English stop words out, sublinear term frequency (a word said ten times is not ten times as
    telling), words in over half the papers dropped (they relate everything) and, in larger stores,
    words of a single paper dropped too (they relate nothing and only widen the matrix).
    """
    min_df = 2 if len(texts) >= 1000 else 1
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=min_df, max_df=0.5,
                                 dtype=np.float32, strip_accents="unicode")
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty or only stop words: nothing is related to anything
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
