"""The static search index: built from the store, exact answers, incremental rewrites."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.models import Paper
from generator.search import build_search_index
from generator.search.documents import DOCS_PER_CHUNK, chunk_path
from generator.search.query import IndexReader
from generator.search.records import make_records
from generator.search.text import index_terms, shard_name, tokenize
from generator.store import StoredPaper

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from corpus import assign_slugs, generate_papers  # noqa: E402

URL = "papers/{slug}/"


def words(text: str) -> list[str]:
    """Independent of the indexer: accents dropped, ASCII lower-case words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [word for word in re.split(r"[^0-9a-z]+", ascii_text) if word]


def make_store(count: int = 200) -> list[StoredPaper]:
    """A generated corpus plus two hand-made papers with awkward text."""
    named = assign_slugs(generate_papers(count, seed=3))
    named.append(("xss", Paper(title="<img src=x onerror=window.__xss=1> Quasicrystal attack",
                               authors=["Eve <script>alert(1)</script>"], date="2021-06-01",
                               topics=["Security"], abstract="A quasicrystal <b>bold</b> payload.")))
    named.append(("accents", Paper(title="Kernel Methods Revisited", authors=["Jürgen Schölkopf", "Zoë Ødegaard"],
                                   date="2016-02", topics=["Theory"], abstract="Kernels.")))
    return [StoredPaper(slug, Path(f"{slug}.md"), paper) for slug, paper in named]


@pytest.fixture(scope="module")
def store() -> list[StoredPaper]:
    return make_store()


@pytest.fixture(scope="module")
def built(store: list[StoredPaper], tmp_path_factory: pytest.TempPathFactory) -> tuple[IndexReader, dict[int, StoredPaper]]:
    out = tmp_path_factory.mktemp("index")
    build_search_index(store, out)
    by_id = {record.id: next(s for s in store if s.slug == record.slug) for record in make_records(store)}
    return IndexReader(out), by_id


def slugs(ids: set[int], by_id: dict[int, StoredPaper]) -> set[str]:
    return {by_id[i].slug for i in ids}


def test_title_word_finds_exactly_the_papers_with_it(built, store):
    reader, by_id = built
    word = words(store[5].paper.title)[-1]
    expected = {s.slug for s in store if any(w.startswith(word) for w in words(s.paper.title))}
    assert store[5].slug in expected
    assert slugs(reader.search(word, ("title",)), by_id) == expected


def test_multi_word_query_needs_every_word(built, store):
    reader, by_id = built
    query = " ".join(words(store[9].paper.title)[:2])
    def has_all(s: StoredPaper) -> bool:
        text = words(" ".join([s.paper.title, s.paper.abstract, *s.paper.authors, *s.paper.topics]))
        return all(any(w.startswith(q) if len(q) >= 3 else w == q for w in text) for q in words(query)
                   if q not in {"the", "of", "for", "and", "a", "in", "on", "with", "to"})
    assert slugs(reader.search(query), by_id) == {s.slug for s in store if has_all(s)}


def test_author_prefix(built, store):
    reader, by_id = built
    prefix = words(store[0].paper.authors[0])[-1][:4]
    expected = {s.slug for s in store if any(w.startswith(prefix) for a in s.paper.authors for w in words(a))}
    assert slugs(reader.search(prefix, ("author",)), by_id) == expected


def test_full_author_name_is_exact(built, store):
    reader, by_id = built
    name = store[0].paper.authors[0]
    assert slugs(reader.author_ids(name), by_id) == {s.slug for s in store if name in s.paper.authors}


def test_accented_author_found_without_accents(built):
    reader, by_id = built
    assert slugs(reader.search("scholkopf", ("author",)), by_id) == {"accents"}
    assert slugs(reader.search("Schölk", ("author",)), by_id) == {"accents"}
    assert slugs(reader.author_ids("Zoë Ødegaard"), by_id) == {"accents"}


@pytest.mark.parametrize("facet", ["topic", "category", "source"])
def test_facets_give_exactly_the_right_papers(built, store, facet):
    reader, by_id = built
    def values(s: StoredPaper) -> list[str]:
        paper = s.paper
        return {"topic": paper.topics, "category": [paper.arxiv_category] if paper.arxiv_category else [],
                "source": [source.listing for source in paper.sources]}[facet]
    names = {value for s in store for value in values(s)}
    assert names == set(reader.json("facets.json")[facet]["names"])
    for name in names:
        assert slugs(reader.facet_ids(facet, name), by_id) == {s.slug for s in store if name in values(s)}


def test_topic_field_query(built, store):
    reader, by_id = built
    expected = {s.slug for s in store if any(w.startswith("vision") for t in s.paper.topics for w in words(t))}
    assert expected
    assert slugs(reader.search("vision", ("topic",)), by_id) == expected


@pytest.mark.parametrize("years", [(2016, 2016), (2020, 2020), (2018, 2021)])
def test_year_ranges(built, store, years):
    reader, by_id = built
    expected = {s.slug for s in store if s.paper.date and years[0] <= int(s.paper.date[:4]) <= years[1]}
    assert expected and slugs(reader.year_ids(*years), by_id) == expected


def test_ids_follow_date_so_newest_first_is_descending_id(built):
    reader, by_id = built
    dates = [by_id[i].paper.date or "" for i in sorted(by_id)]
    assert dates == sorted(dates)


def test_upvote_order(built, store):
    reader, by_id = built
    data = reader.json("upvotes.json")
    assert data["votes"] == sorted(data["votes"], reverse=True)
    assert len(data["ids"]) == sum(1 for s in store if s.paper.upvotes)
    assert all(by_id[i].paper.upvotes == v for i, v in zip(data["ids"], data["votes"]))


def test_fragments_hold_display_fields(built):
    reader, by_id = built
    xss = next(i for i, s in by_id.items() if s.slug == "xss")
    doc = reader.doc(xss)
    assert doc["t"].startswith("<img src=x onerror=") and doc["u"] == "papers/xss/"
    assert doc["a"] == ["Eve <script>alert(1)</script>"] and doc["d"] == "2021-06-01"


def test_manifest_lists_every_shard(built):
    reader, _ = built
    listed = set(reader.manifest["shards"].split())
    assert listed == {path.stem for path in (reader.root / "terms").iterdir()}


def test_shard_names_are_file_safe():
    assert shard_name("learning") == "lea"
    assert shard_name("ai") == "ai"
    assert shard_name("yann_lecun") == "n_yan"
    assert shard_name("über") == "x" + "übe".encode().hex()
    assert tokenize("Schölkopf's L_2-norm, $\\alpha$") == ["scholkopf", "s", "l", "2", "norm", "alpha"]


def test_rebuild_with_nothing_changed_writes_nothing(store, tmp_path):
    build_search_index(store, tmp_path)
    stamps = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    stats = build_search_index(store, tmp_path)
    assert stats.written == [] and stats.removed == []
    assert stamps == {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}


def test_one_edit_rewrites_only_affected_files(store, tmp_path):
    build_search_index(store, tmp_path)
    target = store[17]
    record = next(r for r in make_records(store) if r.slug == target.slug)
    edited = Paper(**{**target.paper.__dict__, "abstract": target.paper.abstract + " Zyxwvut hyperlattice."})
    changed = [StoredPaper(s.slug, s.path, edited) if s is target else s for s in store]
    stats = build_search_index(changed, tmp_path)
    new_terms = index_terms(edited.abstract) - index_terms(target.paper.abstract)
    expected = {chunk_path(record.id // DOCS_PER_CHUNK)} | {f"terms/{shard_name(t)}.json" for t in new_terms}
    before = {p.stem for p in (tmp_path / "terms").iterdir()} - {shard_name(t) for t in new_terms}
    if {shard_name(t) for t in new_terms} - before:
        expected.add("manifest.json")  # a new shard is listed in the manifest
    assert set(stats.written) == expected and stats.removed == []
    assert IndexReader(tmp_path).search("zyxwvut") == {record.id}


def test_removed_paper_files_disappear(store, tmp_path):
    build_search_index(store, tmp_path)
    stats = build_search_index(store[:-1], tmp_path)
    assert "manifest.json" in stats.written
    assert not IndexReader(tmp_path).author_ids("Jürgen Schölkopf")
