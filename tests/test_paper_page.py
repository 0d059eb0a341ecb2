"""The paper page a reader gets: title block, actions only where their data is, the Cite menu, plain wording
for what the archive does not know, Sources in readers' words, MathJax only where there is math."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup, Tag

from sitebuild import BuiltSite, fixture_papers, fixture_site

PAPERS = fixture_papers()


@pytest.fixture(scope="module")
def site() -> BuiltSite:
    return fixture_site()


def front_matter(site: BuiltSite, slug: str) -> dict:
    """The generated page's front matter (one line of JSON)."""
    return json.loads((site.docs / f"papers/{slug}.md").read_text("utf-8").split("\n")[1])


def action_labels(soup: BeautifulSoup) -> list[str]:
    """The words of the action row, in order."""
    return [item.select_one(".pa-button").get_text(" ", strip=True) for item in soup.select("ul.pa-actions > li")]


def test_title_block_reads_title_authors_date_chips_in_that_order(site: BuiltSite) -> None:
    soup = site.html("papers/attention-is-all-you-need")
    head = soup.select_one("article header.pa-paper-head")
    assert [child.name for child in head.find_all(True, recursive=False)] == ["h1", "p", "ul", "ul"]
    assert head.h1.get_text() == "Attention Is All You Need" and len(soup.select("article h1")) == 1
    authors = head.select(".pa-byline a")
    assert [(a.get_text(), a["href"]) for a in authors] == [
        ("Ashish Vaswani", "../../authors/ashish-vaswani/"), ("Noam Shazeer", "../../authors/noam-shazeer/")]
    date = head.select_one(".pa-facts time")
    assert (date.get_text(), date["datetime"]) == ("12 Jun 2017", "2017-06-12")
    assert date.find_parent("a")["href"] == "../../years/2017/"
    chips = [chip.get_text() for chip in head.select(".pa-chips .pa-chip")]
    assert chips == ["cs.CL — Computation and Language", "Transformers", "NLP"]
    assert [a["href"] for a in head.select(".pa-chips a")] == ["../../topics/transformers/", "../../topics/nlp/"]
    # the row of actions comes right after the title block, the abstract after the actions
    assert head.find_next_sibling("ul")["class"] == ["pa-actions", "pa-paper-actions"]
    assert soup.select_one("section.pa-abstract h2#abstract") is not None


def test_each_action_is_there_only_when_its_data_is(site: BuiltSite) -> None:
    attention = site.html("papers/attention-is-all-you-need")
    assert action_labels(attention) == ["PDF", "arXiv", "Code", "Cite", "Copy link"]
    hrefs = {a.get_text(strip=True): a["href"] for a in attention.select("ul.pa-actions > li > a.pa-button")}
    assert hrefs == {"PDF": "https://arxiv.org/pdf/1706.03762", "arXiv": "https://arxiv.org/abs/1706.03762",
                     "Code": "https://github.com/tensorflow/tensor2tensor"}  # javascript: links never become one
    assert attention.select_one(".pa-button--primary").get_text(strip=True) == "PDF"
    deep = site.html("papers/deep-learning")
    assert action_labels(deep) == ["DOI", "Cite", "Copy link"]
    assert deep.select_one("a.pa-doi")["href"] == "https://doi.org/10.1038/nature14539"
    assert action_labels(site.html("papers/counted-authors")) == ["Cite", "Copy link"]
    for slug in PAPERS:  # every button has an icon and a word; no link without a target
        soup = site.html(f"papers/{slug}")
        for button in soup.select("ul.pa-actions > li > .pa-button"):
            assert button.find("svg") is not None and button.get_text(strip=True)
        assert all(a.get("href", "").startswith(("https://", "../")) for a in soup.select(".pa-actions a"))
        # buttons that need JavaScript are hidden until paper-exports.js shows them: no dead button without it
        assert all(any(node.has_attr("hidden") for node in [button, *button.parents])
                   for button in soup.select(".pa-actions button"))


def test_cite_menu_offers_three_formats_to_copy_and_download(site: BuiltSite) -> None:
    """Copy and Download for each format, written in the browser from the page's #pa-cite-data: no file on disk,
    and without JavaScript the menu says it is needed (tests/test_cite_browser.py drives the menu)."""
    for slug in PAPERS:
        soup = site.html(f"papers/{slug}")
        menu = soup.select_one("ul.pa-actions details.pa-menu")
        assert menu.summary.get_text(strip=True) == "Cite" and "pa-button" in menu.summary["class"]
        rows = [(row.select_one(".pa-exports__name").get_text(), row.select_one("button.pa-copy")["data-format"],
                 row.select_one("button.pa-download")["data-filename"]) for row in menu.select(".pa-exports > li")]
        assert rows == [("BibTeX", "bib", f"{slug}.bib"), ("RIS", "ris", f"{slug}.ris"),
                        ("CSL-JSON", "csl", f"{slug}.csl.json")]
        assert "JavaScript" in menu.select_one("noscript").get_text()
        assert json.loads(soup.select_one("script#pa-cite-data").string)["csl"]["title"] == PAPERS[slug].title
        scripts = [script["src"].rsplit("/", 1)[-1] for script in soup.select("script[src]")]
        assert scripts.index("pa-cite.js") < scripts.index("paper-exports.js")
    assert not [path for path in (site.site / "papers").rglob("*") if path.name.endswith((".bib", ".ris", ".csl.json"))]


def classes_up(tag: Tag) -> list[str]:
    """Every class of a tag and its ancestors."""
    return [name for node in [tag, *tag.parents] for name in (node.get("class") or [])]


def test_count_only_wording_is_said_once_outside_any_byline_or_author_element(site: BuiltSite) -> None:
    soup = site.html("papers/counted-authors")
    [said] = soup.find_all(string=re.compile("Authors not listed"))
    assert said.strip() == "Authors not listed in the source (7 authors)"
    assert not [name for name in classes_up(said.parent) if "byline" in name or "author" in name]
    assert not soup.select("meta[name=citation_author]")
    for slug in PAPERS:  # Zotero reads class*=byline/author as names: only names may be in them
        page = site.html(f"papers/{slug}")
        for element in page.select("article [class*=byline], article [class*=author]"):
            if element.find_parent(class_="pa-related") is None:
                assert [a.get_text() for a in element.find_all("a")] == PAPERS[slug].authors or not element.find("a")
                assert "et al" not in element.get_text() and "not listed" not in element.get_text()


def test_sources_are_folded_and_in_readers_words(site: BuiltSite) -> None:
    soup = site.html("papers/attention-is-all-you-need")
    sources = soup.select_one("article details.pa-sources")
    assert not sources.has_attr("open") and sources.summary.get_text(strip=True) == "Sources"
    assert [li.get_text() for li in sources.select(".pa-sources__sightings li")] == [
        "Seen on Hugging Face Daily Papers", "Seen on Hugging Face Daily Papers"]
    text = sources.get_text(" ", strip=True)
    assert "hf-daily-papers" not in text and "line" not in text
    deep = site.html("papers/deep-learning").select_one("details.pa-sources li").get_text()
    assert deep == "Seen on an author profile"
    assert "Sources" not in [h2.get_text() for h2 in soup.select("article h2")]  # no column of headings


def test_mathjax_loads_only_on_pages_with_math(site: BuiltSite) -> None:
    for slug in PAPERS:
        with_math = slug in ("attention-is-all-you-need", "xss")  # the xss abstract has `$x<y$`
        assert front_matter(site, slug).get("math", False) is with_math, slug
        scripts = [tag["src"] for tag in site.html(f"papers/{slug}").select("script[src]")]
        assert ("../../assets/mathjax/tex-svg.js" in scripts) is with_math, slug
        assert ("../../assets/javascripts/mathjax-config.js" in scripts) is with_math, slug
    for url in ("", "authors/yann-lecun", "topics/transformers", "years/2017"):
        assert "tex-svg.js" not in (site.site / url / "index.html").read_text("utf-8")


def test_abstract_sits_in_a_measure_no_wider_than_80_characters(site: BuiltSite) -> None:
    css = (site.site / "assets/stylesheets/pa-paper.css").read_text("utf-8")
    rule = re.search(r"\.md-typeset \.pa-abstract \{([^}]*)\}", css).group(1)
    measure = re.search(r"max-width:\s*min\(var\(--pa-measure\),\s*(\d+)ch\)", rule)
    assert measure and int(measure.group(1)) <= 64  # ~1.25 characters of prose per `ch`: <= 80 a line
    assert re.search(r"\.pa-abstract p \{[^}]*line-height:\s*1\.6", css)
    link = site.html("papers/deep-learning").select_one('link[rel=stylesheet][href$="pa-paper.css"]')
    assert link["href"] == "../../assets/stylesheets/pa-paper.css"
