"""Forgiving search (issue 19) in Python: word forms, edit distance and the typo index, held to the table
the browser test holds the JS to; corrections found through the fuzzy files, typos in the first letters too."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.search.build import build_search_index
from generator.search.fuzzy import build_fuzzy
from generator.search.query import IndexReader
from generator.search.records import make_records
from generator.search.text import edit_distance, fuzzy_keys, max_edits, word_form

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_forgiving_store import TYPOS, forgiving_store  # noqa: E402

TABLE = json.loads((Path(__file__).resolve().parent / "search_forgiving_table.json").read_text("utf-8"))


@pytest.mark.parametrize(("word", "form"), TABLE["forms"])
def test_word_forms_follow_the_shared_table(word: str, form: str) -> None:
    assert word_form(word) == form


@pytest.mark.parametrize(("a", "b", "limit", "expected"), TABLE["distances"])
def test_edit_distance_counts_a_swap_as_one_edit(a: str, b: str, limit: int, expected: int) -> None:
    assert edit_distance(a, b, limit) == min(expected, limit + 1)
    assert edit_distance(b, a, limit) == min(expected, limit + 1)


@pytest.mark.parametrize(("word", "edits"), TABLE["edits"])
def test_edit_limit_grows_with_the_word(word: str, edits: int) -> None:
    assert max_edits(word) == edits


def test_a_typo_in_the_first_letters_shares_a_fuzzy_key() -> None:
    for typo in ("nemorization", "emorization", "mmemorization", "emmorization", "mmeorization", "meomrization"):
        assert fuzzy_keys("memorization") & fuzzy_keys(typo), typo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    store = forgiving_store()
    out = tmp_path_factory.mktemp("index")
    build_search_index(store, out)
    by_id = {record.id: record.slug for record in make_records(store)}
    return IndexReader(out), by_id


def test_fuzzy_files_are_listed_in_the_manifest_and_small(built) -> None:
    reader, _ = built
    count = reader.manifest["fuzzy"]
    files = sorted((reader.root / "fuzzy").iterdir())
    assert count >= 1 and len(files) == count
    assert all(file.stat().st_size < 16_000 for file in files)
    assert "quasicrystal" in {term for file in files for term in json.loads(file.read_text())}


@pytest.mark.parametrize(("kind", "typo"), TYPOS)
def test_each_kind_of_typo_is_corrected(built, kind: str, typo: str) -> None:
    reader, by_id = built
    assert reader.corrections(typo) == ["quasicrystal"], kind
    found = reader.forgiving(typo)
    assert by_id[found.ranked[0]] == "xss" and found.corrected == {typo: ["quasicrystal"]}


def test_plural_and_singular_find_each_other(built) -> None:
    reader, by_id = built
    assert {by_id[i] for i in reader.forgiving("zeolites catalysts").ranked} == {"zeolite"}
    assert {by_id[i] for i in reader.forgiving("study quasiperiodic").ranked} == {"studies"}
    assert {by_id[i] for i in reader.term_ids("catalysts", forms=True)} == {"zeolite"}
    assert reader.term_ids("catalysts") == set()  # without forms, as before


def test_one_unknown_word_returns_the_rest_and_names_it(built) -> None:
    reader, by_id = built
    found = reader.forgiving("quasicrystal zebrafishology")
    assert [by_id[i] for i in found.ranked] == ["xss"] and found.ignored == ["zebrafishology"] and not found.partial


def test_exact_outranks_corrected(built) -> None:
    reader, by_id = built
    assert [by_id[i] for i in reader.forgiving("skteching").ranked] == ["typo-in-title", "sketching"]
    assert [by_id[i] for i in reader.forgiving("sketching").ranked] == ["sketching", "typo-in-title"]


def test_fielded_author_query_stays_exact(built) -> None:
    reader, by_id = built
    assert reader.term_ids("eve", ("author",)) and not reader.term_ids("eev", ("author",))


def test_fuzzy_index_is_the_same_whatever_the_shard_order() -> None:
    shards = [b'{"memorization":[[1]],"memory":[[2]]}', b'{"nets":[[3]],"a_b":[[],[],[4]]}']
    assert build_fuzzy(shards) == build_fuzzy(list(reversed(shards)))
    count, files = build_fuzzy(shards)
    assert count == 1 and json.loads(files["fuzzy/0.json"]) == ["memorization", "memory", "nets"]


def test_an_unknown_word_is_left_out_before_the_others_are_intersected(built) -> None:
    reader, by_id = built
    found = reader.forgiving("sketching zebrafishology tensor")
    assert [by_id[i] for i in found.ranked] == ["sketching", "typo-in-title"] and not found.partial


def test_fuzzy_files_hold_each_term_under_every_key_as_text_py_defines_them() -> None:
    """The numpy build gives what fuzzy_keys + fuzzy_bucket say, accented and odd terms included."""
    import random
    import string

    from generator.search.text import fuzzy_bucket

    rng = random.Random(5)
    words = {"".join(rng.choice(string.ascii_lowercase + "éßø") for _ in range(rng.randint(2, 9))) for _ in range(3000)}
    words |= {"a_b", "gpt4", "ab12", "2021"}
    by_shard: dict[str, list[str]] = {}
    for word in sorted(words):
        by_shard.setdefault(word[:3], []).append(word)
    shards = [("{" + ",".join(f'"{w}":[[1]]' for w in group) + "}").encode() for group in by_shard.values()]
    count, files = build_fuzzy(shards)
    expected: list[set[str]] = [set() for _ in range(count)]
    for word in words:
        if len(word) >= 4 and word.isalpha():
            for key in fuzzy_keys(word):
                expected[fuzzy_bucket(key, count)].add(word)
    assert {name: json.loads(data) for name, data in files.items()} == {
        f"fuzzy/{n}.json": sorted(terms) for n, terms in enumerate(expected)}
