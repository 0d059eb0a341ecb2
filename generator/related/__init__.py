"""Related papers, precomputed at build time: lexical (TF-IDF) by default, semantic as an extra.

Results are cached under a hash of everything they depend on, so a build with nothing changed
recomputes nothing (see `related_papers`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import PaperArchiveError

MODES = ("lexical", "semantic", "off")
TOP_K = 5
CACHE_VERSION = "1"
CACHE_ENV = "PAPER_ARCHIVE_CACHE_DIR"
MODE_ENV = "PAPER_ARCHIVE_RELATED"


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
    """slug -> up to TOP_K related slugs, best first; `cached` says whether the cache answered."""

    neighbours: dict[str, list[str]]
    cached: bool
    mode: str


def default_cache_dir(content_dir: Path) -> Path:
    """$PAPER_ARCHIVE_CACHE_DIR, else .paper-archive-cache/ beside the store (gitignored)."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else content_dir.resolve().parent / ".paper-archive-cache"


def default_mode() -> str:
    """$PAPER_ARCHIVE_RELATED (for `mkdocs serve`), else lexical."""
    mode = os.environ.get(MODE_ENV, "lexical")
    if mode not in MODES:
        raise PaperArchiveError(f"{MODE_ENV}={mode!r}: must be one of {', '.join(MODES)}")
    return mode


def inputs_hash(mode: str, inputs: Sequence[RelatedInput]) -> str:
    """A hash of the mode, the settings and every paper's slug, title and abstract."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0{mode}\0{TOP_K}\0".encode())
    for item in sorted(inputs, key=lambda item: item.slug):
        digest.update(f"{item.slug}\0{item.title}\0{item.abstract}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def read_cache(path: Path) -> dict[str, list[str]] | None:
    """A cached result, or None when missing or unreadable (a broken cache is only a miss)."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return data["neighbours"] if isinstance(data.get("neighbours"), dict) else None
    except (OSError, ValueError, KeyError, AttributeError):
        return None


def write_cache(cache_dir: Path, mode: str, path: Path, neighbours: dict[str, list[str]]) -> None:
    """Store a result atomically and drop older results of the same mode, so the cache does not grow."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps({"neighbours": neighbours}, separators=(",", ":")), "utf-8")
    os.replace(temporary, path)
    for old in cache_dir.glob(f"related-{mode}-*.json"):
        if old != path:
            old.unlink(missing_ok=True)


def compute_neighbours(mode: str, inputs: Sequence[RelatedInput], cache_dir: Path) -> dict[str, list[str]]:
    """Run the similarity of `mode` over all papers (no cache): slug -> related slugs."""
    texts = [item.text for item in inputs]
    if mode == "semantic":
        from .semantic import semantic_vectors
        vectors = semantic_vectors(texts, cache_dir)
    else:
        from .lexical import lexical_vectors
        vectors = lexical_vectors(texts)
    from .neighbours import top_neighbours
    rows = top_neighbours(vectors, TOP_K)
    return {item.slug: [inputs[j].slug for j in row] for item, row in zip(inputs, rows)}


def related_papers(inputs: Sequence[RelatedInput], mode: str, cache_dir: Path) -> RelatedResult:
    """Related papers of every paper, from the cache when the inputs are unchanged."""
    if mode not in MODES:
        raise PaperArchiveError(f"related mode {mode!r}: must be one of {', '.join(MODES)}")
    if mode == "off" or len(inputs) < 2:
        return RelatedResult({}, False, mode)
    path = cache_dir / f"related-{mode}-{inputs_hash(mode, inputs)}.json"
    cached = read_cache(path)
    if cached is not None:
        return RelatedResult(cached, True, mode)
    neighbours = compute_neighbours(mode, list(inputs), cache_dir)
    write_cache(cache_dir, mode, path, neighbours)
    return RelatedResult(neighbours, False, mode)
