"""Author profile listings: glued headers, the title/author split, truncated and broken entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats import author_profile, read_listing

LISTINGS = Path(__file__).resolve().parent.parent / "listings"
CAPTURED = dt.date(2025, 11, 6)
ABSTRACT = ("We study a problem that matters. We propose a method that works well in practice. "
            "Experiments on three benchmarks show large gains over strong baselines and the")
OTHER_SAMPLES = ["hf-daily-papers-1.txt", "hf-daily-papers-2.txt", "hf-daily-papers-3.txt",
                 "aitopics-rote-learning.txt"]
PROSE = ["It was a bright cold day in April, and the clocks were striking thirteen.",
         "Winston Smith, his chin nuzzled into his breast, slipped quickly through the glass doors."]


def parse(*lines: str, captured: dt.date = CAPTURED):
    """Parse a listing given line by line."""
    return author_profile.parse(list(lines), "test.txt", captured)


def sample(name: str) -> list[str]:
    return read_listing(LISTINGS / name)


def test_sample_parses_completely() -> None:
    lines = sample("author-profile-jie-ren.txt")
    records, rejected = author_profile.parse(lines, "author-profile-jie-ren.txt", CAPTURED)
    assert len(records) == 9
    assert rejected == []
    assert [record.line for record in records] == [1, 4, 7, 10, 13, 15, 17, 19, 22]
    # The abstract is the line after the title line, which follows the header when there is one.
    assert all(record.abstract == lines[record.line + (1 if record.score is not None else 0)]
               for record in records)
    first = records[0]
    assert first.title == "Exploring Memorization in Fine-tuned Language Models"
    assert first.authors == ["Shenglai Zeng", "Yaxin Li", "Jie Ren"]
    assert first.authors_truncated is True
    assert (first.score, first.arxiv_category, first.date, first.year_inferred, first.code) == (
        30.1, "AI", "2023-10-10", False, True)
    assert first.abstract == lines[2]
    assert first.format == "author-profile" and first.captured == "2025-11-06"


def test_sample_entries_with_and_without_header() -> None:
    records, _ = author_profile.parse(sample("author-profile-jie-ren.txt"), "x", CAPTURED)
    mlps = records[3]
    assert (mlps.title, mlps.authors[0], mlps.score, mlps.arxiv_category, mlps.date, mlps.code) == (
        "Trap of Feature Diversity in the Learning of MLPs", "Dongrui Liu", 5.5, "LG", "2021-12-02", None)
    bare = records[4]
    assert bare.title == "Defining and Quantifying the Emergence of Sparse Concepts in DNNs"
    assert bare.authors == ["Jie Ren", "Mingjie Li", "Qirui Chen"]
    assert (bare.score, bare.arxiv_category, bare.date, bare.code) == (None, None, None, None)
    question = records[5]
    assert question.title.endswith("on a DNN?") and question.authors[0] == "Jie Ren"
    assert records[8].score == 14.1 and records[8].arxiv_category == "CV"


@pytest.mark.parametrize(("line", "title", "authors", "truncated"), [
    ("Can GPT-4 Reason?Zoë Müller, Jean-Luc Martin", "Can GPT-4 Reason?", ["Zoë Müller", "Jean-Luc Martin"], False),
    ("Scaling Laws for GPT-4Carla Gómez-Ruiz", "Scaling Laws for GPT-4", ["Carla Gómez-Ruiz"], False),
    ("Pruning Large DNNJ. Smith, Seán O'Brien et al.", "Pruning Large DNN", ["J. Smith", "Seán O'Brien"], True),
    ("Trap of the Learning of MLPsDongrui Liu, Jie Ren", "Trap of the Learning of MLPs", ["Dongrui Liu", "Jie Ren"],
     False),
    ("Fine-tuning LLMsSeán O'Brien", "Fine-tuning LLMs", ["Seán O'Brien"], False),
    ("a study of thingsLudwig van Beethoven, Jane Doe", "a study of things", ["Ludwig van Beethoven", "Jane Doe"],
     False),
    ("Sparse Mixture of MoEJohn Smith", "Sparse Mixture of MoE", ["John Smith"], False),
    ("Physics of Language Models: Part 3.1, Knowledge Storage and ExtractionZeyuan Allen-Zhu, Yuanzhi Li",
     "Physics of Language Models: Part 3.1, Knowledge Storage and Extraction", ["Zeyuan Allen-Zhu", "Yuanzhi Li"],
     False),
    ("Deep NetworksYann LeCun, Léon Bottou", "Deep Networks", ["Yann LeCun", "Léon Bottou"], False),
    ("Deep LearningJohn McDonald Smith", "Deep Learning", ["John McDonald Smith"], False),
    ("Understanding Attention (MLP)Jie Ren et al.", "Understanding Attention (MLP)", ["Jie Ren"], True),
    ("iPhone Apps at ScaleJohn Smith", "iPhone Apps at Scale", ["John Smith"], False),
    ("Vision with XNetJohn Smith, A. B. Jones, Mausam", "Vision with XNet",
     ["John Smith", "A. B. Jones", "Mausam"], False),
    ("Learning in 3DMaria de la Cruz, Jan van der Berg, et al.", "Learning in 3D",
     ["Maria de la Cruz", "Jan van der Berg"], True),
])
def test_title_author_split(line: str, title: str, authors: list[str], truncated: bool) -> None:
    assert author_profile.split_title_authors(line) == (title, authors, truncated)
    records, rejected = parse(line, ABSTRACT)
    assert rejected == []
    assert (records[0].title, records[0].authors, records[0].authors_truncated) == (title, authors, truncated)


@pytest.mark.parametrize("line", ["No Authors Here At All", "all lowercase words with nothing glued", ""])
def test_unsplittable_lines(line: str) -> None:
    assert author_profile.split_title_authors(line) is None


@pytest.mark.parametrize(("header", "score", "category", "date", "code"), [
    ("30.1AIOct 10, 2023Code", 30.1, "AI", "2023-10-10", True),
    ("9.6CLApr 3, 2024", 9.6, "CL", "2024-04-03", None),
    ("12cs.LGJan 5, 2022Code", 12.0, "cs.LG", "2022-01-05", True),
    ("0.4stat.MLSep 30, 2021", 0.4, "stat.ML", "2021-09-30", None),
    ("3.0cs.MAMar 5, 2024", 3.0, "cs.MA", "2024-03-05", None),
    ("7.7CVCode", 7.7, "CV", None, True),
])
def test_header_variations(header: str, score: float, category: str, date: str | None, code: bool | None) -> None:
    records, rejected = parse(header, "Some TitleJane Doe", ABSTRACT)
    assert rejected == []
    record = records[0]
    assert (record.score, record.arxiv_category, record.date, record.code, record.line) == (
        score, category, date, code, 1)


def test_header_date_without_year_is_inferred() -> None:
    records, _ = parse("5.0AIDec 24", "Some TitleJane Doe", ABSTRACT, captured=dt.date(2025, 3, 1))
    assert (records[0].date, records[0].year_inferred) == ("2024-12-24", True)


def test_invalid_header_date_is_rejected() -> None:
    records, rejected = parse("1.0AIFeb 31, 2024", "Bad DateJane Doe", ABSTRACT, "Good OneJohn Roe", ABSTRACT)
    assert [record.title for record in records] == ["Good One"]
    assert [(problem.line, problem.field) for problem in rejected] == [(1, "date")]
    assert "Feb 31, 2024" in rejected[0].message


def test_header_at_end_of_file_is_rejected() -> None:
    records, rejected = parse("Good OneJohn Roe", ABSTRACT, "2.0CVMay 1, 2024Code")
    assert [record.title for record in records] == ["Good One"]
    assert [(problem.line, problem.field) for problem in rejected] == [(3, "title")]


def test_title_without_abstract_at_end_of_file_is_rejected() -> None:
    records, rejected = parse("1.0AIMay 1, 2024", "Good OneJohn Roe", ABSTRACT, "Cut OffJane Doe et al.")
    assert [record.title for record in records] == ["Good One"]
    assert [(problem.line, problem.field) for problem in rejected] == [(4, "abstract")]


def test_title_without_abstract_before_next_entry_is_rejected() -> None:
    records, rejected = parse("1.0AIMay 1, 2024", "No AbstractJohn Roe", "2.0AIMay 2, 2024", "NextJane Doe",
                              ABSTRACT)
    assert [record.title for record in records] == ["Next"]
    assert [(problem.line, problem.field) for problem in rejected] == [(1, "abstract")]


def test_header_followed_by_abstract_is_rejected_as_missing_title() -> None:
    records, rejected = parse("1.0AIMay 1, 2024", ABSTRACT, "NextJane Doe", ABSTRACT)
    assert [record.title for record in records] == ["Next"]
    assert [(problem.line, problem.field) for problem in rejected] == [(1, "title")]


def test_unsplittable_title_line_is_rejected() -> None:
    records, rejected = parse("just some lowercase words", ABSTRACT, "NextJane Doe", ABSTRACT)
    assert [record.title for record in records] == ["Next"]
    assert [(problem.line, problem.field) for problem in rejected] == [(1, "authors")]


def test_detect() -> None:
    assert author_profile.detect(sample("author-profile-jie-ren.txt"))
    headerless = [line for line in sample("author-profile-jie-ren.txt") if not line[:1].isdigit()]
    assert author_profile.detect(headerless)
    for name in OTHER_SAMPLES:
        assert not author_profile.detect(sample(name)), name
    assert not author_profile.detect(PROSE)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["30.1AIOct 10, 2023Code", "1.0AIFeb 31, 2024", "TitleJane Doe et al.", ABSTRACT, "",
                     "et al.", ", et al.", "AB, Cd Ef"])), max_size=20))
def test_parse_never_raises(lines: list[str]) -> None:
    records, problems = author_profile.parse(lines, "fuzz.txt", CAPTURED)
    author_profile.detect(lines)
    for record in records:
        assert record.title and record.authors and 1 <= record.line <= len(lines)
    assert all(problem.line is not None and 1 <= problem.line <= len(lines) for problem in problems)
