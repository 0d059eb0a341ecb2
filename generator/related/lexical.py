"""Lexical similarity: TF-IDF vectors of title + abstract (scikit-learn), L2-normalised and sparse."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer


def lexical_vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    """One L2-normalised TF-IDF row per text, so a dot product is the cosine similarity.

    English stop words out; sublinear term frequency (a word said ten times is not ten times as
    telling); from 50 papers on, words in over half of them dropped (they relate everything); from
    1,000 on, words of a single paper dropped (they relate nothing and only widen the matrix).
    """
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2 if len(texts) >= 1000 else 1,
                                 max_df=0.5 if len(texts) >= 50 else 1.0,
                                 dtype=np.float32, strip_accents="unicode")
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # every text empty or only stop words: nothing is related to anything
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
