"""Citation exports: BibTeX, RIS and CSL-JSON per paper, bulk .bib/.ris per topic, author and year, read back by real parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy

from generator.models import Paper
from generator.render import generate_docs
from sitebuild import SITE_URL, XSS_TITLE, fixture_papers, fixture_site, write_store

PAPERS = fixture_papers()
SPECIAL = r"100% of {braces}, $5 & #1 under_score ~tilde^caret \backslash"
UNLATEX = {r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\textbackslash{}": "\\"}


def unlatex(text: str) -> str:
    """Undo bibtex_escape: the inverse a LaTeX reader applies."""
    for escaped, char in UNLATEX.items():
        text = text.replace(escaped, char)
    return re.sub(r"\\([&%$#_{}])", r"\1", text)


def parse_bib(source: Path | str):
    library = bibtexparser.parse_string(source.read_text("utf-8") if isinstance(source, Path) else source)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library.entries


def test_every_paper_has_three_citation_files_linked_from_its_page() -> None:
    site = fixture_site()
    for slug in PAPERS:
        links = {a["data-format"]: a["href"] for a in site.html(f"papers/{slug}").select(".pa-cite .pa-exports a[download]")}
        assert links == {"BibTeX": f"../{slug}.bib", "RIS": f"../{slug}.ris", "CSL-JSON": f"../{slug}.csl.json"}
        for href in links.values():
            assert (site.site / "papers" / slug / href).is_file()


def test_bibtex_round_trips_titles_authors_and_identifiers() -> None:
    site = fixture_site()
    for slug, paper in PAPERS.items():
        [entry] = parse_bib(site.site / f"papers/{slug}.bib")
        fields = {field.key: field.value for field in entry.fields}
        assert unlatex(fields["title"].strip("{}")) == " ".join(paper.title.split())
        if paper.authors:
            names = [unlatex(name) for name in fields["author"].split(" and ")]
            assert names == paper.authors + (["others"] if paper.authors_truncated else [])
        assert fields["url"] == SITE_URL + f"papers/{slug}/"
    [entry] = parse_bib(site.site / "papers/attention-is-all-you-need.bib")
    assert entry.key == "vaswani2017attention" and entry["eprint"] == "1706.03762"
    [entry] = parse_bib(site.site / "papers/deep-learning.bib")
    assert entry["doi"] == "10.1038/nature14539"


def test_bibtex_escapes_every_special_character(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", {"special": Paper(title=SPECIAL, authors=["Zoë {Ø} O'Brien"],
                                                                  date="2021-03", abstract="x")})
    generate_docs(content, tmp_path / "docs", SITE_URL)
    text = (tmp_path / "docs/papers/special.bib").read_text()
    assert text.count("{") == text.count("}")
    [entry] = parse_bib(tmp_path / "docs/papers/special.bib")
    assert unlatex(entry["title"].strip("{}")) == SPECIAL
    assert unlatex(entry["author"]) == "Zoë {Ø} O'Brien"
    assert entry["month"] == "mar"


def test_ris_and_csl_json_round_trip() -> None:
    site = fixture_site()
    for slug, paper in PAPERS.items():
        [record] = rispy.loads((site.site / f"papers/{slug}.ris").read_text("utf-8"))
        assert record["title"] == " ".join(paper.title.split())
        assert record.get("authors", []) == paper.authors
        assert record.get("keywords", []) == paper.topics
        [item] = json.loads((site.site / f"papers/{slug}.csl.json").read_text("utf-8"))
        assert item["title"] == paper.title and item["URL"] == SITE_URL + f"papers/{slug}/"
        if paper.date:
            assert item["issued"]["date-parts"][0] == [int(part) for part in paper.date.split("-")]
    [record] = rispy.loads((site.site / "papers/xss.ris").read_text("utf-8"))
    assert record["title"] == XSS_TITLE and record["abstract"].startswith("<script>")
    [item] = json.loads((site.site / "papers/deep-learning.csl.json").read_text())
    assert item["DOI"] == "10.1038/nature14539" and item["author"][0] == {"family": "LeCun", "given": "Yann"}


@pytest.mark.parametrize("page,slugs", [
    ("topics/transformers", ["vision-transformer", "attention-is-all-you-need", "deep-learning"]),
    ("years/2017", ["attention-is-all-you-need"]),
])
def test_bulk_exports_of_topic_and_year_pages(page: str, slugs: list[str]) -> None:
    site = fixture_site()
    links = {a.get_text(): a["href"] for a in site.html(page).select(".pa-exports a")}
    key = page.split("/")[1]
    assert links["BibTeX (.bib)"] == f"{key}.bib" and links["RIS (.ris)"] == f"{key}.ris"
    entries = parse_bib(site.site / page / f"{key}.bib")
    records = rispy.loads((site.site / page / f"{key}.ris").read_text("utf-8"))
    titles = [PAPERS[slug].title for slug in slugs]
    assert [unlatex(entry["title"].strip("{}")) for entry in entries] == titles
    assert [record["title"] for record in records] == titles
    assert len({entry.key for entry in entries}) == len(entries)


def assembled_export(site_dir: Path, page_html, format: str) -> str:
    """What paper-exports.js offers: the listed papers' own files, in page order, joined by a newline."""
    slugs = [a["href"].rstrip("/").split("/")[-1] for a in page_html.select(".pa-papers .pa-paper-entry__title")]
    return "\n".join((site_dir / "papers" / f"{slug}.{format}").read_text("utf-8") for slug in slugs)


def test_author_pages_assemble_bulk_exports_from_their_papers_files() -> None:
    """Per-author copies would repeat every paper ~6 times; the page's script joins the papers' files instead."""
    site = fixture_site()
    html = site.html("authors/yann-lecun")
    links = {a["data-format"]: a["data-filename"] for a in html.select(".pa-exports a.pa-assemble")}
    assert links == {"bib": "yann-lecun.bib", "ris": "yann-lecun.ris"}
    assert html.select_one('script[src$="assets/javascripts/paper-exports.js"]') is not None
    assert not list((site.site / "authors").rglob("*.bib")) and not list((site.site / "authors").rglob("*.ris"))
    titles = [PAPERS[slug].title for slug in ("deep-learning", "gradient-based-learning")]
    entries = parse_bib(assembled_export(site.site, html, "bib"))
    assert [unlatex(entry["title"].strip("{}")) for entry in entries] == titles
    assert [record["title"] for record in rispy.loads(assembled_export(site.site, html, "ris"))] == titles


def test_assembled_exports_are_byte_identical_to_the_generators_bulk_file() -> None:
    """The joining rule in paper-exports.js is the one bulk_exports uses for topics and years."""
    site = fixture_site()
    html = site.html("topics/transformers")
    for format in ("bib", "ris"):
        assert assembled_export(site.site, html, format) == (site.site / f"topics/transformers/transformers.{format}").read_text("utf-8")
