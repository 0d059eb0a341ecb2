"""Shared fixtures: the bundled listings and a scratch store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ROOT / "listings"
SEED_COUNTS = {
    "aitopics-rote-learning.txt": 10,
    "author-profile-jie-ren.txt": 9,
    "hf-daily-papers-1.txt": 64,
    "hf-daily-papers-2.txt": 33,
    "hf-daily-papers-3.txt": 40,
}


@pytest.fixture
def seed_listings() -> list[Path]:
    """The five bundled listings, in a stable order."""
    return [LISTINGS / name for name in sorted(SEED_COUNTS)]


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """An empty store."""
    path = tmp_path / "content"
    path.mkdir()
    return path


@pytest.fixture
def bundled_content(tmp_path: Path) -> Path:
    """A scratch copy of the bundled store."""
    target = tmp_path / "bundled-content"
    shutil.copytree(ROOT / "content", target)
    return target



@pytest.fixture(scope="module")
def served_site() -> Path:
    """The site browser_support's base_url fixture serves: the fixture site, unless a test module overrides this."""
    from sitebuild import fixture_site  # builds the site on first use only

    return fixture_site().site
