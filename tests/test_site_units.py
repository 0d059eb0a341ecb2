"""Incremental rendering: an edit recomputes only the pages that read the edited paper, and the docs tree
it leaves is byte-for-byte what a full render of the same store gives."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.render.regenerate as render
from generator.models import Paper
from generator.render import generate_docs
from generator.store import render_paper
from sitebuild import SITE_URL

TOPICS = ["Vision", "Language", "Robotics", "Theory"]


def corpus(count: int = 24) -> dict[str, Paper]:
    """Papers with distinct words, each by two of a pool of authors, one or two topics, dates over 4 years."""
    papers = {}
    for number in range(count):
        papers[f"paper-{number:02d}"] = Paper(
            title=f"Study {number} of {TOPICS[number % 4]} word{number}",
            authors=[f"Author {number % 7}", f"Author {(number * 3 + 1) % 9}"],
            date=f"{2020 + number % 4}-0{1 + number % 9}-1{number % 10}",
            topics=[TOPICS[number % 4]] + ([TOPICS[(number + 1) % 4]] if number % 3 == 0 else []),
            abstract=f"Abstract {number} about {TOPICS[number % 4].lower()} and unique{number} findings.")
    return papers


def write(content: Path, slug: str, paper: Paper) -> None:
    (content / "papers").mkdir(parents=True, exist_ok=True)
    (content / "papers" / f"{slug}.md").write_text(render_paper(paper), encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    for slug, paper in corpus().items():
        write(content, slug, paper)
    return content


def computed_units(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Record which paper and group units are computed."""
    seen: dict[str, list[str]] = {"paper": [], "group": []}
    real_paper, real_group = render.paper_unit, render.group_unit
    monkeypatch.setattr(render, "paper_unit", lambda site, item: seen["paper"].append(item.slug) or real_paper(site, item))
    monkeypatch.setattr(render, "group_unit",
                        lambda site, group: seen["group"].append(f"{group.kind}/{group.key}") or real_group(site, group))
    return seen


def test_editing_an_abstract_recomputes_only_its_page_and_its_groups(store: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    seen = computed_units(monkeypatch)
    paper = corpus()["paper-05"]
    paper.abstract = "A rewritten abstract."
    write(store, "paper-05", paper)
    generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    assert seen["paper"] == ["paper-05"]
    assert sorted(seen["group"]) == ["author/author-5", "author/author-7", "topic/language", "year/2021"]


def test_nothing_is_recomputed_when_only_a_file_stat_changed(store: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    seen = computed_units(monkeypatch)
    write(store, "paper-03", corpus()["paper-03"])  # same bytes, new mtime: parsed again, same digest
    report = generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    assert seen == {"paper": [], "group": []}
    assert report.written == [] and report.deleted == []


def test_a_changed_display_name_recomputes_every_author_page(store: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Co-author lists show display names, which any paper can change (the most common spelling wins)."""
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    seen = computed_units(monkeypatch)
    for slug in ("paper-00", "paper-07", "paper-14"):  # three of Author 0's papers now spell it "AUTHOR 0"
        paper = corpus()[slug]
        paper.authors = ["AUTHOR 0" if name == "Author 0" else name for name in paper.authors]
        write(store, slug, paper)
    generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    authors = {path.stem for path in (docs / "authors").glob("*.md")
               if path.stem != "index" and len(path.stem) > 1}  # authors/<initial>.md: the all-authors list
    assert {unit.split("/")[1] for unit in seen["group"] if unit.startswith("author/")} == authors
    assert "AUTHOR 0" in (docs / "authors/author-1.md").read_text()  # paper-00's co-author shows the new name


@pytest.mark.parametrize("related", ["off", "lexical"])
def test_after_each_edit_the_tree_equals_a_full_render(store: Path, tmp_path: Path, related: str) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    generate_docs(store, docs, SITE_URL, related=related, cache_dir=cache)
    papers = corpus()
    edits = [
        lambda: papers["paper-02"].__setattr__("title", "Renamed: <b>bold</b> & Study"),
        lambda: papers["paper-04"].authors.append("New Person"),
        lambda: papers["paper-09"].__setattr__("topics", ["Brand New Topic"]),
        lambda: papers["paper-11"].__setattr__("date", "2019-12-31"),
    ]
    for number, edit in enumerate(edits):
        edit()
        for slug, paper in papers.items():
            write(store, slug, paper)
        generate_docs(store, docs, SITE_URL, related=related, cache_dir=cache)
        fresh = tmp_path / f"fresh-{number}"
        generate_docs(store, fresh, SITE_URL, related=related, cache_dir=cache)  # another docs folder: full render
        assert tree(docs) == tree(fresh)
    (store / "papers/paper-06.md").unlink()
    write(store, "paper-99", Paper(title="A New Paper", authors=["Author 1"], date="2022-02-02", topics=["Theory"],
                                   abstract="Freshly added."))
    generate_docs(store, docs, SITE_URL, related=related, cache_dir=cache)
    generate_docs(store, tmp_path / "fresh-last", SITE_URL, related=related, cache_dir=cache)
    assert tree(docs) == tree(tmp_path / "fresh-last")
    assert not (docs / "papers/paper-06.md").exists() and (docs / "papers/paper-99.md").exists()


def test_a_code_or_option_change_recomputes_everything(store: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docs, cache = tmp_path / "docs", tmp_path / "cache"
    generate_docs(store, docs, SITE_URL, related="off", cache_dir=cache)
    seen = computed_units(monkeypatch)
    generate_docs(store, docs, "https://example.org/other/", related="off", cache_dir=cache)
    assert len(seen["paper"]) == len(corpus())
    assert "https://example.org/other/papers/paper-00/" in (docs / "papers/paper-00.md").read_text()
