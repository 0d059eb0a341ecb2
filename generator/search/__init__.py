"""Static search index built from the store: sharded inverted index + per-paper fragments."""

from .build import SearchStats, build_search_index, render_index

__all__ = ["SearchStats", "build_search_index", "render_index"]
