"""The static search index: built from the store, exact answers, incremental rewrites."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.labels import ARXIV_CATEGORIES, arxiv_category_label, listing_name
from generator.models import Paper
from generator.search import build as search_build
from generator.search import build_search_index, render_index
from generator.search.build import BuildCounts
from generator.search.cache import CACHE_FILE, opened_cache
from generator.search import documents
from generator.search.documents import DOCS_PER_CHUNK, chunk_path
from generator.search.postings import TermEncoder, Vocabulary, paper_terms
from generator.search.query import IndexReader
from generator.search.records import make_records, paper_digest
from generator.search.text import fuzzy_bucket, fuzzy_keys, index_terms, shard_name, tokenize
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
        return {"topic": paper.topics,
                "category": [arxiv_category_label(paper.arxiv_category)] if paper.arxiv_category else [],
                "source": [listing_name(source) for source in paper.sources]}[facet]
    names = {value for s in store for value in values(s)}
    assert names == set(reader.json("facets.json")[facet]["names"])
    for name in names:
        assert slugs(reader.facet_ids(facet, name), by_id) == {s.slug for s in store if name in values(s)}


def test_facet_values_are_readers_words(built):
    """Listings by display name (no file names), categories with their names; same name, one value."""
    reader, _ = built
    facets = reader.json("facets.json")
    assert not [name for name in facets["source"]["names"] if name.endswith(".txt")]
    assert len(facets["source"]["names"]) == len(set(facets["source"]["names"]))
    bare_codes = {code.split(".")[1] for code in ARXIV_CATEGORIES} | set(ARXIV_CATEGORIES)
    assert facets["category"]["names"] and not bare_codes & set(facets["category"]["names"])


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
    buckets = IndexReader(tmp_path).manifest["fuzzy"]  # the typo index: the files of the new terms' fuzzy keys
    expected |= {f"fuzzy/{fuzzy_bucket(key, buckets)}.json" for t in new_terms for key in fuzzy_keys(t)}
    if {shard_name(t) for t in new_terms} - before:
        expected.add("manifest.json")  # a new shard is listed in the manifest
    assert set(stats.written) == expected and stats.removed == []
    assert IndexReader(tmp_path).search("zyxwvut") == {record.id}


def test_removed_paper_files_disappear(store, tmp_path):
    build_search_index(store, tmp_path)
    stats = build_search_index(store[:-1], tmp_path)
    assert "manifest.json" in stats.written
    assert not IndexReader(tmp_path).author_ids("Jürgen Schölkopf")


def test_folders_left_empty_are_removed(store, tmp_path, monkeypatch):
    monkeypatch.setattr(documents, "CHUNKS_PER_FOLDER", 2)  # a folder per 8 papers
    build_search_index(store, tmp_path)
    build_search_index(store[:150], tmp_path)
    folders = {path for path in (tmp_path / "docs").iterdir()}
    assert folders == {tmp_path / "docs" / str(number) for number in range(-(-150 // 8))}


# --- the per-paper term cache ------------------------------------------------------------------

def edited(store: list[StoredPaper], slug: str, **changes: object) -> list[StoredPaper]:
    """The store with one paper's fields changed (a new Paper object, as a reload would give)."""
    return [StoredPaper(s.slug, s.path, Paper(**{**s.paper.__dict__, **changes})) if s.slug == slug else s
            for s in store]


def render_with_cache(papers: list[StoredPaper], cache_dir: Path) -> tuple[dict[str, bytes], BuildCounts]:
    """Render through the cache; also what the build says it did."""
    files, _ = render_index(papers, cache_dir=cache_dir)
    return files, search_build.LAST_BUILD


def assert_same_as_scratch(files: dict[str, bytes], papers: list[StoredPaper]) -> None:
    """The files equal, name for name and byte for byte, what a build without any cache renders."""
    scratch, _ = render_index(papers)
    assert files.keys() == scratch.keys()
    assert [name for name in scratch if files[name] != scratch[name]] == []


def test_cached_build_is_byte_identical_and_rebuild_tokenises_nothing(store, tmp_path):
    files, counts = render_with_cache(store, tmp_path)
    assert counts.tokenised == len(store) and counts.saved
    assert_same_as_scratch(files, store)
    again, counts = render_with_cache(store, tmp_path)
    assert again == files and counts.tokenised == 0 and not counts.saved


def test_one_edit_tokenises_only_that_paper_and_matches_a_scratch_build(store, tmp_path):
    render_with_cache(store, tmp_path)
    target = store[17].slug
    changed = edited(store, target, abstract=store[17].paper.abstract + " Zyxwvut hyperlattice.")
    files, counts = render_with_cache(changed, tmp_path)
    assert counts.tokenised == 1 and counts.patched
    assert_same_as_scratch(files, changed)
    assert (tmp_path / CACHE_FILE).is_file()


def test_paper_digest_follows_every_indexed_field(store):
    stored = store[3]
    base = paper_digest(stored, URL)
    assert paper_digest(StoredPaper(stored.slug, stored.path, Paper(**stored.paper.__dict__)), URL) == base
    for change in ({"title": "Other"}, {"authors": ["Someone Else"]}, {"date": "1999-01-01"}, {"topics": ["X"]},
                   {"arxiv_category": "cs.XX"}, {"upvotes": 12345}, {"abstract": "Other."}, {"sources": []}):
        assert paper_digest(edited([stored], stored.slug, **change)[0], URL) != base, change
    assert paper_digest(stored, "elsewhere/") != base
    assert paper_digest(edited([stored], stored.slug, score=99.0)[0], URL) == base  # not indexed


EDITS = {
    "abstract word gained and lost": lambda p: {"abstract": p.abstract.replace(" ", " quasarite ", 1)[::-1]},
    "title": lambda p: {"title": p.title + " Revisited"},
    "authors": lambda p: {"authors": [*p.authors[1:], "Zoë Ødegaard-Newname"]},
    "topics and upvotes (facets)": lambda p: {"topics": ["Brand New Topic"], "upvotes": 999},
    "no topics, no upvotes": lambda p: {"topics": [], "upvotes": None, "arxiv_category": None},
    "date (ids shift)": lambda p: {"date": "1990-01-01"},
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_edits_match_a_scratch_build(store, tmp_path, edit):
    render_with_cache(store, tmp_path)
    for position in (0, 57, len(store) - 1):
        target = store[position]
        changed = edited(store, target.slug, **EDITS[edit](target.paper))
        files, counts = render_with_cache(changed, tmp_path)
        assert counts.tokenised == 1
        assert_same_as_scratch(files, changed)
        files, counts = render_with_cache(store, tmp_path)  # and back (the cache keeps the last build's papers)
        assert counts.tokenised == 1
        assert_same_as_scratch(files, store)


def test_added_and_removed_papers_match_a_scratch_build(store, tmp_path):
    render_with_cache(store, tmp_path)
    newest = max(store, key=lambda s: s.paper.date or "")
    added = StoredPaper("zz-new", Path("zz-new.md"), Paper(**{**newest.paper.__dict__, "title": "Zyxwvut Appended"}))
    oldest = StoredPaper("aa-old", Path("aa-old.md"), Paper(title="Ancient Quasarite", date="1900", abstract="Old."))
    for papers in ([*store, added], store, [*store, oldest], store[1:], [p for p in store if p.slug != "xss"], store):
        files, _ = render_with_cache(papers, tmp_path)
        assert_same_as_scratch(files, papers)


def test_damaged_or_foreign_cache_is_rebuilt(store, tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"not a database at all" * 100)
    files, counts = render_with_cache(store, tmp_path)
    assert counts.tokenised == len(store) and counts.saved
    assert_same_as_scratch(files, store)
    files, counts = render_with_cache(make_store(50), tmp_path)  # another store in the same cache dir
    assert_same_as_scratch(files, make_store(50))


def test_unchanged_papers_are_not_tokenised_again(store, tmp_path, monkeypatch):
    render_with_cache(store, tmp_path)
    tokenised: list[str] = []
    original = TermEncoder.encode
    monkeypatch.setattr(TermEncoder, "encode",
                        lambda self, records: tokenised.extend(r.slug for r in records) or original(self, records))
    target = store[40]
    render_with_cache(edited(store, target.slug, title="Fresh Words Here"), tmp_path)
    assert tokenised == [target.slug]
    moved = edited(store, target.slug, date="1980-05-05")  # ids shift: a full build, still from cached terms
    render_with_cache(moved, tmp_path)
    assert tokenised == [target.slug, target.slug]


def test_build_search_index_with_cache_writes_only_changed_files(store, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    build_search_index(store, out, cache_dir=cache)
    target = next(r for r in make_records(store) if r.slug == store[17].slug)
    changed = edited(store, target.slug, abstract=store[17].paper.abstract + " Zyxwvut.")
    stats = build_search_index(changed, out, cache_dir=cache)
    assert chunk_path(target.id // DOCS_PER_CHUNK) in stats.written and "terms/zyx.json" in stats.written
    assert IndexReader(out).search("zyxwvut") == {target.id}


def test_vocabulary_is_renumbered_when_many_terms_went_stale(store, tmp_path, monkeypatch):
    render_with_cache(edited(store, store[3].slug, abstract="Unobtainium zyxwvut quasarite"), tmp_path)
    monkeypatch.setattr(search_build, "too_stale", lambda size, used: size > used)
    monkeypatch.setattr(search_build, "patch_limit", lambda count: 0)  # a full build: the edit's terms are stale
    moved = edited(store, store[8].slug, date="1970-01-01")
    files, counts = render_with_cache(moved, tmp_path)
    assert not counts.patched
    assert_same_as_scratch(files, moved)
    with opened_cache(tmp_path) as cache:
        saved = cache.previous()
    assert saved is not None and len(saved.vocabulary) == saved.term_count
    monkeypatch.undo()
    changed = edited(moved, store[9].slug, title="After Renumbering")
    files, counts = render_with_cache(changed, tmp_path)
    assert counts.tokenised == 1 and counts.patched
    assert_same_as_scratch(files, changed)


def test_term_encoder_gives_the_reference_terms(store):
    paper = Paper(title="The A of An", authors=["A", "—", "Zoë Ødegaard", "Zoë Ødegaard", "Plato"],
                  topics=["Vision", "vision", "Deep  Learning"], abstract="A is the")
    vocabulary = Vocabulary()
    encoder = TermEncoder(vocabulary)
    records = make_records([*store, StoredPaper("odd", Path("odd.md"), paper)])
    for record, blobs in zip(records, encoder.encode(records)):
        decoded = tuple({vocabulary.terms[number] for number in memoryview(blob).cast("i")} for blob in blobs)
        assert decoded == paper_terms(record), record.slug
