"""A zero is data, not absence: a score of 0.0 and an upvote count of 0 survive import and a round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.importer import import_listings
from generator.models import Paper, Source
from generator.store import load_store, parse_paper_text, render_paper

CAPTURED = dt.date(2025, 11, 6)


def test_zero_score_and_upvotes_round_trip() -> None:
    paper = Paper(title="Nothing Yet", score=0.0, upvotes=0, code=False,
                  sources=[Source(listing="l.txt", format="author-profile", line=1, score=0.0, upvotes=0)])
    text = render_paper(paper)
    assert "score: 0.0" in text and "upvotes: 0" in text
    assert "code:" not in text  # False still means 'not stated'
    read, problems = parse_paper_text(text, "nothing-yet.md")
    assert problems == []
    assert (read.score, read.upvotes, read.sources[0].score, read.sources[0].upvotes) == (0.0, 0, 0.0, 0)


def test_profile_header_score_zero_is_kept_by_import(tmp_path: Path) -> None:
    listing = tmp_path / "profile.txt"
    listing.write_text(
        "0.0LGMar 4, 2024\n"
        "A Study of Things Nobody Cited YetAda Lovelace, Alan Turing, Grace Hopper et al.\n"
        "We look at things. Nobody has cited this yet, and its score is zero.\n"
        "2.5CLApr 3, 2024\n"
        "Another Paper With a ScoreKatherine Johnson, Dorothy Vaughan\n"
        "A second abstract so that the listing reads as a profile.\n", "utf-8")
    content = tmp_path / "content"
    import_listings([listing], content, CAPTURED)
    papers = {item.paper.title: item.paper for item in load_store(content)}
    zero = papers["A Study of Things Nobody Cited Yet"]
    assert zero.score == 0.0 and zero.sources[0].score == 0.0
