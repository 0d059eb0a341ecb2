"""Where things live: the store's papers folder and the build cache beside the store.

Kept apart from the modules that read and render papers, so the no-change path of `papers build`
can find them without importing the parser, the renderer or their libraries.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

PAPERS_DIR = "papers"
CACHE_ENV = "PAPER_ARCHIVE_CACHE_DIR"


def papers_dir(content_dir: Path) -> Path:
    """Where paper files live inside a content directory."""
    return content_dir / PAPERS_DIR


def default_cache_dir(content_dir: Path) -> Path:
    """$PAPER_ARCHIVE_CACHE_DIR, else .paper-archive-cache/ beside the store (gitignored)."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else content_dir.resolve().parent / ".paper-archive-cache"


def folder_cache_file(cache_dir: Path, prefix: str, folder: Path, suffix: str) -> Path:
    """A cache file kept for one folder (a docs tree, a site folder): its name holds a digest of the folder's path."""
    return cache_dir / f"{prefix}{hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]}{suffix}"


def configured_content_dir(config_file_path: str) -> Path:
    """The store MkDocs' hooks read: $PAPER_ARCHIVE_CONTENT_DIR, else content/ beside mkdocs.yml."""
    configured = os.environ.get("PAPER_ARCHIVE_CONTENT_DIR")
    return Path(configured) if configured else Path(config_file_path).resolve().parent / "content"
