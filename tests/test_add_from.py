"""`papers add --bibtex/--ris/--csl FILE|-`, and `--arxiv`/`--doi` alone saying what to pass until lookups exist."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.check import check_store
from generator.cli import main
from generator.store import load_store

DATA = Path(__file__).parent / "data" / "formats"
SCHOLAR = """@inproceedings{vaswani2017attention,
  title={Attention is all you need},
  author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N and Kaiser, {\\L}ukasz and Polosukhin, Illia},
  booktitle={Advances in neural information processing systems},
  volume={30},
  year={2017}
}
"""


def run_add(content: Path, *args: str, stdin: str = "") -> object:
    return CliRunner().invoke(main, ["add", "--content", str(content), *args], input=stdin)


def test_pasted_google_scholar_bibtex(content_dir):
    result = run_add(content_dir, "--bibtex", "-", stdin=SCHOLAR)
    assert result.exit_code == 0, result.output
    path = content_dir / "papers" / "attention-is-all-you-need.md"
    assert f"wrote {path}" in result.output
    (item,) = load_store(content_dir)
    assert item.paper.authors[6] == "Łukasz Kaiser" and item.paper.date == "2017"
    (source,) = item.paper.sources  # what the entry said, the venue included (Zotero's item type reads it)
    assert (source.listing, source.format, source.venue) == ("papers add --bibtex", "bibtex",
                                                            "Advances in neural information processing systems")
    assert check_store(content_dir)[0] == []


def test_a_bib_file_adds_every_entry_and_check_accepts_them(content_dir, tmp_path):
    bib = tmp_path / "mine.bib"
    bib.write_text(SCHOLAR + "@misc{b, title={Second Paper: {\\\"U}ber Alles}, author={Ren, Jie}, year=2024,"
                   " eprint={2401.00001}, archivePrefix={arXiv}, doi={10.1000/XYZ}}\n", "utf-8")
    result = run_add(content_dir, "--bibtex", str(bib))
    assert result.exit_code == 0, result.output
    papers = {item.paper.title: item.paper for item in load_store(content_dir)}
    second = papers["Second Paper: Über Alles"]
    assert (second.authors, second.arxiv, second.doi) == (["Jie Ren"], "2401.00001", "10.1000/xyz")
    assert check_store(content_dir)[0] == []


def test_ris_and_csl(content_dir, tmp_path):
    ris = tmp_path / "one.ris"
    ris.write_text("TY  - JOUR\nTI  - Deep learning\nAU  - LeCun, Yann\nAU  - Bengio, Yoshua\nPY  - 2015\n"
                   "DO  - 10.1038/nature14539\nER  - \n", "utf-8")
    assert run_add(content_dir, "--ris", str(ris)).exit_code == 0
    csl = tmp_path / "one.json"
    csl.write_text(json.dumps([{"type": "article", "title": "Long Short-Term Memory", "author": [
        {"family": "Hochreiter", "given": "Sepp"}], "issued": {"date-parts": [[1997, 11]]}}]), "utf-8")
    assert run_add(content_dir, "--csl", str(csl)).exit_code == 0
    papers = {item.paper.title: item.paper for item in load_store(content_dir)}
    assert papers["Deep learning"].authors == ["Yann LeCun", "Yoshua Bengio"]
    assert papers["Long Short-Term Memory"].date == "1997-11"


def test_duplicates_and_bad_entries_write_nothing(bundled_content):
    before = sorted(path.name for path in (bundled_content / "papers").iterdir())
    # The Zotero library holds BERT twice (preprint and conference paper) and papers already in the store.
    result = run_add(bundled_content, "--ris", str(DATA / "zotero-library.ris"))
    assert result.exit_code == 1
    assert "zotero-library.ris:55: title: " in result.output and "already holds this paper (the same title)" in result.output
    assert "exploring-memorization-in-fine-tuned-language-models.md already holds this paper" in result.output
    result = run_add(bundled_content, "--bibtex", str(DATA / "malformed" / "no-title.txt"))
    assert result.exit_code == 1 and "no-title.txt:1: title: the entry has no title" in result.output
    assert sorted(path.name for path in (bundled_content / "papers").iterdir()) == before


def test_the_wrong_format_flag_says_so(content_dir):
    result = run_add(content_dir, "--ris", "-", stdin=SCHOLAR)
    assert result.exit_code == 1 and "does not look like ris" in result.output
    result = run_add(content_dir, "--bibtex", "-", "--title", "X", stdin=SCHOLAR)
    assert result.exit_code == 2 and "without --title" in result.output


def test_arxiv_or_doi_without_the_network_says_what_to_pass(content_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default cache, .paper-archive-cache/, is looked for here
    monkeypatch.delenv("PAPER_ARCHIVE_CONTACT", raising=False)  # no contact address: no request is sent
    result = run_add(content_dir, "--arxiv", "https://arxiv.org/abs/1706.03762v7")
    assert result.exit_code == 1
    assert "papers add --arxiv 1706.03762: arXiv could not be asked: " in result.output
    assert "PAPER_ARCHIVE_CONTACT" in result.output
    assert "https://arxiv.org/abs/1706.03762" in result.output and "papers add --bibtex -" in result.output
    result = run_add(content_dir, "--doi", "doi:10.1038/nature14539")
    assert result.exit_code == 1 and "https://doi.org/10.1038/nature14539" in result.output
    assert not (content_dir / "papers").exists()


def test_arxiv_id_alone_fills_every_field_from_arxiv(content_dir, tmp_path, monkeypatch):
    from enrich_support import Replay, make_fetcher

    from generator import add_from

    monkeypatch.setattr(add_from, "lookup_fetcher", lambda: make_fetcher(tmp_path / "cache", Replay("arxiv")))
    result = run_add(content_dir, "--arxiv", "arXiv:2405.99006v1", "--topic", "Retrieval")
    assert result.exit_code == 0, result.output
    (item,) = load_store(content_dir)
    paper = item.paper
    assert result.output.startswith(f"wrote {item.path}")
    assert (paper.title, paper.arxiv, paper.date, paper.arxiv_category, paper.topics) == (
        "Tokenizer-Free Retrieval at Scale", "2405.99006", "2024-05-02", "cs.IR", ["Retrieval"])
    assert paper.authors[3] == "佐藤 花子" and paper.links == ["https://arxiv.org/pdf/2405.99006"]
    assert [(source.format, source.listing) for source in paper.sources] == [
        ("arxiv-api", "https://arxiv.org/abs/2405.99006")]
    assert check_store(content_dir)[0] == []
    again = run_add(content_dir, "--arxiv", "2405.99006")  # the cache answers; the paper is already here
    assert again.exit_code == 1 and "already holds this paper" in again.output


def test_doi_alone_fills_every_field_from_semantic_scholar(content_dir, tmp_path, monkeypatch):
    from enrich_support import Replay, make_fetcher

    from generator import add_from

    monkeypatch.setattr(add_from, "lookup_fetcher",
                        lambda: make_fetcher(tmp_path / "cache", Replay("semantic-scholar")))
    result = run_add(content_dir, "--doi", "https://doi.org/10.99999/EXAMPLE.vision.3")
    assert result.exit_code == 0, result.output
    (item,) = load_store(content_dir)
    assert (item.paper.title, item.paper.doi, item.paper.arxiv) == (
        "Seeing Through Fog with Event Cameras", "10.99999/example.vision.3", "2310.99008")
    unknown = run_add(content_dir, "--doi", "10.99999/unknown.1")
    assert unknown.exit_code == 1
    assert "Semantic Scholar knows no paper with this DOI" in unknown.output and "--bibtex" in unknown.output


def test_title_with_doi_sets_the_doi(content_dir):
    result = run_add(content_dir, "--title", "Deep learning", "--doi", "https://doi.org/10.1038/NATURE14539",
                     "--abstract", "x")
    assert result.exit_code == 0, result.output
    (item,) = load_store(content_dir)
    assert item.paper.doi == "10.1038/nature14539"
