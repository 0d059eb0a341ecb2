"""What the paper page says, computed from a Paper: people, metrics with their listing, actions, provenance."""

from __future__ import annotations

from generator.models import Paper, Source
from generator.render.paper_view import actions, metrics, paper_view, people

HF = Source(listing="hf-daily-papers-1.txt", format="hf-daily-papers", line=4, captured="2025-12-26", upvotes=42)


def test_people_say_what_is_unknown_in_plain_words() -> None:
    assert people(Paper(title="T", author_count=31)) == {"unlisted": "Authors not listed in the source (31 authors)"}
    assert people(Paper(title="T")) == {"unlisted": "Authors not listed in the source"}
    truncated = people(Paper(title="T", authors=["A B", "C D"], authors_truncated=True, author_count=5))
    assert [a["name"] for a in truncated["authors"]] == ["A B", "C D"] and truncated["more"] == "et al. · 5 authors in all"
    assert people(Paper(title="T", authors=["A B"]))["more"] == ""


def test_metrics_name_their_listing_not_our_file() -> None:
    [upvotes] = metrics(Paper(title="T", upvotes=42, sources=[HF]))
    assert (upvotes["text"], upvotes["where"], upvotes["reported"]) == ("42 upvotes", "on Hugging Face Daily Papers", [])
    [one] = metrics(Paper(title="T", upvotes=1))  # a hand-entered value: no listing to name
    assert (one["text"], one["where"]) == ("1 upvote", "")
    later = Source(listing="hf-daily-papers-2.txt", format="hf-daily-papers", line=9, upvotes=40)
    [both] = metrics(Paper(title="T", upvotes=42, sources=[later, HF]))
    assert both["reported"] == ["42 — Seen on Hugging Face Daily Papers, captured 26 Dec 2025",
                                "40 — Seen on Hugging Face Daily Papers"]


def test_actions_exist_only_for_data_and_never_for_unsafe_links() -> None:
    assert actions(Paper(title="T")) == []
    found = actions(Paper(title="T", arxiv="2401.00001", doi="10.1/x", links=[
        "javascript:alert(1)", "https://whitesnowdrop.github.io/p", "http://github.com/a/b", "https://example.org/x"]))
    assert [(a["label"], a["url"]) for a in found] == [
        ("PDF", "https://arxiv.org/pdf/2401.00001"), ("arXiv", "https://arxiv.org/abs/2401.00001"),
        ("DOI", "https://doi.org/10.1/x"), ("Code", "http://github.com/a/b"),
        ("Project page", "https://whitesnowdrop.github.io/p"), ("example.org", "https://example.org/x")]
    pdf = actions(Paper(title="T", links=["https://example.org/paper.PDF", "https://example.org/"]))
    assert [(a["label"], a["url"]) for a in pdf] == [("PDF", "https://example.org/paper.PDF"),
                                                      ("example.org", "https://example.org/")]


def test_code_flag_is_a_metric_only_without_a_code_link() -> None:
    flagged = paper_view(Paper(title="T", code=True))
    assert [m["text"] for m in flagged["metrics"]] == ["Code available"]
    linked = paper_view(Paper(title="T", code=True, links=["https://github.com/a/b"]))
    assert "metrics" not in linked and linked["actions"][0]["label"] == "Code"


def test_inferred_year_is_a_note_under_sources() -> None:
    view = paper_view(Paper(title="T", date="2025-09-30", year_inferred=True, sources=[HF]))
    assert view["date"] == {"iso": "2025-09-30", "text": "30 Sep 2025", "url": "years/2025/"}
    assert view["provenance"]["notes"] == ["The listing gave no year; 2025 is inferred from the day the listing was captured."]
    assert view["provenance"]["sightings"] == ["Seen on Hugging Face Daily Papers, captured 26 Dec 2025"]
