"""AITopics topic pages: header and topic, positional venues, truncated and broken entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats import aitopics, read_listing

LISTINGS = Path(__file__).resolve().parent.parent / "listings"
CAPTURED = dt.date(2025, 11, 6)
ABSTRACT = ("We study a problem that matters. We propose a method that works well in practice. "
            "Experiments on three benchmarks show large gains over strong baselines.")
HEADER = ["Goto", "", "Collaborating Authors", "", "\xa0Deep Learning", "", ""]
OTHER_SAMPLES = ["hf-daily-papers-1.txt", "hf-daily-papers-2.txt", "hf-daily-papers-3.txt",
                 "author-profile-jie-ren.txt"]
PROSE = ["Chapter One", "", "It was a bright cold day in April, and the clocks were striking thirteen.", "",
         "Winston Smith, his chin nuzzled into his breast, slipped quickly through the glass doors."]


def parse(lines: list[str]):
    """Parse a listing given as lines."""
    return aitopics.parse(lines, "test.txt", CAPTURED)


def entry(title: str, venue: str | None, abstract: str | None = ABSTRACT) -> list[str]:
    """One entry as the page lays it out."""
    lines = [title, ""]
    if venue is not None:
        lines += [venue, ""]
    if abstract is not None:
        lines += [abstract, ""]
    return lines + [""]


def sample(name: str) -> list[str]:
    return read_listing(LISTINGS / name)


def test_sample_parses_completely() -> None:
    lines = sample("aitopics-rote-learning.txt")
    records, rejected = aitopics.parse(lines, "aitopics-rote-learning.txt", CAPTURED)
    assert len(records) == 10
    assert rejected == []
    assert [record.line for record in records] == [8, 15, 22, 29, 36, 43, 50, 57, 64, 71]
    assert all(record.topic == "Rote Learning" and record.format == "aitopics" for record in records)
    assert all(record.abstract == lines[record.line + 3] for record in records)
    first = records[0]
    assert first.title == "Memorization with neural nets: going beyond the worst case"
    assert first.venue == "arXiv.org Machine Learning"
    assert records[1].venue == "arXiv.org Artificial Intelligence"
    assert first.authors == [] and first.date is None and first.captured == "2025-11-06"


def test_any_venue_line_is_taken_by_position() -> None:
    lines = HEADER + entry("Paper One", "Neural Information Processing Systems") + entry(
        "Paper Two", "AAAI Conferences") + entry("Paper Three", "Journal of Obscure Results, Vol. 3")
    records, rejected = parse(lines)
    assert rejected == []
    assert [(record.title, record.venue, record.topic) for record in records] == [
        ("Paper One", "Neural Information Processing Systems", "Deep Learning"),
        ("Paper Two", "AAAI Conferences", "Deep Learning"),
        ("Paper Three", "Journal of Obscure Results, Vol. 3", "Deep Learning"),
    ]
    assert [record.line for record in records] == [8, 15, 22]


def test_entry_without_venue_keeps_venue_unset() -> None:
    records, rejected = parse(HEADER + entry("Paper One", None) + entry("Paper Two", "AAAI Conferences"))
    assert rejected == []
    assert [(record.title, record.venue) for record in records] == [("Paper One", None),
                                                                   ("Paper Two", "AAAI Conferences")]


def test_without_header_there_is_no_topic() -> None:
    records, rejected = parse(entry("Paper One", "AAAI Conferences") + entry("Paper Two", "AAAI Conferences"))
    assert rejected == []
    assert [(record.title, record.topic, record.line) for record in records] == [
        ("Paper One", None, 1), ("Paper Two", None, 8)]


def test_header_without_topic_line() -> None:
    lines = ["Goto", "", "Collaborating Authors", "", ""] + entry("Paper One", "AAAI Conferences") + entry(
        "Paper Two", "AAAI Conferences")
    records, _ = parse(lines)
    assert [(record.title, record.topic) for record in records] == [("Paper One", None), ("Paper Two", None)]


def test_abstract_without_title_is_rejected() -> None:
    lines = HEADER + entry("Paper One", "AAAI Conferences") + ["", ABSTRACT, "", ""] + entry(
        "Paper Three", "AAAI Conferences")
    records, rejected = parse(lines)
    assert [record.title for record in records] == ["Paper One", "Paper Three"]
    assert [(problem.line, problem.field) for problem in rejected] == [(16, "title")]


def test_known_venue_without_title_is_rejected() -> None:
    lines = HEADER + entry("Paper One", "AAAI Conferences") + ["AAAI Conferences", "", ABSTRACT, "", ""] + entry(
        "Paper Three", "AAAI Conferences")
    records, rejected = parse(lines)
    assert [record.title for record in records] == ["Paper One", "Paper Three"]
    assert [(problem.line, problem.field) for problem in rejected] == [(15, "title")]


def test_title_without_abstract_at_end_of_file_is_rejected() -> None:
    records, rejected = parse(HEADER + entry("Paper One", "AAAI Conferences") + ["Cut Off Title", ""])
    assert [record.title for record in records] == ["Paper One"]
    assert [(problem.line, problem.field) for problem in rejected] == [(15, "abstract")]


def test_title_and_venue_without_abstract_before_next_entry_is_rejected() -> None:
    lines = HEADER + entry("No Abstract", "AAAI Conferences", None) + entry("Paper Two", "AAAI Conferences")
    records, rejected = parse(lines)
    assert [record.title for record in records] == ["Paper Two"]
    assert [(problem.line, problem.field) for problem in rejected] == [(8, "abstract")]


def test_fields_are_kept_byte_for_byte() -> None:
    abstract = ABSTRACT.replace("We propose", "We  propose &amp;")
    records, _ = parse(HEADER + entry("  A  Title &lt;x&gt; ", "arXiv.org  Machine Learning", abstract))
    assert (records[0].title, records[0].venue, records[0].abstract) == (
        "A  Title &lt;x&gt;", "arXiv.org  Machine Learning", abstract)


@pytest.mark.parametrize("name", OTHER_SAMPLES)
def test_detect_rejects_other_formats(name: str) -> None:
    assert not aitopics.detect(sample(name))


def test_detect() -> None:
    lines = sample("aitopics-rote-learning.txt")
    assert aitopics.detect(lines)
    assert aitopics.detect(lines[6:])  # header cut off: the repeated venues still give it away
    assert not aitopics.detect(PROSE)
    assert not aitopics.detect(PROSE * 5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["Goto", "Collaborating Authors", "\xa0Topic", "", "arXiv.org Machine Learning",
                     "Title", ABSTRACT])), max_size=30))
def test_parse_never_raises(lines: list[str]) -> None:
    records, problems = aitopics.parse(lines, "fuzz.txt", CAPTURED)
    aitopics.detect(lines)
    for record in records:
        assert record.title and record.abstract and 1 <= record.line <= len(lines)
    assert all(problem.line is not None and 1 <= problem.line <= len(lines) for problem in problems)
