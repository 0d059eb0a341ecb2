"""The parse cache: a base file and a delta, so one edit of a big store does not rewrite every parsed paper."""

from __future__ import annotations

from pathlib import Path

import pytest

import generator.render.parse_cache as parse_cache
from generator.models import Paper
from generator.render.parse_cache import delta_path, load_store_cached
from generator.store import render_paper
from sitebuild import fixture_papers, write_store


def load(content: Path, cache: Path) -> dict[str, Paper]:
    """slug -> paper, as the renderer loads the store; the in-process memory is dropped first, as a new
    `papers build` process starts without it."""
    parse_cache._MEMORY.clear()
    return {stored.slug: stored.paper for stored in load_store_cached(content, cache).papers}


def test_an_edit_and_a_removal_go_into_the_delta_and_the_base_stays(tmp_path: Path) -> None:
    papers = fixture_papers()
    content, cache = write_store(tmp_path / "content", papers), tmp_path / "cache"
    assert load(content, cache) == papers
    base = cache / "papers.pickle"
    written = base.stat().st_mtime_ns
    papers["deep-learning"].title = "Deep Learning, Revised"
    (content / "papers/deep-learning.md").write_text(render_paper(papers["deep-learning"]))
    (content / "papers/xss.md").unlink()
    del papers["xss"]
    assert load(content, cache) == papers
    assert base.stat().st_mtime_ns == written and delta_path(base).is_file()
    assert load(content, cache) == papers  # read back through base + delta, nothing parsed


def test_a_delta_past_its_limit_writes_a_new_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_cache, "DELTA_LIMIT", 1)
    papers = fixture_papers()
    content, cache = write_store(tmp_path / "content", papers), tmp_path / "cache"
    load(content, cache)
    for slug in ("deep-learning", "gradient-based-learning"):
        papers[slug].abstract = "Rewritten."
        (content / f"papers/{slug}.md").write_text(render_paper(papers[slug]))
    assert load(content, cache) == papers
    assert not delta_path(cache / "papers.pickle").exists()
    assert load(content, cache) == papers


def test_a_delta_of_another_base_is_ignored(tmp_path: Path) -> None:
    """A base rewritten after the delta (or a crash between the two writes) leaves a delta that is not applied."""
    papers = fixture_papers()
    content, cache = write_store(tmp_path / "content", papers), tmp_path / "cache"
    base = cache / "papers.pickle"
    load(content, cache)
    papers["deep-learning"].abstract = "First."
    (content / "papers/deep-learning.md").write_text(render_paper(papers["deep-learning"]))
    load(content, cache)
    stale = delta_path(base).read_bytes()  # holds "First."
    papers["deep-learning"].abstract = "Second."
    (content / "papers/deep-learning.md").write_text(render_paper(papers["deep-learning"]))
    base.unlink()
    assert load(content, cache) == papers  # parsed again into a new base
    delta_path(base).write_bytes(stale)
    parse_cache._MEMORY.clear()
    entry = parse_cache.read_parse_cache(base)[str(content.resolve() / "papers/deep-learning.md")]
    assert entry[1].abstract == "Second."


def test_the_store_named_by_another_path_uses_the_same_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`papers build --content content` (relative) and `mkdocs serve` (absolute) share what was parsed."""
    papers = fixture_papers()
    content, cache = write_store(tmp_path / "content", papers), tmp_path / "cache"
    load(content, cache)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parse_cache, "read_paper", lambda path: pytest.fail(f"parsed {path} again"))
    assert load(Path("content"), cache) == papers
