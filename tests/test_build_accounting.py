"""Build-time accounting: the build fails, writing nothing, if a paper has no page or a page lists a missing paper."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import generator.render.regenerate as render
from generator.cli import main
from generator.errors import PaperArchiveError
from generator.render import generate_docs
from generator.render.accounting import Accounting
from generator.render.site import gather_site
from generator.store import load_store
from sitebuild import SITE_URL, fixture_papers, write_store


@pytest.fixture
def store(tmp_path):
    return write_store(tmp_path / "content", fixture_papers())


def rendered(site, render_site=render.render_site) -> dict[str, bytes]:
    """Every file the real render_site produces for this site (it yields them a unit at a time)."""
    return {path: data for files in render_site(site) for path, data in files.items()}


def build(tmp_path, store):
    return CliRunner().invoke(main, ["build", "--content", str(store), "--docs-dir", str(tmp_path / "docs"),
                                     "--site-dir", str(tmp_path / "site")])


def test_a_complete_render_passes(store):
    site = gather_site(load_store(store), SITE_URL)
    accounting = Accounting(site)
    for path, data in rendered(site).items():
        accounting.note(path, data)
    accounting.check()
    assert not accounting.problems and {item.doc_path for item in site.papers} <= accounting.seen


def test_build_fails_when_the_renderer_drops_a_paper_page(tmp_path, store, monkeypatch):
    real = rendered
    monkeypatch.setattr(render, "render_site", lambda site, *_: [{path: data for path, data in real(site).items()
                                                              if path != "papers/deep-learning.md"}])
    result = build(tmp_path, store)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "deep-learning.md: no page was generated for this paper (papers/deep-learning.md)" in result.output
    assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()
    assert not (tmp_path / ".docs.staging").exists()  # files are staged as rendered, dropped on failure


def test_build_fails_when_a_page_lists_a_paper_that_does_not_exist(tmp_path, store, monkeypatch):
    real = rendered

    def dangling(site, *_):
        outputs = real(site)
        outputs["index.md"] = outputs["index.md"].replace(b'"url":"papers/deep-learning/"', b'"url":"papers/no-such-paper/"')
        return [outputs]

    monkeypatch.setattr(render, "render_site", dangling)
    result = build(tmp_path, store)
    assert result.exit_code == 1
    assert "index.md: lists papers/no-such-paper/, which is not a paper in the store" in result.output


def test_build_fails_on_a_page_for_a_paper_not_in_the_store(tmp_path, store, monkeypatch):
    real = rendered
    monkeypatch.setattr(render, "render_site", lambda site, *_: [real(site), {"papers/ghost.md": b"---\ntitle: x\n---\n"}])
    result = build(tmp_path, store)
    assert result.exit_code == 1 and "papers/ghost.md: generated page of a paper that is not in the store" in result.output


def test_a_failed_incremental_build_leaves_the_docs_tree_as_it_was(tmp_path, store, monkeypatch):
    docs = tmp_path / "docs"
    generate_docs(store, docs, SITE_URL)
    before = {path: path.read_bytes() for path in docs.rglob("*") if path.is_file()}
    paper = store / "papers" / "deep-learning.md"
    paper.write_text(paper.read_text("utf-8").rstrip("\n") + " An edit that must not land.\n", "utf-8")
    real = render.render_site

    def ghost(site, *args):  # the real units first (some are written to staging), then a bad page
        yield from real(site, *args)
        yield {"papers/ghost.md": b"---\ntitle: x\n---\n"}

    monkeypatch.setattr(render, "render_site", ghost)
    with pytest.raises(PaperArchiveError, match="ghost.md: generated page of a paper that is not in the store"):
        generate_docs(store, docs, SITE_URL)
    assert {path: path.read_bytes() for path in docs.rglob("*") if path.is_file()} == before
    assert not (tmp_path / ".docs.staging").exists()
    monkeypatch.undo()
    generate_docs(store, docs, SITE_URL)  # the next build lands the edit
    assert b"An edit that must not land." in (docs / "papers" / "deep-learning.md").read_bytes()
