"""Citation exports as the reader's browser writes them (pa-cite.js in Chromium): BibTeX, RIS and CSL-JSON per paper,
bulk .bib/.ris per topic, author and year, read back by real parsers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import extruct
import pytest
import rispy
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import output_readers
from browser_support import require_chromium
from cite_browser import browser_citations, chromium, group_download, papers, script_page, written_for
from generator.models import Paper, Source
from generator.render.citation import bibtex_escape, bibtex_name
from generator.render.person_names import family_first, split_name
from generator.render.text import clean_text, one_line
from output_readers import unlatex
from payloads import ALL
from sitebuild import SITE_URL, XSS_TITLE, fixture_papers, fixture_site, listed_urls

require_chromium()
pytestmark = pytest.mark.browser
PAPERS = fixture_papers()
SPECIAL = r"100% of {braces}, $5 & #1 under_score ~tilde^caret \backslash"
def parse_bib(source: Path | str):
    """The entries of a .bib file or text, read with bibtexparser 2 without decoding (no failed block)."""
    return output_readers.parse_bib(source.read_text("utf-8") if isinstance(source, Path) else source, decode=False)


@pytest.fixture(scope="module")
def chromium_browser():  # noqa: ANN201 - one Chromium for the module (Playwright allows one sync instance at a time)
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def browser_page(chromium_browser):  # noqa: ANN001, ANN201 - a Chromium page with pa-cite.js loaded
    with script_page(chromium_browser) as page:
        yield page


def test_every_paper_page_holds_its_citation_data_and_no_file_beside_it() -> None:
    """The page carries its data once (#pa-cite-data, escaped like the JSON-LD); its menu names each download."""
    site = fixture_site()
    for slug in PAPERS:
        html = site.html(f"papers/{slug}")
        data = json.loads(html.select_one("script#pa-cite-data[type='application/json']").string)
        assert data["csl"]["id"] and "abstract" not in data["csl"]  # the abstract is citation_abstract's
        names = {button["data-format"]: button["data-filename"] for button in html.select(".pa-cite button.pa-download")}
        assert names == {"bib": f"{slug}.bib", "ris": f"{slug}.ris", "csl": f"{slug}.csl.json"}
    assert not [path for path in (site.site / "papers").iterdir() if path.is_file()]
    raw = (site.site / "papers/xss/index.html").read_text("utf-8")
    data_script = raw.split('id="pa-cite-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_script and ">" not in data_script  # no `</script>` in the title can end it


def test_every_output_reads_back_with_its_consumers_parser(chromium_browser) -> None:
    """bibtexparser 2, rispy, citeproc-py (on what the browser writes), extruct and feedparser on the fixture site."""
    site = fixture_site()
    written = browser_citations(site.site, chromium_browser)
    names = {name for paper in PAPERS.values() for name in paper.authors}
    for slug, paper in PAPERS.items():
        url, base = SITE_URL + f"papers/{slug}/", site.site / "papers"
        output_readers.check_bibtex(written[slug]["bib"], paper, url)
        output_readers.check_ris(written[slug]["ris"], paper)
        output_readers.check_csl(written[slug]["csl"], paper)
        output_readers.check_page_metadata((base / slug / "index.html").read_text("utf-8"), url, paper)
    entries = [entry for feed in output_readers.site_feeds(site.site)
               for entry in output_readers.check_feed(feed.read_bytes(), names)]
    assert entries
    for page in ("", "topics/transformers", "authors/yann-lecun", "years/2017", "search"):  # other page types
        data = extruct.extract((site.site / page / "index.html").read_text("utf-8"), base_url=SITE_URL + page,
                               syntaxes=["json-ld", "opengraph", "microdata", "rdfa"])
        assert not [found for items in data.values() for item in items for found in output_readers.empty_properties(item)]


def test_bibtex_round_trips_titles_authors_and_identifiers(chromium_browser) -> None:
    written = browser_citations(fixture_site().site, chromium_browser)
    for slug, paper in PAPERS.items():
        [entry] = parse_bib(written[slug]["bib"])
        fields = {field.key: field.value for field in entry.fields}
        assert unlatex(fields["title"][1:-1]) == " ".join(paper.title.split())
        assert fields["url"] == SITE_URL + f"papers/{slug}/"
    [entry] = parse_bib(written["attention-is-all-you-need"]["bib"])
    assert entry.entry_type == "misc" and entry.key == "vaswani2017attention"
    assert (entry["eprint"], entry["archivePrefix"], entry["primaryClass"]) == ("1706.03762", "arXiv", "cs.CL")
    assert entry["author"] == "Vaswani, Ashish and Shazeer, Noam"
    [entry] = parse_bib(written["deep-learning"]["bib"])
    assert entry["doi"] == "10.1038/nature14539" and entry["author"] == "LeCun, Yann and Bengio, Yoshua and others"
    [entry] = parse_bib(written["counted-authors"]["bib"])
    assert "author" not in entry.fields_dict and entry["note"] == "Authors: 7, not named in the source"


def test_bibtex_escapes_every_special_character(browser_page) -> None:
    paper = Paper(title=SPECIAL, authors=["Zoë {Ø} O'Brien"], date="2021-03", abstract="x")
    text = written_for(browser_page, {"special": paper}, SITE_URL)["special"]["bib"]
    assert text.count("{") == text.count("}")
    [entry] = parse_bib(text)
    assert unlatex(entry["title"][1:-1]) == SPECIAL
    assert unlatex(entry["author"]) == "O'Brien, Zoë {Ø}"
    assert entry["month"] == "mar"
    [decoded] = output_readers.parse_bib(text)  # bibtexparser's LaTeX decoding (pylatexenc) gives the title back
    assert decoded["title"].replace("\u02c6", "^") == SPECIAL  # pylatexenc reads \textasciicircum as U+02C6


# Papers a reader's browser must write well: LaTeX specials, non-ASCII names, math, empty fields, every injection payload.
TRICKY = {
    "latex": Paper(title=SPECIAL, authors=["Zoë {Ø} O'Brien", "Jean de la Fontaine"], date="2021-03-09",
                   abstract=r"50% of {cases} & #1: \emph{not} a command ~ ^", topics=["R&D", "a, b", "x_{1}"]),
    "non-ascii": Paper(title="Ørsted’s “law” in Ελληνικά and 中文", date="2019-11", doi="10.1000/ü-1",
                       authors=["Søren Jørgensen", "Ciarán Ó Briain", "王小明", "Martin Luther King, Jr.",
                                "Johannes van der Waals"], abstract="Ünïcödé — résumé, naïve.", topics=["Èmergence"]),
    "math": Paper(title=r"On $\alpha$-divergences and $O(n^2)$ bounds", authors=["Ada Lovelace"], date="2020",
                  abstract=r"We show $\int_0^1 f(x)\,dx \le \{1\}$ and $$a_{ij}^{2}$$ for all $i$."),
    "empty": Paper(title="Only a title"),
    "counted": Paper(title="Counted", author_count=31, date="2024"),
    "cut": Paper(title="Cut", authors=["Ada Lovelace", "Tom and Jerry"], authors_truncated=True, author_count=9,
                 date="2024-01-02", arxiv="2401.00001", arxiv_category="cs.LG"),
    **{f"payload-{key}": Paper(title=f"{payload} {key}", authors=[payload, "Jane Doe"], date="2024-02-03",
                               topics=[payload], abstract=payload) for key, payload in ALL.items()},
}


def assert_reads_back(texts: dict[str, str], paper: Paper) -> None:
    """The browser's three formats parse with bibtexparser 2, rispy and citeproc-py and give the paper's text back."""
    title, abstract = one_line(paper.title), one_line(paper.abstract)
    topics = [topic for topic in map(one_line, paper.topics) if topic]  # one of control characters only is left out
    named = len(paper.authors) + (1 if paper.authors_truncated and paper.authors else 0)  # `and others`
    [raw] = parse_bib(texts["bib"])
    [entry] = output_readers.parse_bib(texts["bib"])  # names split, LaTeX decoded
    assert unlatex(raw["title"][1:-1]) == title
    assert len(entry.fields_dict["author"].value if "author" in entry.fields_dict else []) == named
    assert unlatex(raw["abstract"]) == abstract if abstract else "abstract" not in raw.fields_dict
    assert unlatex(raw["keywords"]) == ", ".join(topics) if topics else "keywords" not in raw.fields_dict
    [record] = rispy.loads(texts["ris"])
    # rispy leaves out an empty tag: a title of control characters only is written "TI  - " and read as no title
    assert (record.get("title", ""), record.get("abstract", ""), record.get("keywords", [])) == (title, abstract, topics)
    assert len(record.get("authors", [])) == len(paper.authors)
    [item] = json.loads(texts["csl"])
    assert not output_readers.empty_properties(item)
    assert (item.get("title", ""), item.get("abstract", "")) == (clean_text(paper.title), abstract)
    [rendered] = output_readers.render_csl([{**item, "id": item["id"].lower()}])
    assert rendered.strip()


def test_tricky_papers_read_back_with_every_parser(browser_page) -> None:
    """What the browser writes for hostile and awkward papers parses, with names split as stored."""
    written = written_for(browser_page, TRICKY, SITE_URL)
    for slug, paper in TRICKY.items():
        assert_reads_back(written[slug], paper)
        output_readers.check_bibtex(written[slug]["bib"], paper, SITE_URL + f"papers/{slug}/")
        output_readers.check_ris(written[slug]["ris"], paper)
        output_readers.check_csl(written[slug]["csl"], paper)
    [empty] = json.loads(written["empty"]["csl"])
    assert set(empty) == {"id", "type", "title", "URL"}
    assert written["empty"]["ris"] == f"TY  - GEN\nID  - {empty['id']}\nTI  - Only a title\nUR  - {empty['URL']}\nER  - \n"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paper=papers())
@example(paper=Paper(title="\x1b"))  # found by Hypothesis: a title that cleans to nothing (CSL then has none)
@example(paper=Paper(title="}", authors=["}"], topics=["\x08"]))  # found by Hypothesis: a topic cleaning to nothing
def test_any_paper_written_in_the_browser_reads_back(browser_page, paper: Paper) -> None:
    assert_reads_back(written_for(browser_page, {"p": paper}, SITE_URL)["p"], paper)


@given(st.text(alphabet=st.sampled_from(list("&%$#_{}~^\\ aZé王")), min_size=1, max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_round_trips_through_a_bibtex_field(text: str) -> None:
    """Every LaTeX special, lone braces included, comes back as written; the entry always parses (the reference
    escaping, which test_cite_browser checks pa-cite.js against)."""
    source = f"@misc{{key,\n  title = {{{bibtex_escape(text)}}},\n  abstract = {{{bibtex_escape(text)}}}\n}}"
    [entry] = parse_bib(source)
    assert unlatex(entry["title"]) == unlatex(entry["abstract"]) == " ".join(text.split())


def test_urls_and_dois_are_written_verbatim(browser_page) -> None:
    """Escaping `_` or `%` in a url field breaks the link (the url package reads it verbatim)."""
    site_url = "https://example.org/my_archive/100%25/"
    paper = Paper(title="A_b", authors=["Ada Lovelace"], date="2021", doi="10.1002/(sici)1097_x%y")
    [entry] = parse_bib(written_for(browser_page, {"p": paper}, site_url)["p"]["bib"])
    assert (entry["url"], entry["doi"]) == (site_url + "papers/p/", "10.1002/(sici)1097_x%y")
    assert entry["title"] == r"{A\_b}"


@pytest.mark.parametrize("venue,entry_type,field,ris_type,csl_type", [
    ("Advances in Neural Information Processing Systems (NeurIPS)", "inproceedings", "booktitle", "CPAPER", "paper-conference"),
    ("Nature", "article", "journal", "JOUR", "article-journal"),
    ("arXiv.org Machine Learning", "misc", None, "GEN", "article"),
])
def test_entry_types_follow_the_venue(browser_page, venue: str, entry_type: str, field: str | None,
                                      ris_type: str, csl_type: str) -> None:
    paper = Paper(title="A Venue Paper", authors=["Ada Lovelace"], date="2023-05-01",
                  sources=[Source(listing="l.txt", format="aitopics", line=1, venue=venue)])
    written = written_for(browser_page, {"v": paper}, SITE_URL)["v"]
    [entry] = parse_bib(written["bib"])
    assert entry.entry_type == entry_type
    if field:
        assert entry[field] == venue
    [record] = rispy.loads(written["ris"])
    assert record["type_of_reference"] == ris_type
    [item] = json.loads(written["csl"])
    assert item["type"] == csl_type and item.get("container-title") == (venue if field else None)


def test_ris_and_csl_json_round_trip(chromium_browser) -> None:
    written = browser_citations(fixture_site().site, chromium_browser)
    for slug, paper in PAPERS.items():
        [record] = rispy.loads(written[slug]["ris"])
        assert record["title"] == " ".join(paper.title.split())
        assert record.get("keywords", []) == paper.topics
        [item] = json.loads(written[slug]["csl"])
        assert item["title"] == paper.title and item["URL"] == SITE_URL + f"papers/{slug}/"
        if paper.date:
            assert item["issued"]["date-parts"][0] == [int(part) for part in paper.date.split("-")]
    [record] = rispy.loads(written["xss"]["ris"])
    assert record["title"] == XSS_TITLE and record["abstract"].startswith("<script>")
    [record] = rispy.loads(written["deep-learning"]["ris"])
    assert record["authors"] == ["LeCun, Yann", "Bengio, Yoshua"]  # RIS: Lastname, Firstname
    assert "Authors: the source named only the first 2 of 3" in record["notes"]
    [item] = json.loads(written["deep-learning"]["csl"])
    assert item["DOI"] == "10.1038/nature14539" and item["author"][0] == {"family": "LeCun", "given": "Yann"}
    assert item["note"] == "Authors: the source named only the first 2 of 3"
    [rendered] = output_readers.render_csl([{**item, "id": "x"}])
    assert rendered.startswith("LeCun, Y. and Bengio, Y. (2015)") and "others" not in rendered
    [item] = json.loads(written["counted-authors"]["csl"])
    assert "author" not in item and item["note"] == "Authors: 7, not named in the source"


GROUPS = {  # page -> which papers belong to it, said from the papers themselves
    "topics/transformers": lambda paper: "transformers" in [topic.casefold() for topic in paper.topics],
    "years/2017": lambda paper: (paper.date or "").startswith("2017"),
    "authors/yann-lecun": lambda paper: "yann lecun" in [name.casefold() for name in paper.authors],
}


@pytest.mark.parametrize("page", GROUPS)
def test_bulk_exports_of_topic_year_and_author_pages(chromium_browser, page: str) -> None:
    """"Cite all" downloads every paper of the group in each format, in page order, without abstracts (topics and
    years from their cite.json, authors from their papers' pages); no citation file is on disk."""
    site = fixture_site()
    key = page.split("/")[1]
    html = site.html(page)
    names = {a["data-format"]: a["data-filename"] for a in html.select(".pa-exports a.pa-assemble")}
    assert names == {"bib": f"{key}.bib", "ris": f"{key}.ris", "csl": f"{key}.csl.json"}
    assert html.select_one('script[src$="assets/javascripts/pa-cite.js"]') is not None
    cite = html.select_one(".pa-exports").get("data-cite")
    assert (cite == "cite.json") if not page.startswith("authors") else cite is None
    assert not [path for path in site.site.rglob("*") if path.name.endswith((".bib", ".ris", ".csl.json"))]
    slugs = listed_urls(html)
    assert sorted(slugs) == sorted(slug for slug, paper in PAPERS.items() if GROUPS[page](paper)) and slugs
    texts = {format: group_download(site.site, page + "/", format, chromium_browser) for format in names}
    assert {format: name for format, (name, _) in texts.items()} == names
    entries, records = parse_bib(texts["bib"][1]), rispy.loads(texts["ris"][1])
    items = json.loads(texts["csl"][1])
    titles = [one_line(PAPERS[slug].title) for slug in slugs]
    assert [unlatex(entry["title"][1:-1]) for entry in entries] == titles
    assert [record["title"] for record in records] == titles
    assert [item["title"] for item in items] == [PAPERS[slug].title for slug in slugs]
    assert [item["URL"] for item in items] == [SITE_URL + f"papers/{slug}/" for slug in slugs]
    assert len({entry.key for entry in entries}) == len(entries) and [e.key for e in entries] == [i["id"] for i in items]
    assert len(output_readers.render_csl([{**item, "id": item["id"].lower()} for item in items])) == len(slugs)
    assert not [entry for entry in entries if "abstract" in entry.fields_dict]
    assert not [record for record in records if "abstract" in record] and not [item for item in items if "abstract" in item]


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


def test_a_topic_that_cleans_to_blank_is_no_keyword_in_any_format() -> None:
    from generator.render.cite_files import bibtex_file_entry, cite_data, csl_item, ris_record
    from generator.render.site import gather_site
    from generator.store import StoredPaper

    paper = Paper(title="Blank topics", authors=["Ada Lovelace"], date="2024", topics=["\x08", " \x1f ", "Graphs"])
    site = gather_site([StoredPaper("blank-topics", Path("blank-topics.md"), paper)], SITE_URL)
    item = site.paper("blank-topics")
    assert cite_data(site, item)["topics"] == ["Graphs"]  # what pa-cite.js writes all three formats from
    assert csl_item(site, item)["keyword"] == "Graphs"
    [entry] = parse_bib(bibtex_file_entry(site, item))
    assert entry["keywords"] == "Graphs"
    [record] = rispy.loads(ris_record(site, item))
    assert record["keywords"] == ["Graphs"]
