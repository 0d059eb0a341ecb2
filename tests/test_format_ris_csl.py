"""RIS and CSL-JSON import: a Zotero export of library.bib's library gives the same papers; broken files give file:line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.formats import parse_listing
from generator.importer import import_listings
from generator.store import load_store

DATA = Path(__file__).parent / "data" / "formats"
CAPTURED = dt.date(2025, 12, 1)
COMPARED = ("title", "authors", "date", "arxiv", "doi", "topics", "abstract")


def papers(content: Path) -> dict[str, tuple]:
    """title -> the fields a bibliographic format carries, for every paper of a store."""
    return {item.paper.title: tuple(getattr(item.paper, name) for name in COMPARED) for item in load_store(content)}


@pytest.mark.parametrize("name, format_name", [("zotero-library.ris", "ris"), ("zotero-library.json", "csl-json")])
def test_zotero_exports_are_detected_and_read(name, format_name):
    result = parse_listing(DATA / name, CAPTURED)
    assert (result.format, len(result.records), result.rejected) == (format_name, 24, [])
    by_title = {record.title: record for record in result.records}
    lecun = by_title["Deep learning"]
    assert (lecun.authors, lecun.date, lecun.doi, lecun.venue) == (
        ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"], "2015-05", "10.1038/nature14539", "Nature")
    assert lecun.topics == ["deep learning", "representation learning"]
    assert by_title["A Note on Rote Learning and Erdős--Rényi Graphs"].authors == [
        "Anna Erdős", "María de la Fuente", "Jan van der Berg"]  # 'de la Fuente, María' -> given first
    assert by_title["Adam: A Method for Stochastic Optimization"].arxiv == "1412.6980"
    assert by_title["PyTorch Documentation: torch.nn & torch.optim"].authors == ["The PyTorch Foundation"]


def test_bib_ris_and_csl_of_one_library_are_the_same_papers(tmp_path):
    stores = {}
    for name in ("library.bib", "zotero-library.ris", "zotero-library.json"):
        content = tmp_path / name
        content.mkdir()
        report = import_listings([DATA / name], content, CAPTURED)
        assert (report.read, report.new, report.rejected) == (24, 23, [])
        stores[name] = papers(content)
    bib, ris, csl = stores.values()
    assert ris == csl
    # RIS and CSL-JSON cannot say 'and others' (Zotero keeps the named authors only); everything else agrees.
    assert bib == ris


@pytest.mark.parametrize("name, expected", [
    ("no-er.ris", ["no-er.ris:7: ER: record has no 'ER  - ' line"]),
    ("not-a-list.json", ["not-a-list.json:2: items: CSL-JSON is a list of items"]),
    ("broken-item.json", ["broken-item.json:8: title: the entry has no title"]),
    ("bad-dates.ris", ["bad-dates.ris:9: PY: '20x0' is not a four-digit year",
                       "bad-dates.ris:14: DA: '13' is not a month"]),
])
def test_malformed_files_give_file_line(content_dir, name, expected):
    with pytest.raises(InputError) as caught:
        import_listings([DATA / "malformed" / name], content_dir, CAPTURED)
    messages = [str(problem).replace(str(DATA / "malformed") + "/", "") for problem in caught.value.problems]
    assert len(messages) == len(expected)
    assert all(message.startswith(prefix) for message, prefix in zip(messages, expected))
    assert not list(content_dir.rglob("*.md"))


def test_json_that_is_not_json_reports_its_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"title": "A", "type": "article"},\n  {"title": "B" "type": "article"}\n]\n', "utf-8")
    with pytest.raises(InputError) as caught:
        import_listings([path], tmp_path / "c", CAPTURED)
    assert str(caught.value.problems[0]).startswith(f"{path}:3: JSON: Expecting ','")


def test_keywords_and_titles_of_control_characters_alone_are_not_imported(tmp_path):
    """A keyword that shows nothing (every output drops the control characters XML cannot carry) is left out;
    an item whose title shows nothing is reported like an item with no title."""
    import json

    listing = tmp_path / "library.json"
    listing.write_text(json.dumps([
        {"id": "a", "type": "article-journal", "title": "Graphs Everywhere", "author": [{"family": "Lovelace",
         "given": "Ada"}], "issued": {"date-parts": [[2024]]}, "keyword": "\b, Graphs, \u001f "},
        {"id": "b", "type": "article-journal", "title": "\u001b", "issued": {"date-parts": [[2024]]}},
    ]), "utf-8")
    report = import_listings([listing], tmp_path / "content", CAPTURED, keep_going=True)
    assert (report.new, [(problem.field, problem.message) for problem in report.rejected]) == (
        1, [("title", "the entry has no title: add one (an entry with no title is not imported)")])
    [stored] = load_store(tmp_path / "content")
    assert stored.paper.topics == ["Graphs"]
