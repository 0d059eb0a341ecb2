"""Hugging Face Daily Papers listings: detection, fields, trailers, year inference, rejected entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formats import FORMATS, hf_daily_papers, read_listing

LISTINGS = Path(__file__).resolve().parent.parent / "listings"
CAPTURED = dt.date(2025, 11, 6)
ABSTRACT = ("We study a problem that matters. We propose a method that works well in practice. "
            "Experiments on three benchmarks show large gains over strong baselines.")
SAMPLE_FORMATS = {
    "hf-daily-papers-1.txt": "hf-daily-papers", "hf-daily-papers-2.txt": "hf-daily-papers",
    "hf-daily-papers-3.txt": "hf-daily-papers", "aitopics-rote-learning.txt": "aitopics",
    "author-profile-jie-ren.txt": "author-profile",
}
PROSE = ["It was a bright cold day in April, and the clocks were striking thirteen.", "",
         "Winston Smith, his chin nuzzled into his breast, slipped quickly through the glass doors."]


def parse(text: str, captured: dt.date = CAPTURED):
    """Parse a listing given as one string."""
    return hf_daily_papers.parse(text.split("\n"), "test.txt", captured)


def sample(name: str) -> list[str]:
    return read_listing(LISTINGS / name)


def by_line(records, line):
    return next(record for record in records if record.line == line)


@pytest.mark.parametrize(("name", "count"), [
    ("hf-daily-papers-1.txt", 64), ("hf-daily-papers-2.txt", 33), ("hf-daily-papers-3.txt", 40)])
def test_samples_parse_completely(name: str, count: int) -> None:
    records, rejected = hf_daily_papers.parse(sample(name), name, CAPTURED)
    assert len(records) == count
    assert rejected == []
    assert all(record.title and record.abstract and record.format == "hf-daily-papers" for record in records)
    assert all(record.captured == "2025-11-06" and record.listing == name for record in records)


def test_sample_fields() -> None:
    lines = sample("hf-daily-papers-1.txt")
    records, _ = hf_daily_papers.parse(lines, "hf-daily-papers-1.txt", CAPTURED)
    first = records[0]
    assert first.line == 13
    assert first.title == ("AEM: Attention Entropy Maximization for Multiple Instance Learning "
                           "based Whole Slide Image Classification")
    assert first.abstract == lines[14]
    assert (first.author_count, first.date, first.year_inferred, first.upvotes) == (7, "2024-06-17", False, None)
    assert first.organisation is None and first.authors == []
    org = by_line(records, 45)
    assert org.organisation == "ServiceNow-AI"
    assert org.author_count is None
    assert (org.date, org.year_inferred, org.upvotes) == ("2025-09-30", True, 2)
    single = by_line(records, 101)
    assert single.title.startswith("Don't Retrieve, Generate")
    assert (single.author_count, single.date, single.year_inferred) == (1, "2025-04-20", True)
    assert by_line(records, 317).upvotes == 8
    assert by_line(records, 157).upvotes == 1


def test_sample_year_with_upvotes() -> None:
    records, _ = hf_daily_papers.parse(sample("hf-daily-papers-2.txt"), "x", CAPTURED)
    entry = by_line(records, 37)
    assert entry.title.startswith("Prompt2Perturb (P2P)")
    assert (entry.date, entry.year_inferred, entry.upvotes, entry.author_count) == ("2024-12-13", False, 2, 5)


def test_entry_without_trailer_is_still_a_record() -> None:
    lines = sample("hf-daily-papers-3.txt")
    records, _ = hf_daily_papers.parse(lines, "x", CAPTURED)
    bare = by_line(records, 21)
    assert bare.title.startswith("B-cosification")
    assert bare.abstract == lines[22]
    assert (bare.date, bare.author_count, bare.upvotes, bare.organisation) == (None, None, None, None)
    following = by_line(records, 25)
    assert following.title.startswith("Generative Discovery") and following.author_count == 3
    assert by_line(records, 305).upvotes == 14


def test_variations_without_header_with_extra_blanks_and_odd_trailers() -> None:
    text = "\n".join([
        "", "", "First Paper Title", "", "", ABSTRACT, "", "", "•3 authors", "·", "Sep 30 12345", "",
        "Second Paper: One Author", ABSTRACT, "  •  1 author", " · ", "Jan 2, 2020", "",
        "Third Paper", ABSTRACT, "Google DeepMind Google DeepMind", "·", "Mar 4, 2021 7",
        "Fourth Paper", ABSTRACT, "Some Lab Inc", "·", "Mar 5, 2021",
    ])
    records, rejected = parse(text)
    assert rejected == []
    assert [record.line for record in records] == [3, 13, 19, 24]
    first, second, third, fourth = records
    assert (first.author_count, first.upvotes, first.date, first.year_inferred) == (3, 12345, "2025-09-30", True)
    assert (second.title, second.author_count, second.date) == ("Second Paper: One Author", 1, "2020-01-02")
    assert (third.organisation, third.upvotes) == ("Google DeepMind", 7)
    assert fourth.organisation == "Some Lab Inc"


def test_short_abstract_is_known_by_its_place_before_the_trailer() -> None:
    records, rejected = parse("A Title\n\nA one-line abstract without a full stop\n\n  • 2 authors\n·\nMay 1, 2024")
    assert rejected == []
    assert (records[0].title, records[0].abstract) == ("A Title", "A one-line abstract without a full stop")


def test_titles_and_abstracts_are_kept_byte_for_byte() -> None:
    title = "A  Title with  double spaces &amp; <b>markup</b>"
    abstract = ABSTRACT.replace("We propose", "We  propose &lt;x&gt;")
    records, _ = parse(f"  {title}  \n\n\t{abstract} \n\n  • 2 authors\n·\nMay 1, 2024")
    assert records[0].title == title
    assert records[0].abstract == abstract


@pytest.mark.parametrize(("date_line", "captured", "expected"), [
    ("Dec 13", dt.date(2025, 11, 6), "2024-12-13"),   # month after the capture: last year
    ("Nov 6", dt.date(2025, 11, 6), "2025-11-06"),    # the capture day itself
    ("Nov 7", dt.date(2025, 11, 6), "2024-11-07"),
    ("Jan 6", dt.date(2025, 11, 6), "2025-01-06"),
    ("Feb 29", dt.date(2025, 3, 1), "2024-02-29"),    # only leap years have it
    ("Feb 29", dt.date(2024, 2, 28), "2020-02-29"),
])
def test_year_inference(date_line: str, captured: dt.date, expected: str) -> None:
    records, rejected = parse(f"Title\n\n{ABSTRACT}\n\n  • 2 authors\n·\n{date_line}", captured)
    assert rejected == []
    assert (records[0].date, records[0].year_inferred) == (expected, True)


def test_entry_without_title_is_rejected_with_its_line() -> None:
    text = "\n".join(["Daily Papers", "", "Nov 6", "", "Good Paper", "", ABSTRACT, "", "  • 2 authors", "·",
                      "Jan 1, 2024", "", ABSTRACT, "", "  • 4 authors", "·", "Feb 2, 2024", "",
                      "Next Paper", "", ABSTRACT])
    records, rejected = parse(text)
    assert [record.title for record in records] == ["Good Paper", "Next Paper"]
    assert [(problem.line, problem.field) for problem in rejected] == [(13, "title")]
    assert "no title line" in rejected[0].message and rejected[0].file == "test.txt"


def test_title_without_abstract_at_end_of_file_is_rejected() -> None:
    records, rejected = parse(f"Good Paper\n\n{ABSTRACT}\n\nTruncated Paper Title\n")
    assert [record.title for record in records] == ["Good Paper"]
    assert [(problem.line, problem.field) for problem in rejected] == [(5, "abstract")]


def test_invalid_date_is_rejected_with_the_date_line() -> None:
    text = f"Bad Date Paper\n\n{ABSTRACT}\n\n  • 2 authors\n·\nFeb 31, 2024\n\nGood Paper\n\n{ABSTRACT}"
    records, rejected = parse(text)
    assert [record.title for record in records] == ["Good Paper"]
    assert [(problem.line, problem.field) for problem in rejected] == [(7, "date")]
    assert "Feb 31, 2024" in rejected[0].message


def test_stray_trailer_is_reported() -> None:
    _, rejected = parse(f"Paper\n\n{ABSTRACT}\n\n  • 2 authors\n·\nJan 1, 2024\n  • 3 authors\n·\nJan 2, 2024")
    assert [(problem.line, problem.field) for problem in rejected] == [(8, "title")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Words are all you need? Language as an approximation for human similarity judgments", False),
    ("Physics of Language Models: Part 3.1, Knowledge Storage and Extraction", False),
    ("Yi: Open Foundation Models by 01.AI", False),
    ("Cats vs. Dogs: a benchmark", False),
    ("We propose a method. It works.", True),
    (ABSTRACT, True),
    ("word " * 45, True),
])
def test_title_or_abstract_by_shape(text: str, expected: bool) -> None:
    assert hf_daily_papers.looks_like_abstract(text) is expected


@pytest.mark.parametrize(("name", "format_name"), SAMPLE_FORMATS.items())
def test_detect_claims_only_its_own_samples(name: str, format_name: str) -> None:
    lines = sample(name)
    assert hf_daily_papers.detect(lines) is (format_name == "hf-daily-papers")
    assert [module.NAME for module in FORMATS if module.detect(lines)] == [format_name]


def test_detect_without_header() -> None:
    assert hf_daily_papers.detect(sample("hf-daily-papers-2.txt")[12:])
    assert not hf_daily_papers.detect(PROSE)
    assert not hf_daily_papers.detect([""])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["·", "  • 3 authors", "Sep 30 2", "Feb 31, 2024", "Feb 29", "", "Daily Papers",
                     "Title", ABSTRACT, "Org Org"])), max_size=30))
def test_parse_never_raises(lines: list[str]) -> None:
    records, problems = hf_daily_papers.parse(lines, "fuzz.txt", CAPTURED)
    hf_daily_papers.detect(lines)
    for record in records:
        assert record.title and record.abstract and 1 <= record.line <= len(lines)
    assert all(problem.line is not None and 1 <= problem.line <= len(lines) for problem in problems)
