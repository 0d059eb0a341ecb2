"""BibTeX/BibLaTeX import: a realistic papers.bib (every entry type, accents, macros, crossref, 'and others')."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.errors import InputError
from generator.formats import parse_listing
from generator.formats.latex import latex_to_text
from generator.importer import import_listings
from generator.store import load_store

DATA = Path(__file__).parent / "data" / "formats"
CAPTURED = dt.date(2025, 12, 1)


@pytest.fixture(scope="module")
def library() -> dict[str, object]:
    result = parse_listing(DATA / "library.bib", CAPTURED)
    assert result.format == "bibtex" and result.rejected == []
    return {record.title: record for record in result.records}


def test_every_entry_type_is_read(library):
    # 25 entries; the @proceedings volume that an @inproceedings crossrefs is a venue, not a paper.
    assert len(library) == 23  # BERT is there twice (arXiv @misc and NAACL @inproceedings): one title
    assert "Advances in Neural Information Processing Systems 35" not in library
    thesis = library["Training Recurrent Neural Networks"]  # @phdthesis: a school is not a venue
    assert (thesis.authors, thesis.date, thesis.venue) == (["Ilya Sutskever"], "2013", None)


def test_latex_is_decoded_and_braces_dropped(library):
    assert library["Long Short-Term Memory"].authors == ["Sepp Hochreiter", "Jürgen Schmidhuber"]
    attention = library["Attention is All you Need"]
    assert "Łukasz Kaiser" in attention.authors
    assert library["Memorisation in Neural Networks: An Empirical Study of Label Noise"].authors == [
        "François Müller", "Søren Østergaard"]
    assert "Deep Learning in Neural Networks: An Overview & Outlook" in library  # \&
    assert "Rote Learning in the 21st Century: 50% Memory, 50% Understanding" in library  # \%
    assert "A Note on Rote Learning and Erdős--Rényi Graphs" in library  # {\H{o}} and '--'
    assert "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding" in library
    assert library["Efficient BackProp"].authors[1] == "Léon Bottou"
    assert library["A Note on Rote Learning and Erdős--Rényi Graphs"].authors == [
        "Anna Erdős", "María de la Fuente", "Jan van der Berg"]
    assert library["PyTorch Documentation: torch.nn & torch.optim"].authors == ["The PyTorch Foundation"]


def test_math_stays_tex_and_macros_become_text(library):
    vardi = library["On the Optimal Memorization Power of ReLU Neural Networks"].abstract
    assert "$\\tilde{O}\\left(\\sqrt{N}\\right)$" in vardi and "$\\Omega(\\sqrt{N})$" in vardi
    feldman = library["Does Learning Require Memorization? A Short Tale about a Long Tail"].abstract
    assert "memorization of labels is necessary for" in feldman  # \emph{...} is text
    assert latex_to_text(r"{\"u}ber \& {BERT} $x^2$") == "über & BERT $x^2$"


def test_string_macros_crossref_and_months(library):
    assert library["Attention is All you Need"].venue == "Advances in Neural Information Processing Systems 30"
    tirumala = library["Memorization Without Overfitting: Analyzing the Training Dynamics of Large Language Models"]
    assert (tirumala.date, tirumala.venue) == ("2022", "Advances in Neural Information Processing Systems 35")
    months = {title: library[title].date for title in (
        "Deep learning", "Long Short-Term Memory", "Adam: A Method for Stochastic Optimization",
        "A Closer Look at Memorization in Deep Networks",
        "Rote Learning in the 21st Century: 50% Memory, 50% Understanding")}
    assert months == {"Deep learning": "2015-05", "Long Short-Term Memory": "1997-11",
                      "Adam: A Method for Stochastic Optimization": "2014-12",
                      "A Closer Look at Memorization in Deep Networks": "2017-08",
                      "Rote Learning in the 21st Century: 50% Memory, 50% Understanding": "2020-03"}
    assert library["Exploring Memorization in Fine-tuned Language Models"].date == "2023-10-10"  # BibLaTeX date


def test_identifiers_topics_and_truncation(library):
    assert library["Deep learning"].doi == "10.1038/nature14539"
    assert library["Long Short-Term Memory"].doi == "10.1162/neco.1997.9.8.1735"  # from a doi.org URL
    adam = library["Adam: A Method for Stochastic Optimization"]
    assert (adam.arxiv, adam.arxiv_category) == ("1412.6980", "cs.LG")
    exploring = library["Exploring Memorization in Fine-tuned Language Models"]
    assert (exploring.arxiv, exploring.arxiv_category, len(exploring.authors)) == ("2310.06714", "cs.CL", 10)
    assert library["Deep learning"].topics == ["deep learning", "representation learning"]
    assert library["Attention is All you Need"].topics == ["transformers", "attention"]
    carlini = library["Extracting Training Data from Large Language Models"]
    assert carlini.authors_truncated and carlini.authors[-1] == "Matthew Jagielski"


def test_import_merges_with_the_store(bundled_content):
    before = {item.slug: item.paper for item in load_store(bundled_content)}
    report = import_listings([DATA / "library.bib"], bundled_content, CAPTURED)
    after = {item.slug: item.paper for item in load_store(bundled_content)}
    assert report.read == 24 and report.rejected == []
    # BERT twice is one paper (same title); two papers of the bib were in the store already.
    assert (report.new, report.merged) == (21, 3)
    exploring = after["exploring-memorization-in-fine-tuned-language-models"]
    assert len(exploring.authors) == 10 and not exploring.authors_truncated  # full list beats truncated
    assert exploring.arxiv == "2310.06714" and exploring.date == "2023-10-10"
    assert [source.format for source in exploring.sources][-1] == "bibtex"
    auc = after["optimizing-what-matters-auc-driven-learning-for-robust-neural-retrieval"]
    assert before["optimizing-what-matters-auc-driven-learning-for-robust-neural-retrieval"].year_inferred
    assert (auc.date, auc.year_inferred) == ("2025-09-30", False)  # stated year, listing's day kept
    assert {source.format for source in auc.sources} == {"hf-daily-papers", "bibtex"}
    bert = after["bert-pre-training-of-deep-bidirectional-transformers-for-language-understanding"]
    assert (bert.arxiv, bert.doi, len(bert.sources)) == ("1810.04805", "10.18653/v1/n19-1423", 2)
    again = import_listings([DATA / "library.bib"], bundled_content, CAPTURED)
    assert (again.unchanged, again.written) == (24, [])


def test_a_stated_year_replaces_a_guessed_one(content_dir, tmp_path):
    listing = tmp_path / "hf.txt"
    listing.write_text("Daily Papers\nA Paper Seen Without Its Year\n" + "An abstract sentence. " * 20
                       + "\n\n· 3 authors\n·\nMar 3\n", "utf-8")
    import_listings([listing], content_dir, dt.date(2025, 11, 6))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x, title={A Paper Seen Without Its Year}, year=2024, month=mar}\n", "utf-8")
    import_listings([bib], content_dir, CAPTURED)
    (item,) = load_store(content_dir)
    assert (item.paper.date, item.paper.year_inferred) == ("2024-03-03", False)
    assert [(source.date, source.year_inferred) for source in item.paper.sources] == [
        ("2025-03-03", True), ("2024-03", False)]


def test_a_bib_named_txt_is_still_bibtex(tmp_path):
    renamed = tmp_path / "my-papers.txt"
    shutil.copy(DATA / "library.bib", renamed)
    assert parse_listing(renamed, CAPTURED).format == "bibtex"


@pytest.mark.parametrize("name, expected", [
    ("unclosed-brace.bib", ["unclosed-brace.bib:7: entry: '@article{broken2021,': unclosed brace"]),
    ("unknown-type.bib", ["unknown-type.bib:6: entry type: '@journalpaper' is not a BibTeX"]),
    ("no-title.txt", ["no-title.txt:1: title: the entry has no title", "no-title.txt:10: month: 'Smarch' is not"]),
    ("bad-fields.bib", ["bad-fields.bib:5: month: 'Smarch' is not a month", "bad-fields.bib:11: crossref: entry "
                        "'orphan2022' refers to 'nowhere2022', which is not in the file",
                        "bad-fields.bib:16: year: '2999' is in the future"]),
])
def test_malformed_files_give_file_line_and_nothing_is_written(content_dir, name, expected):
    path = DATA / "malformed" / name
    with pytest.raises(InputError) as caught:
        import_listings([path], content_dir, CAPTURED)
    messages = [str(problem).replace(str(DATA / "malformed") + "/", "") for problem in caught.value.problems]
    assert len(messages) == len(expected)
    assert all(message.startswith(prefix) for message, prefix in zip(messages, expected))
    assert not (content_dir / "papers").exists() or not list((content_dir / "papers").iterdir())
    report = import_listings([path], content_dir, CAPTURED, keep_going=True)
    assert len(report.rejected) == len(expected) and report.new == report.read - len(expected)


def test_keywords_become_topics_unless_told_not_to(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    for flag, expected in (("--keyword-topics", ["deep learning", "representation learning"]),
                           ("--no-keyword-topics", [])):
        content = tmp_path / flag
        result = CliRunner().invoke(main, ["import", "--content", str(content), flag, str(DATA / "library.bib")])
        assert result.exit_code == 0, result.output
        assert "library.bib: bibtex, 24 records" in result.output
        papers = {item.paper.title: item.paper for item in load_store(content)}
        assert papers["Deep learning"].topics == expected


@pytest.mark.parametrize("stated, mentioned", [
    ("eprint = {2401.01234v3}, archivePrefix = {arXiv}", "Code and paper: https://arxiv.org/abs/2401.01234"),
    ("doi = {10.5555/ABC.123}", "Published at https://doi.org/10.5555/abc.123 ."),
])
def test_a_sighting_and_an_entry_with_the_same_identifier_are_one_paper(content_dir, tmp_path, stated, mentioned):
    listing = tmp_path / "hf.txt"
    listing.write_text("Daily Papers\nSparse Routers at Scale\n" + "An abstract sentence. " * 20 + mentioned
                       + "\n\n· 3 authors\n·\nMar 3\n", "utf-8")
    import_listings([listing], content_dir, dt.date(2025, 11, 6))
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{x, title = {Sparse Routers at Scale: Extended Version}, author = {Lovelace, Ada and "
                   "Turing, Alan and Hopper, Grace}, year = 2024, " + stated + "}\n", "utf-8")
    report = import_listings([bib], content_dir, CAPTURED)
    assert (report.new, report.merged) == (0, 1)
    (item,) = load_store(content_dir)
    assert item.paper.title == "Sparse Routers at Scale"  # the paper keeps its title; the source keeps the other
    assert item.paper.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"] and item.paper.date == "2024-03-03"
    assert [source.title for source in item.paper.sources] == ["Sparse Routers at Scale",
                                                              "Sparse Routers at Scale: Extended Version"]


def test_url_doi_and_eprint_are_read_verbatim(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{x, title = {Verbatim Fields}, url = {https://example.org/a%20b_c?q=%7Bx%7D},\n"
                   "  doi = {10.1007/978-3-642-35289-8_3}, eprint = {hep-th/9901001}, archivePrefix = {arXiv}}\n", "utf-8")
    (record,) = parse_listing(bib, CAPTURED).records
    assert record.links == ["https://example.org/a%20b_c?q=%7Bx%7D"]  # '%' is no LaTeX comment in a URL
    assert (record.doi, record.arxiv) == ("10.1007/978-3-642-35289-8_3", "hep-th/9901001")
