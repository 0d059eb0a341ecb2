"""Regeneration touches only what changed: unchanged files keep their bytes and timestamps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.errors import PaperArchiveError
from generator.render import generate_docs
from generator.store import render_paper
from sitebuild import SITE_URL, fixture_papers, write_store


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def age(root: Path) -> None:
    """Push every timestamp into the past, so a rewrite is visible even on coarse clocks."""
    for path in root.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))


@pytest.fixture
def generated(tmp_path: Path) -> tuple[Path, Path]:
    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)
    age(docs)
    return content, docs


def test_regenerating_unchanged_store_writes_nothing(generated: tuple[Path, Path]) -> None:
    content, docs = generated
    before = mtimes(docs)
    report = generate_docs(content, docs, SITE_URL)
    assert report.written == [] and report.deleted == []
    assert mtimes(docs) == before


def test_editing_one_abstract_rewrites_only_its_page_feed_and_export(generated: tuple[Path, Path]) -> None:
    content, docs = generated
    paper = fixture_papers()["gradient-based-learning"]
    paper.abstract = "A new abstract."
    (content / "papers/gradient-based-learning.md").write_text(render_paper(paper))
    report = generate_docs(content, docs, SITE_URL)
    assert sorted(report.written) == ["feed.xml", "papers.json", "papers/gradient-based-learning.md"]
    changed = {path for path, mtime in mtimes(docs).items() if mtime != 1_000_000_000}
    assert changed == set(report.written)


def test_editing_a_title_rewrites_the_index_pages_it_is_on(generated: tuple[Path, Path]) -> None:
    content, docs = generated
    paper = fixture_papers()["gradient-based-learning"]
    paper.title = "Gradient Learning, Revised"
    (content / "papers/gradient-based-learning.md").write_text(render_paper(paper))
    report = generate_docs(content, docs, SITE_URL)
    # index.md: the home page lists the latest papers, which here are all of them
    assert sorted(report.written) == ["authors/yann-lecun.md", "feed.xml", "index.md", "papers.json", "papers/gradient-based-learning.md",
                                      "topics/computer-vision.md", "years/1998.md"]


def test_removing_a_paper_deletes_its_now_stale_pages(generated: tuple[Path, Path]) -> None:
    content, docs = generated
    (content / "papers/xss.md").unlink()
    report = generate_docs(content, docs, SITE_URL)
    assert {"papers/xss.md", "authors/mallory.md", "topics/b-bold-b.md", "years/2024.md"} <= set(report.deleted)
    assert not (docs / "papers/xss.md").exists() and not (docs / "years/2024.md").exists()
    assert "index.md" in report.written and "feed.xml" in report.written


def test_refuses_to_generate_into_a_folder_it_did_not_make(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.md").write_text("keep me")
    with pytest.raises(PaperArchiveError, match="not a generated docs folder"):
        generate_docs(content, precious, SITE_URL)
    with pytest.raises(PaperArchiveError, match="outside the store"):
        generate_docs(content, content / "site", SITE_URL)
    assert (precious / "todo.md").read_text() == "keep me"
