"""Regeneration touches only what changed: unchanged files keep their bytes and timestamps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import PaperArchiveError
from generator.render import generate_docs
from generator.render.search_pages import INDEX_FOLDER
from generator.search import build as search_build
from generator.store import render_paper
from sitebuild import SITE_URL, fixture_papers, write_store


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def age(root: Path) -> None:
    """Push every timestamp into the past, so a rewrite is visible even on coarse clocks."""
    for path in root.rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def pages(written: list[str]) -> list[str]:
    """The Markdown pages and top-level files written: not the search index (checked on its own) nor
    issue 8's citation data and feeds beside the pages (topics' and years' cite.json, feeds/), tested elsewhere."""
    return sorted(path for path in written if path.endswith(".md") or "/" not in path)


def index_files(written: list[str]) -> set[str]:
    """The search index files written, relative to the index folder."""
    return {path.split("/", 1)[1] for path in written if path.startswith(f"{INDEX_FOLDER}/")}


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
    assert pages(report.written) == ["feed.xml", "papers.json", "papers/gradient-based-learning.md"]
    changed = {path for path, mtime in mtimes(docs).items() if mtime != 1_000_000_000}
    assert changed == set(report.written)
    # The index: the paper's display chunk, the shards of words it lost ("multilayer", "backpropagation", ...)
    # and gained ("new"), the manifest (its shard list), and nothing else: not facets, other chunks or shards.
    index = index_files(report.written) | index_files(report.deleted)
    assert {"docs/0/0.json", "terms/mul.json", "terms/bac.json", "terms/new.json"} <= index
    assert not index & {"facets.json", "upvotes.json", "docs/0/1.json", "terms/zeb.json", "terms/pat.json"}
    # fuzzy/: the typo index's file that files the gained and lost words (one file for a store this small)
    assert all(path.startswith(("docs/", "terms/", "fuzzy/")) or path == "manifest.json" for path in index)
    # ... patched from the per-paper term cache: only the edited paper was tokenised again
    assert search_build.LAST_BUILD.patched and search_build.LAST_BUILD.tokenised == 1


def test_editing_a_title_rewrites_the_index_pages_it_is_on(generated: tuple[Path, Path]) -> None:
    content, docs = generated
    paper = fixture_papers()["gradient-based-learning"]
    paper.title = "Gradient Learning, Revised"
    (content / "papers/gradient-based-learning.md").write_text(render_paper(paper))
    report = generate_docs(content, docs, SITE_URL)
    # index.md: the home page lists the latest papers, which here are all of them
    # The index: the paper's chunk, shards of gained words ("revised") and of words still on other papers
    # ("applied", "recognition"); shards left empty ("based", "document") go, so the manifest's shard list changes.
    assert index_files(report.written) == {"docs/0/0.json", "manifest.json", "terms/rev.json", "terms/app.json",
                                           "terms/rec.json", "fuzzy/0.json"}
    assert index_files(report.deleted) == {"terms/bas.json", "terms/doc.json"}
    # papers/deep-learning.md: it lists this paper, by title, among its related papers
    assert pages(report.written) == ["authors/yann-lecun.md", "feed.xml", "index.md", "papers.json", "papers/deep-learning.md",
                                      "papers/gradient-based-learning.md", "topics/computer-vision.md", "years/1998.md"]


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


def test_an_unchanged_store_is_not_even_parsed_or_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.render.parse_cache as cache
    import generator.render.regenerate as render

    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    first = generate_docs(content, docs, SITE_URL)
    monkeypatch.setattr(render, "render_site", lambda site, *_: pytest.fail("rendered although nothing changed"))
    monkeypatch.setattr(cache, "read_paper", lambda path: pytest.fail(f"parsed {path} although nothing changed"))
    again = generate_docs(content, docs, SITE_URL)
    assert again.written == [] and again.deleted == [] and again.unchanged == len(first.written)


def test_after_an_edit_only_the_edited_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.render.parse_cache as cache

    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)
    parsed: list[str] = []
    real = cache.read_paper
    monkeypatch.setattr(cache, "read_paper", lambda path: parsed.append(path.name) or real(path))
    paper = fixture_papers()["deep-learning"]
    paper.abstract = "Rewritten."
    (content / "papers/deep-learning.md").write_text(render_paper(paper))
    report = generate_docs(content, docs, SITE_URL)
    assert parsed == ["deep-learning.md"]
    assert "papers/deep-learning.md" in report.written
    assert "Rewritten." in (docs / "papers/deep-learning.md").read_text()


def test_a_file_changed_in_the_docs_tree_is_regenerated(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)
    original = (docs / "papers/deep-learning.md").read_bytes()
    (docs / "papers/deep-learning.md").write_text("tampered")
    (docs / "stray.md").write_text("not ours")
    report = generate_docs(content, docs, SITE_URL)
    assert report.written == ["papers/deep-learning.md"] and report.deleted == ["stray.md"]
    assert (docs / "papers/deep-learning.md").read_bytes() == original



def test_a_damaged_docs_tree_is_repaired_even_when_a_paper_changed_too(tmp_path: Path) -> None:
    """Pages kept from the last run are only kept when the tree still holds what that run recorded."""
    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)
    page, citation = docs / "papers/attention-is-all-you-need.md", docs / "topics/transformers/cite.json"
    originals = page.read_bytes(), citation.read_bytes()
    page.unlink()
    citation.write_text("tampered")
    paper = fixture_papers()["gradient-based-learning"]
    paper.abstract = "Rewritten."
    (content / "papers/gradient-based-learning.md").write_text(render_paper(paper))
    report = generate_docs(content, docs, SITE_URL)
    assert {"papers/attention-is-all-you-need.md", "topics/transformers/cite.json"} <= set(report.written)
    assert (page.read_bytes(), citation.read_bytes()) == originals
    assert "Rewritten." in (docs / "papers/gradient-based-learning.md").read_text()

NO_CHANGE_PROBE = """
import sys
from pathlib import Path
import generator.build, generator.cli  # what `papers build` imports before it generates
from generator.render import generate_docs
report = generate_docs(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
heavy = ("generator.render.regenerate", "generator.store", "numpy", "scipy", "markdown", "jsonschema", "yaml")
print(len(report.written), *[name for name in heavy if name in sys.modules])
"""


def test_a_no_change_run_imports_neither_the_renderer_nor_its_libraries(tmp_path: Path) -> None:
    """They take ~1 s to import whatever the archive's size; the no-change check needs none of them."""
    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)

    def probe() -> list[str]:
        return subprocess.run([sys.executable, "-c", NO_CHANGE_PROBE, str(content), str(docs), SITE_URL],
                              capture_output=True, text=True, check=True).stdout.split()

    assert probe() == ["0"]
    (content / "papers/deep-learning.md").write_text(render_paper(fixture_papers()["deep-learning"]) + "\nEdited.\n")
    written, *imported = probe()  # the probe does see the renderer when there is work
    assert int(written) > 0 and "generator.render.regenerate" in imported and "numpy" in imported


def test_locations_are_not_settings_but_switches_are(monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers build` (paths as arguments) and `mkdocs serve` (paths in PAPER_ARCHIVE_*_DIR) share one record of
    a docs tree; a switch that changes pages (here PAPER_ARCHIVE_RELATED) still makes every page be rendered."""
    from generator.render.cache import settings_fingerprint

    for name in ("PAPER_ARCHIVE_CONTENT_DIR", "PAPER_ARCHIVE_DOCS_DIR", "PAPER_ARCHIVE_SITE_DIR", "PAPER_ARCHIVE_RELATED"):
        monkeypatch.delenv(name, raising=False)
    plain = settings_fingerprint("https://example.org/", None)
    for name in ("PAPER_ARCHIVE_CONTENT_DIR", "PAPER_ARCHIVE_DOCS_DIR", "PAPER_ARCHIVE_SITE_DIR"):
        monkeypatch.setenv(name, "/somewhere/else")
    assert settings_fingerprint("https://example.org/", None) == plain
    monkeypatch.setenv("PAPER_ARCHIVE_RELATED", "off")
    assert settings_fingerprint("https://example.org/", None) != plain


def test_a_topics_citation_data_reuses_the_fragments_of_unchanged_papers(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """cite.json of a topic is cut from last run's file but for the edited paper, also after a run that kept it."""
    import generator.render.cite_files as cite_files

    content = write_store(tmp_path / "content", fixture_papers())
    docs = tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)
    computed: list[str] = []
    real = cite_files.cite_fragment
    monkeypatch.setattr(cite_files, "cite_fragment", lambda site, slug: computed.append(slug) or real(site, slug))
    papers = fixture_papers()
    for slug in ("deep-learning", "gradient-based-learning", "attention-is-all-you-need"):  # Transformers,
        papers[slug].title += " (revised)"  # Computer Vision (Transformers kept), Transformers again
        (content / f"papers/{slug}.md").write_text(render_paper(papers[slug]))
        computed.clear()
        report = generate_docs(content, docs, SITE_URL)
    assert "topics/transformers/cite.json" in report.written
    assert computed == ["attention-is-all-you-need"] * 3  # in Transformers, NLP and 2017; none of the others
    clean = write_store(tmp_path / "clean", papers)
    generate_docs(clean, tmp_path / "clean-docs", SITE_URL)
    for path in ("topics/transformers/cite.json", "topics/computer-vision/cite.json", "years/2017/cite.json"):
        assert (docs / path).read_bytes() == (tmp_path / "clean-docs" / path).read_bytes()


def test_a_title_that_reorders_the_papers_recomputes_only_its_own_groups(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Authors are gathered in paper order; a new title moves a paper, and that alone must not make every
    author page look changed (their keys include a digest of all display names, for co-author lists)."""
    import generator.render.regenerate as render
    from generator.models import Paper

    papers = {f"paper-{letter}": Paper(title=f"{letter.upper()} study of things", authors=[f"Author {letter.upper()}"],
                                       date="2024-01-01", topics=[f"Topic {letter.upper()}"])
              for letter in "abc"}
    content = write_store(tmp_path / "content", papers)
    generate_docs(content, tmp_path / "docs", SITE_URL)
    rendered: list[str] = []
    real = render.group_unit
    monkeypatch.setattr(render, "group_unit", lambda site, group: rendered.append(group.key) or real(site, group))
    papers["paper-c"].title = "A first study of things"  # paper-c now sorts first: Author C is seen first
    (content / "papers/paper-c.md").write_text(render_paper(papers["paper-c"]))
    generate_docs(content, tmp_path / "docs", SITE_URL)
    assert sorted(rendered) == ["2024", "author-c", "topic-c"]


def test_whole_store_files_unchanged_since_last_run_are_not_read_back(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Home, feeds and the search index are computed every run; their digests say which are as last run left them."""
    import generator.render.output as output

    content, docs = write_store(tmp_path / "content", fixture_papers()), tmp_path / "docs"
    generate_docs(content, docs, SITE_URL)  # (not aged: a docs tree whose stats changed is not trusted)
    compared: list[str] = []
    real = output.same_bytes
    monkeypatch.setattr(output, "same_bytes", lambda path, data: compared.append(path.relative_to(docs).as_posix())
                        or real(path, data))
    paper = fixture_papers()["gradient-based-learning"]
    paper.abstract = "A new abstract."
    (content / "papers/gradient-based-learning.md").write_text(render_paper(paper))
    report = generate_docs(content, docs, SITE_URL)
    assert f"{INDEX_FOLDER}/docs/0/0.json" in report.written  # the edited paper's chunk: compared, written
    assert not {f"{INDEX_FOLDER}/facets.json", f"{INDEX_FOLDER}/upvotes.json", "authors/index.md"} & set(compared)
    rendered_units = ("papers/", "authors/yann-lecun", "topics/computer-vision", "years/1998", "feeds/")
    assert {path for path in compared if not path.startswith(rendered_units)} <= set(report.written)
