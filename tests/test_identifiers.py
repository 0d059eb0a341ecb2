"""arXiv ids and DOIs: recognised in listing text, normalised, used for dedupe, abs/PDF links and citation meta tags."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.identifiers import find_arxiv_ids, find_dois, normalise_doi, text_identifiers
from generator.importer import import_listings
from generator.store import load_store
from generator.models import Paper
from sitebuild import fixture_site, write_store

TODAY = dt.date(2025, 12, 1)
LONG = " We describe the method in detail, compare it with strong baselines on several benchmarks, and discuss its limitations at length."


@pytest.mark.parametrize("text,expected", [
    ("see arXiv:2106.01234v2.", ["2106.01234"]),
    ("https://arxiv.org/abs/2106.01234v3 and https://arxiv.org/pdf/2106.01234v1.pdf", ["2106.01234"]),
    ("old style arXiv:hep-th/9901001", ["hep-th/9901001"]),
    ("a number 2106.01234 alone is not an id", []),
])
def test_arxiv_ids_in_text(text: str, expected: list[str]) -> None:
    assert find_arxiv_ids(text) == expected


def test_dois_in_text_and_normalised() -> None:
    assert find_dois("Published: https://doi.org/10.1038/Nature14539. Also doi:10.1145/3292500.3330701,") == [
        "10.1038/nature14539", "10.1145/3292500.3330701"]
    assert normalise_doi("https://dx.doi.org/10.1038/NATURE14539") == "10.1038/nature14539"
    assert normalise_doi("not a doi") is None
    # two ids in one text: it cites other work, so none is taken as the paper's own
    assert text_identifiers(["arXiv:2106.01234 builds on arXiv:1706.03762"]) == (None, None)


def test_import_takes_ids_from_listing_text_and_dedupes_by_them(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", {"known": Paper(
        title="Attention Is All You Need", authors=["Ashish Vaswani"], date="2017-06-12", arxiv="1706.03762",
        abstract="The dominant sequence transduction models.")})
    listing = tmp_path / "listing.txt"
    listing.write_text("Goto\n\nCollaborating Authors\n\n Rote Learning\n\n\n" + "\n\n".join([
        "The Transformer Paper, Retitled", "arXiv.org Machine Learning",
        "Same paper under another title: https://arxiv.org/abs/1706.03762v5 (version 5)." + LONG,
        "A Brand New Paper", "arXiv.org Machine Learning",
        "We study things. Code and paper: https://doi.org/10.5555/New.Paper.1 for details." + LONG]) + "\n", "utf-8")
    report = import_listings([listing], content, TODAY, today=TODAY)
    stored = {item.slug: item.paper for item in load_store(content)}
    assert report.merged == 1 and report.new == 1
    assert stored["known"].title == "Attention Is All You Need" and len(stored["known"].sources) == 1
    new = next(paper for slug, paper in stored.items() if slug != "known")
    assert new.doi == "10.5555/new.paper.1" and new.arxiv is None


def test_paper_page_has_abs_pdf_links_and_citation_meta() -> None:
    soup = fixture_site().html("papers/attention-is-all-you-need")
    assert soup.select_one("a.pa-arxiv-abs")["href"] == "https://arxiv.org/abs/1706.03762"
    assert soup.select_one("a.pa-arxiv-pdf")["href"] == "https://arxiv.org/pdf/1706.03762"
    meta = {tag["name"]: tag["content"] for tag in soup.select("meta[name^=citation_]")}
    assert meta["citation_arxiv_id"] == "1706.03762"
    assert meta["citation_pdf_url"] == "https://arxiv.org/pdf/1706.03762"
    doi = {tag["name"]: tag["content"] for tag in fixture_site().html("papers/deep-learning").select("meta[name^=citation_]")}
    assert doi["citation_doi"] == "10.1038/nature14539" and "citation_pdf_url" not in doi
