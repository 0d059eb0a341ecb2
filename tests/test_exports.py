"""Citation exports: BibTeX, RIS and CSL-JSON per paper, bulk .bib/.ris per topic, author and year, read back by real parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import extruct
import pytest
import rispy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import output_readers
from generator.models import Paper, Source
from generator.render import generate_docs
from generator.render.citation import bibtex_escape, bibtex_name
from generator.render.person_names import family_first, split_name
from sitebuild import SITE_URL, XSS_TITLE, fixture_papers, fixture_site, write_store

PAPERS = fixture_papers()
SPECIAL = r"100% of {braces}, $5 & #1 under_score ~tilde^caret \backslash"
UNLATEX = {r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\textbackslash{}": "\\",
           r"\textbraceleft{}": "{", r"\textbraceright{}": "}"}


def unlatex(text: str) -> str:
    """Undo bibtex_escape: the inverse a LaTeX reader applies (every escape it writes, lone braces too)."""
    return re.sub(r"\\textasciitilde\{\}|\\textasciicircum\{\}|\\textbackslash\{\}|\\textbrace(?:left|right)\{\}|\\([&%$#_{}])",
                  lambda m: m.group(1) or UNLATEX[m.group(0)], text)


def parse_bib(source: Path | str):
    """The entries of a .bib file or text, read with bibtexparser 2 without decoding (no failed block)."""
    return output_readers.parse_bib(source.read_text("utf-8") if isinstance(source, Path) else source, decode=False)


def test_every_paper_has_three_citation_files_linked_from_its_page() -> None:
    site = fixture_site()
    for slug in PAPERS:
        links = {a["data-format"]: a["href"] for a in site.html(f"papers/{slug}").select(".pa-cite .pa-exports a[download]")}
        assert links == {"BibTeX": f"../{slug}.bib", "RIS": f"../{slug}.ris", "CSL-JSON": f"../{slug}.csl.json"}
        for href in links.values():
            assert (site.site / "papers" / slug / href).is_file()


def test_every_output_reads_back_with_its_consumers_parser() -> None:
    """bibtexparser 2, rispy, citeproc-py, extruct and feedparser on every paper and feed of the fixture site."""
    site = fixture_site()
    names = {name for paper in PAPERS.values() for name in paper.authors}
    for slug, paper in PAPERS.items():
        url, base = SITE_URL + f"papers/{slug}/", site.site / "papers"
        output_readers.check_bibtex((base / f"{slug}.bib").read_text("utf-8"), paper, url)
        output_readers.check_ris((base / f"{slug}.ris").read_text("utf-8"), paper)
        output_readers.check_csl((base / f"{slug}.csl.json").read_text("utf-8"), paper)
        output_readers.check_page_metadata((base / slug / "index.html").read_text("utf-8"), url, paper)
    entries = [entry for feed in output_readers.site_feeds(site.site)
               for entry in output_readers.check_feed(feed.read_bytes(), names)]
    assert entries
    for page in ("", "topics/transformers", "authors/yann-lecun", "years/2017", "search"):  # other page types
        data = extruct.extract((site.site / page / "index.html").read_text("utf-8"), base_url=SITE_URL + page,
                               syntaxes=["json-ld", "opengraph", "microdata", "rdfa"])
        assert not [found for items in data.values() for item in items for found in output_readers.empty_properties(item)]


def test_bibtex_round_trips_titles_authors_and_identifiers() -> None:
    site = fixture_site()
    for slug, paper in PAPERS.items():
        [entry] = parse_bib(site.site / f"papers/{slug}.bib")
        fields = {field.key: field.value for field in entry.fields}
        assert unlatex(fields["title"][1:-1]) == " ".join(paper.title.split())
        assert fields["url"] == SITE_URL + f"papers/{slug}/"
    [entry] = parse_bib(site.site / "papers/attention-is-all-you-need.bib")
    assert entry.entry_type == "misc" and entry.key == "vaswani2017attention"
    assert (entry["eprint"], entry["archivePrefix"], entry["primaryClass"]) == ("1706.03762", "arXiv", "cs.CL")
    assert entry["author"] == "Vaswani, Ashish and Shazeer, Noam"
    [entry] = parse_bib(site.site / "papers/deep-learning.bib")
    assert entry["doi"] == "10.1038/nature14539" and entry["author"] == "LeCun, Yann and Bengio, Yoshua and others"
    [entry] = parse_bib(site.site / "papers/counted-authors.bib")
    assert "author" not in entry.fields_dict and entry["note"] == "Authors: 7, not named in the source"


def test_bibtex_escapes_every_special_character(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", {"special": Paper(title=SPECIAL, authors=["Zoë {Ø} O'Brien"],
                                                                  date="2021-03", abstract="x")})
    generate_docs(content, tmp_path / "docs", SITE_URL)
    text = (tmp_path / "docs/papers/special.bib").read_text()
    assert text.count("{") == text.count("}")
    [entry] = parse_bib(tmp_path / "docs/papers/special.bib")
    assert unlatex(entry["title"][1:-1]) == SPECIAL
    assert unlatex(entry["author"]) == "O'Brien, Zoë {Ø}"
    assert entry["month"] == "mar"
    [decoded] = output_readers.parse_bib(text)  # bibtexparser's LaTeX decoding (pylatexenc) gives the title back
    assert decoded["title"].replace("\u02c6", "^") == SPECIAL  # pylatexenc reads \textasciicircum as U+02C6


@given(st.text(alphabet=st.sampled_from(list("&%$#_{}~^\\ aZé王")), min_size=1, max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_round_trips_through_a_bibtex_field(text: str) -> None:
    """Every LaTeX special, lone braces included, comes back as written; the entry always parses."""
    source = f"@misc{{key,\n  title = {{{bibtex_escape(text)}}},\n  abstract = {{{bibtex_escape(text)}}}\n}}"
    [entry] = parse_bib(source)
    assert unlatex(entry["title"]) == unlatex(entry["abstract"]) == " ".join(text.split())


def test_urls_and_dois_are_written_verbatim(tmp_path: Path) -> None:
    """Escaping `_` or `%` in a url field breaks the link (the url package reads it verbatim)."""
    site_url = "https://example.org/my_archive/100%25/"
    content = write_store(tmp_path / "content", {"p": Paper(title="A_b", authors=["Ada Lovelace"], date="2021",
                                                            doi="10.1002/(sici)1097_x%y")})
    generate_docs(content, tmp_path / "docs", site_url)
    [entry] = parse_bib(tmp_path / "docs/papers/p.bib")
    assert (entry["url"], entry["doi"]) == (site_url + "papers/p/", "10.1002/(sici)1097_x%y")
    assert entry["title"] == r"{A\_b}"


@pytest.mark.parametrize("venue,entry_type,field,ris_type,csl_type", [
    ("Advances in Neural Information Processing Systems (NeurIPS)", "inproceedings", "booktitle", "CPAPER", "paper-conference"),
    ("Nature", "article", "journal", "JOUR", "article-journal"),
    ("arXiv.org Machine Learning", "misc", None, "GEN", "article"),
])
def test_entry_types_follow_the_venue(tmp_path: Path, venue: str, entry_type: str, field: str | None,
                                      ris_type: str, csl_type: str) -> None:
    paper = Paper(title="A Venue Paper", authors=["Ada Lovelace"], date="2023-05-01",
                  sources=[Source(listing="l.txt", format="aitopics", line=1, venue=venue)])
    content = write_store(tmp_path / "content", {"v": paper})
    generate_docs(content, tmp_path / "docs", SITE_URL)
    [entry] = parse_bib(tmp_path / "docs/papers/v.bib")
    assert entry.entry_type == entry_type
    if field:
        assert entry[field] == venue
    [record] = rispy.loads((tmp_path / "docs/papers/v.ris").read_text("utf-8"))
    assert record["type_of_reference"] == ris_type
    [item] = json.loads((tmp_path / "docs/papers/v.csl.json").read_text("utf-8"))
    assert item["type"] == csl_type and item.get("container-title") == (venue if field else None)


def test_ris_and_csl_json_round_trip() -> None:
    site = fixture_site()
    for slug, paper in PAPERS.items():
        [record] = rispy.loads((site.site / f"papers/{slug}.ris").read_text("utf-8"))
        assert record["title"] == " ".join(paper.title.split())
        assert record.get("keywords", []) == paper.topics
        [item] = json.loads((site.site / f"papers/{slug}.csl.json").read_text("utf-8"))
        assert item["title"] == paper.title and item["URL"] == SITE_URL + f"papers/{slug}/"
        if paper.date:
            assert item["issued"]["date-parts"][0] == [int(part) for part in paper.date.split("-")]
    [record] = rispy.loads((site.site / "papers/xss.ris").read_text("utf-8"))
    assert record["title"] == XSS_TITLE and record["abstract"].startswith("<script>")
    [record] = rispy.loads((site.site / "papers/deep-learning.ris").read_text("utf-8"))
    assert record["authors"] == ["LeCun, Yann", "Bengio, Yoshua"]  # RIS: Lastname, Firstname
    assert "Authors: the source named only the first 2 of 3" in record["notes"]
    [item] = json.loads((site.site / "papers/deep-learning.csl.json").read_text())
    assert item["DOI"] == "10.1038/nature14539" and item["author"][0] == {"family": "LeCun", "given": "Yann"}
    assert item["note"] == "Authors: the source named only the first 2 of 3"
    [rendered] = output_readers.render_csl([{**item, "id": "x"}])
    assert rendered.startswith("LeCun, Y. and Bengio, Y. (2015)") and "others" not in rendered
    [item] = json.loads((site.site / "papers/counted-authors.csl.json").read_text())
    assert "author" not in item and item["note"] == "Authors: 7, not named in the source"


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
    slugs = [a["href"].rstrip("/").split("/")[-1] for a in page_html.select(".pa-papers > li > a")]
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


@pytest.mark.parametrize("name,family,given,suffix,ris", [
    ("Jie Ren", "Ren", "Jie", "", "Ren, Jie"),
    ("Johannes van der Waals", "van der Waals", "Johannes", "", "van der Waals, Johannes"),
    ("Martin Luther King Jr.", "King", "Martin Luther", "Jr.", "King, Martin Luther, Jr."),
    ("Martin Luther King, Jr.", "King", "Martin Luther", "Jr.", "King, Martin Luther, Jr."),
    ("Lovelace, Ada", "Lovelace", "Ada", "", "Lovelace, Ada"),
    ("王小明", None, "", "", "王小明"),
    ("Mallory", None, "", "", "Mallory"),
])
def test_names_split_into_each_formats_order(name: str, family: str | None, given: str, suffix: str, ris: str) -> None:
    """RIS wants `Family, Given, Suffix`; a name that cannot be split (one word, CJK) stays one value."""
    parts = split_name(name)
    assert (parts.family, parts.given, parts.suffix) == (family, given, suffix)
    assert family_first(name) == ris
    [entry] = output_readers.parse_bib(f"@misc{{k,\n  author = {{{bibtex_name(name)}}}\n}}")
    [parsed] = entry["author"]
    assert output_readers.latex_text(" ".join(parsed.von + parsed.last)) == (family or name)
    assert " ".join(parsed.jr) == suffix


NAME_WORDS = st.sampled_from(["Ada", "van", "der", "Jr.", "and", "O'Brien", "王小明", "Zoë", "{Ø}", "A.", "x_y", "50%",
                              "\\", "~", "III", "de", "Lovelace", ","])


@given(st.lists(NAME_WORDS, min_size=1, max_size=6).map(" ".join))
@settings(max_examples=300, deadline=None)
def test_any_name_is_one_person_in_bibtex_and_ris(name: str) -> None:
    """However a name is written, BibTeX reads one person back and RIS one AU line in `Family, Given` order."""
    assume(name.strip(" ,"))
    [entry] = output_readers.parse_bib(f"@misc{{k,\n  author = {{{bibtex_name(name)} and Ada Lovelace}}\n}}")
    assert len(entry["author"]) == 2
    record = f"TY  - GEN\nAU  - {family_first(name)}\nER  - \n"
    assert rispy.loads(record)[0]["authors"] == [family_first(name)]
