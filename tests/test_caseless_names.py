"""Glued title+author lines whose names are in scripts without letter case (Chinese, Japanese, Korean, Thai)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats import author_profile, detect_format
from generator.importer import import_listings
from generator.store import load_store

CAPTURED = dt.date(2025, 11, 6)
ABSTRACT = ("We study a problem that matters. We propose a method that works well in practice. "
            "Experiments on three benchmarks show large gains over strong baselines.")


@pytest.mark.parametrize(("line", "title", "authors", "truncated"), [
    ("Exploring Memorization in Fine-tuned Language Models张伟, 李娜, 王芳 et al.",
     "Exploring Memorization in Fine-tuned Language Models", ["张伟", "李娜", "王芳"], True),
    ("Scaling Retrieval佐藤 花子, 鈴木 一郎", "Scaling Retrieval", ["佐藤 花子", "鈴木 一郎"], False),
    ("Korean NLP김민준, 이서연 et al.", "Korean NLP", ["김민준", "이서연"], True),
    ("Thai Speech Recognitionสมชาย ใจดี, สมหญิง รักไทย", "Thai Speech Recognition",
     ["สมชาย ใจดี", "สมหญิง รักไทย"], False),
    ("Fine-tuned LLMs张伟, Jie Ren", "Fine-tuned LLMs", ["张伟", "Jie Ren"], False),
    ("A Study of ThingsJie Ren, 张伟", "A Study of Things", ["Jie Ren", "张伟"], False),
    # a caseless title: the first name is as long as the others (the name list's shape decides)
    ("大规模语言模型的记忆研究张伟, 李娜", "大规模语言模型的记忆研究", ["张伟", "李娜"], False),
])
def test_caseless_names_split(line: str, title: str, authors: list[str], truncated: bool) -> None:
    assert author_profile.split_title_authors(line) == (title, authors, truncated)


@pytest.mark.parametrize("line", [
    "研究张伟",  # a caseless title and one caseless name: nothing tells where one ends
    "大规模语言模型的记忆研究张伟, 李娜娜, 王芳",  # other names of different lengths: no shape to go by
])
def test_undecidable_caseless_lines_are_not_guessed(line: str) -> None:
    assert author_profile.split_title_authors(line) is None


def test_a_profile_whose_only_entry_has_caseless_names_is_recognised_and_imported(tmp_path: Path) -> None:
    listing = tmp_path / "profile.txt"
    listing.write_text(f"12.5CLMar 4, 2024\nCross-lingual Memory in Language Models张伟, 李娜 et al.\n{ABSTRACT}\n",
                       "utf-8")
    lines = listing.read_text("utf-8").split("\n")
    assert detect_format(lines, str(listing)) is author_profile
    content = tmp_path / "content"
    report = import_listings([listing], content, CAPTURED)
    assert report.new == 1 and report.rejected == []
    [stored] = load_store(content)
    assert stored.paper.title == "Cross-lingual Memory in Language Models"
    assert stored.paper.authors == ["张伟", "李娜"] and stored.paper.authors_truncated


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_LATIN_WORD = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(title_words=st.lists(_LATIN_WORD, min_size=1, max_size=8),
       names=st.lists(st.text(_HAN, min_size=2, max_size=3), min_size=1, max_size=6),
       truncated=st.booleans())
def test_latin_title_then_han_names_always_split(title_words: list[str], names: list[str], truncated: bool) -> None:
    title = " ".join(title_words)
    line = title + ", ".join(names) + (" et al." if truncated else "")
    assert author_profile.split_title_authors(line) == (title, names, truncated)
