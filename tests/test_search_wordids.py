"""The search index's batch tokeniser (numpy, wordids) and its writer for fresh folders: the same results as the
per-text path and a plain write."""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.search import wordids, writer
from generator.search.postings import Vocabulary
from generator.search.text import index_terms

WORDS = ["the", "a", "An", "of", "Graph", "graphs", "GRAPH", "x" * 8, "y" * 9, "abcdefgh" * 2, "z" * 17, "q" * 100,
         "0", "12345678", "123456789", "Neural-Network", "L_2", "naïve", "Schölkopf", "\x00", "\t\n", ""]
WORDY_TEXT = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)
ANY_ASCII = st.text(alphabet=string.printable + "\x00\x01\x7f", max_size=200)
TEXTS = st.lists(st.one_of(WORDY_TEXT, ANY_ASCII, st.text(max_size=50)), max_size=25)


def terms_of(vocabulary: Vocabulary, blob: bytes) -> list[str]:
    """The terms of int32 term-id bytes, in order."""
    return [vocabulary.terms[number] for number in memoryview(blob).cast("i")]


def assert_reference_terms(vocabulary: Vocabulary, texts: list[str]) -> None:
    """encode_texts gives each text exactly its distinct index terms."""
    for text, blob in zip(texts, vocabulary.encode_texts(texts), strict=True):
        terms = terms_of(vocabulary, blob)
        assert len(terms) == len(set(terms)) and set(terms) == index_terms(text), text


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS)
def test_batch_ids_are_the_per_text_terms(first: list[str], second: list[str]):
    vocabulary = Vocabulary()
    assert_reference_terms(vocabulary, first)
    assert_reference_terms(vocabulary, second)  # words the table already holds, and new ones
    for text in first + second:
        assert set(terms_of(vocabulary, vocabulary.encode_text(text))) == index_terms(text)  # one vocabulary


def test_table_grows_past_its_first_size():
    texts = [" ".join(f"w{number}x{word}" for word in range(400)) for number in range(100)]  # 40,000 words
    vocabulary = Vocabulary()
    assert_reference_terms(vocabulary, texts)
    assert vocabulary.table.bits > 16
    assert_reference_terms(vocabulary, texts[::-1])


def test_a_hash_collision_falls_back_to_the_per_text_path(monkeypatch):
    monkeypatch.setattr(wordids, "word_hashes", lambda first, later, lengths: np.full(len(lengths), 3, dtype=np.uint64))
    assert_reference_terms(Vocabulary(), ["graph nodes", "Nodes", "graph"])  # same length: only the bytes differ
    assert_reference_terms(Vocabulary(), ["Transformer transformed", "transformed"])  # the same first 8 bytes too
    assert_reference_terms(Vocabulary(), ["Graph neural networks", "Networks of the graph", "naïve graph"])


def test_a_fresh_folder_gets_every_file_and_the_manifest_last(tmp_path: Path, monkeypatch):
    files = {"manifest.json": b"{}", "terms/gra.json": b'{"graph":[[1]]}', "docs/0/0.json": b"[]", "facets.json": b"x"}
    order: list[str] = []

    def recorded(write):
        return lambda path, data: order.append(path) or write(path, data)

    monkeypatch.setattr(writer, "create_file", recorded(writer.create_file))
    monkeypatch.setattr(writer, "write_file", recorded(writer.write_file))
    result = writer.sync_files(tmp_path / "out", files)
    assert sorted(result.written) == sorted(files) and result.removed == []
    assert {str(path.relative_to(tmp_path / "out")): path.read_bytes()
            for path in (tmp_path / "out").rglob("*") if path.is_file()} == files
    assert order[-1].endswith("manifest.json") and len(order) == len(files)
    assert writer.sync_files(tmp_path / "out", files).written == []
