"""`mkdocs serve --dirty` writes an edited paper's own page first (render/quick.py); the full run after it
leaves the docs tree exactly as a clean build would."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.render import generate_docs, quick_pages
from generator.store import render_paper
from helpers import snapshot
from sitebuild import SITE_URL, fixture_papers, write_store

SLUG = "gradient-based-learning"


@pytest.fixture
def served(tmp_path: Path) -> tuple[Path, Path]:
    """A store and its docs tree after a full run that `mkdocs serve --dirty` remembers."""
    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL, remember=True)
    return content, docs


def edit(content: Path, slug: str, **changes: object) -> None:
    """Rewrite one paper file with some fields changed."""
    paper = dataclasses.replace(fixture_papers()[slug], **changes)
    (content / "papers" / f"{slug}.md").write_text(render_paper(paper), encoding="utf-8")


def clean_build(content: Path, root: Path) -> dict[str, bytes]:
    """The docs tree a first run makes of the store as it is now."""
    generate_docs(content, root, SITE_URL, cache_dir=root.with_name(root.name + "-cache"))
    return snapshot(root)


def test_an_edit_writes_its_page_alone_then_the_full_run_matches_a_clean_build(served, tmp_path: Path) -> None:
    content, docs = served
    before = snapshot(docs)
    mark = "Quickly edited abstract about zebrafish."
    edit(content, SLUG, abstract=mark)

    written = quick_pages(content, docs, SITE_URL)

    assert written == [f"papers/{SLUG}.md"]
    after = snapshot(docs)
    assert mark in after[f"papers/{SLUG}.md"].decode()
    assert {path for path in after if after[path] != before.get(path)} == {f"papers/{SLUG}.md"}
    report = generate_docs(content, docs, SITE_URL, remember=True)
    assert 0 < len(report.written) < len(before) // 2  # the rest, incrementally: the quick page kept the record
    assert snapshot(docs) == clean_build(content, tmp_path / "clean")


def test_an_edit_undone_before_the_full_run_is_rendered_again(served, tmp_path: Path) -> None:
    content, docs = served
    paper_file = content / "papers" / f"{SLUG}.md"
    original = paper_file.read_bytes()
    edit(content, SLUG, abstract="An edit that is undone at once.")
    assert quick_pages(content, docs, SITE_URL) == [f"papers/{SLUG}.md"]
    paper_file.write_bytes(original)  # the same digest as the last full run's: its unit key would match again

    generate_docs(content, docs, SITE_URL, remember=True)

    assert b"An edit that is undone" not in (docs / "papers" / f"{SLUG}.md").read_bytes()
    assert snapshot(docs) == clean_build(content, tmp_path / "clean")


def test_an_edit_that_renders_the_same_page_writes_nothing_yet_still_needs_the_full_run(served) -> None:
    content, docs = served
    paper_file = content / "papers" / f"{SLUG}.md"
    paper_file.write_bytes(paper_file.read_bytes())  # a save without changes: a new stat, the same page

    assert quick_pages(content, docs, SITE_URL) == []
    assert generate_docs(content, docs, SITE_URL, remember=True).unchanged > 0  # regenerated, not skipped


@pytest.mark.parametrize("change", [
    {"authors": ["Yann LeCun", "Léon Bottou"]},  # a new author page
    {"topics": ["Computer Vision", "Handwriting"]},  # a new topic page
    {"date": "1999"},  # another year page
], ids=["author", "topic", "year"])
def test_an_edit_that_moves_the_paper_to_other_pages_goes_the_full_way(served, change: dict) -> None:
    content, docs = served
    before = snapshot(docs)
    edit(content, SLUG, **change)

    assert quick_pages(content, docs, SITE_URL) is None
    assert snapshot(docs) == before


def test_removed_or_broken_papers_go_the_full_way(served) -> None:
    content, docs = served
    (content / "papers" / "xss.md").unlink()
    assert quick_pages(content, docs, SITE_URL) is None
    write_store(content, {"xss": fixture_papers()["xss"]})
    (content / "papers" / f"{SLUG}.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    assert quick_pages(content, docs, SITE_URL) is None


NEW = dataclasses.replace(fixture_papers()[SLUG], title="Handwriting Again", authors=["Yann LeCun", "Ada Newcomer"],
                          topics=["Computer Vision", "Handwriting"], date="2003-04-05", year_inferred=False,
                          abstract="A paper added while serving.")


def test_an_added_paper_gets_its_page_and_the_pages_only_it_links_to(served, tmp_path: Path) -> None:
    content, docs = served
    before = snapshot(docs)
    write_store(content, {"handwriting-again": NEW})

    written = quick_pages(content, docs, SITE_URL)

    # Its page, and the new author's, topic's and year's pages (listing it alone until the full run); the
    # existing author's and topic's pages are there already and list it after the full run.
    pages = {"papers/handwriting-again.md", "authors/ada-newcomer.md", "topics/handwriting.md", "years/2003.md"}
    assert pages <= set(written) and not any(path in before for path in pages)
    assert all(path.startswith(("papers/handwriting-again", "authors/ada-newcomer", "topics/handwriting",
                                "years/2003", "feeds/")) for path in written), written
    assert "Ada Newcomer" in (docs / "authors" / "ada-newcomer.md").read_text("utf-8")
    generate_docs(content, docs, SITE_URL, remember=True)
    assert snapshot(docs) == clean_build(content, tmp_path / "clean")


def test_a_paper_added_then_removed_before_the_full_run_leaves_nothing_behind(served, tmp_path: Path) -> None:
    content, docs = served
    write_store(content, {"handwriting-again": NEW})
    assert quick_pages(content, docs, SITE_URL)
    (content / "papers" / "handwriting-again.md").unlink()

    generate_docs(content, docs, SITE_URL, remember=True)

    assert snapshot(docs) == clean_build(content, tmp_path / "clean")


def test_no_quick_page_without_this_process_s_last_run_of_that_folder(served, tmp_path: Path) -> None:
    content, docs = served
    other = tmp_path / "other-docs"
    generate_docs(content, other, SITE_URL)  # not remembered
    edit(content, SLUG, abstract="Edited.")
    assert quick_pages(content, other, SITE_URL) is None
    generate_docs(content, docs, SITE_URL)  # this folder rebuilt by a run that is not remembered
    edit(content, SLUG, abstract="Edited again.")
    assert quick_pages(content, docs, SITE_URL) is None


def test_a_serve_starting_on_a_current_tree_remembers_it_so_its_first_edit_is_quick(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)  # `papers build`, say: nothing remembered
    assert generate_docs(content, docs, SITE_URL, remember=True).written == []  # serve starts: nothing to render
    edit(content, SLUG, abstract="The first edit of this serve.")

    assert quick_pages(content, docs, SITE_URL) == [f"papers/{SLUG}.md"]
    generate_docs(content, docs, SITE_URL, remember=True)
    assert snapshot(docs) == clean_build(content, tmp_path / "clean")


def test_a_paper_removed_after_its_quick_page_loses_its_page_in_the_full_run(served, tmp_path: Path) -> None:
    content, docs = served
    edit(content, SLUG, abstract="Edited, then removed.")
    assert quick_pages(content, docs, SITE_URL) == [f"papers/{SLUG}.md"]
    (content / "papers" / f"{SLUG}.md").unlink()

    generate_docs(content, docs, SITE_URL, remember=True)

    assert not (docs / "papers" / f"{SLUG}.md").exists()
    assert snapshot(docs) == clean_build(content, tmp_path / "clean")
