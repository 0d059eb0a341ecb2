"""arXiv Atom import: an API response (multi-version ids, DOI, journal ref) and an RSS listing saved to files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.formats import parse_listing
from generator.importer import import_listings
from generator.store import load_store

DATA = Path(__file__).parent / "data" / "formats"
CAPTURED = dt.date(2025, 12, 1)


def test_api_response_entries():
    result = parse_listing(DATA / "arxiv-api-response.atom", CAPTURED)
    assert result.format == "arxiv-atom" and result.rejected == []
    assert [record.arxiv for record in result.records] == ["2310.06714", "1706.05394", "1810.04805", "hep-th/9901001"]
    exploring, closer, bert, old = result.records
    assert len(exploring.authors) == 10 and exploring.line == 10  # v1 and v2 are one record: v1's full list
    assert (exploring.date, exploring.arxiv_category, exploring.categories) == ("2023-10-10", "cs.CL", ["cs.CL", "cs.AI"])
    assert exploring.topics == [] and closer_categories(result) == ["stat.ML", "cs.LG"]
    assert exploring.abstract.startswith("Large language models (LLMs) have shown great capabilities in various "
                                         "tasks but also")  # line breaks of the API folded
    assert closer.venue.startswith("Proceedings of the 34th International Conference on Machine Learning")
    assert (bert.doi, bert.title) == ("10.18653/v1/n19-1423",
                                      "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding")
    assert old.title == "An Old-Style Identifier: $N=2$ Gauge Theory on a Lattice" and "$\\mathcal{N}=2$" in old.abstract
    assert old.authors == ["Anna Erdős"]


def closer_categories(result) -> list[str]:
    return result.records[1].categories


def test_rss_listing(tmp_path):
    rss = tmp_path / "cs.LG.xml"
    rss.write_text("""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.LG updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.LG</link>
    <description>cs.LG updates on the arXiv.org e-print archive.</description>
    <item>
      <title>Rote Learning Revisited</title>
      <link>https://arxiv.org/abs/2412.01234</link>
      <description>arXiv:2412.01234v1 Announce Type: new
Abstract: We revisit rote learning.</description>
      <guid isPermaLink="false">oai:arXiv.org:2412.01234v1</guid>
      <category>cs.LG</category>
      <category>cs.AI</category>
      <pubDate>Tue, 03 Dec 2024 00:00:00 -0500</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Ada Lovelace, Alan Turing</dc:creator>
    </item>
  </channel>
</rss>
""", "utf-8")
    (record,) = parse_listing(rss, CAPTURED).records
    assert (record.title, record.authors, record.arxiv, record.date, record.abstract) == (
        "Rote Learning Revisited", ["Ada Lovelace", "Alan Turing"], "2412.01234", "2024-12-03", "We revisit rote learning.")


def test_merges_with_the_bib_and_the_store(bundled_content):
    import_listings([DATA / "library.bib"], bundled_content, CAPTURED)
    report = import_listings([DATA / "arxiv-api-response.atom"], bundled_content, CAPTURED)
    assert (report.read, report.new, report.rejected) == (4, 1, [])  # only the hep-th entry is new
    papers = {item.paper.arxiv: item.paper for item in load_store(bundled_content) if item.paper.arxiv}
    assert papers["1810.04805"].doi == "10.18653/v1/n19-1423"
    exploring = papers["2310.06714"]
    assert exploring.arxiv_category == "AI" and "cs.AI" not in exploring.topics  # the paper keeps what it had
    assert (exploring.sources[-1].format, exploring.sources[-1].categories) == ("arxiv-atom", ["cs.CL", "cs.AI"])


def test_api_errors_and_cut_files_give_file_line(content_dir):
    import pytest

    from generator.errors import InputError

    malformed = DATA / "malformed"
    for name, expected in (("arxiv-error.atom", "arxiv-error.atom:10: entry: the arXiv API returned an error: "
                                                "incorrect id format for 1234.12345"),
                           ("truncated.atom", "truncated.atom:59: feed: not well-formed XML")):
        with pytest.raises(InputError) as caught:
            import_listings([malformed / name], content_dir, CAPTURED)
        (problem,) = caught.value.problems
        assert str(problem).replace(f"{malformed}/", "").startswith(expected)
    assert not list(content_dir.rglob("*.md"))


def test_old_rss_listing_with_html_authors_and_title_suffix():
    """arXiv's RSS 1.0 listings (until 2024): authors as HTML links, '(arXiv:ID [cat])' after the title."""
    (record,) = parse_listing(DATA / "arxiv-rss-2023.rdf", CAPTURED).records
    assert (record.title, record.authors, record.arxiv, record.arxiv_category, record.abstract) == (
        "Exploring Memorization in Fine-tuned Language Models", ["Shenglai Zeng", "Yaxin Li"], "2310.06714",
        "cs.CL", "Large language models (LLMs) have shown great capabilities.")
    assert record.date is None  # the listing gives the day it was announced, not the paper's date
