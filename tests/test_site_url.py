"""Absolute URLs (issue 14) and what reference managers read (issue 21): a site built without a site URL
publishes no absolute URL at all, one built with it carries it everywhere, and paper pages carry the
Highwire, Zotero and OpenGraph tags that Zotero's Embedded Metadata translator and Google Scholar read."""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator.cli import main
from generator.models import Paper, Source
from generator.render.citation import item_type, meta_description, scholar_meta
import output_readers
from browser_support import browser  # noqa: F401 - the fixture (skips without Chromium)
from cite_browser import browser_citations
from sitemaps import site_sitemap_problems
from sitebuild import MATH_ABSTRACT, SITE_URL, BuiltSite, _temporary_root, fixture_papers, fixture_site, write_store

PAPERS = fixture_papers()
PUBLIC = "https://example.org/archive/"  # where a reader fetched the feeds of the site built without a URL
LOCAL_ADDRESS = re.compile(rb"127\.0\.0\.1|localhost")


@pytest.fixture(scope="module")
def unset() -> tuple[BuiltSite, str]:
    """The fixture store built by `papers build` with no site URL anywhere, and what the command printed."""
    root = _temporary_root("paper-archive-no-url-")
    built = BuiltSite(write_store(root / "content", PAPERS), root / "docs", root / "site")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("PAPER_ARCHIVE_SITE_URL", raising=False)
        result = CliRunner().invoke(main, ["build", "--content", str(built.content), "--docs-dir", str(built.docs),
                                           "--site-dir", str(built.site), "--related", "off"])
    assert result.exit_code == 0, result.output
    return built, result.output


def published_files(site: Path) -> list[Path]:
    """Every file of the site but Material's JavaScript source maps (its own code comments name localhost)."""
    return [path for path in site.rglob("*") if path.is_file() and not path.name.endswith(".js.map")]


def meta(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(name or property, content) of every <meta> in the head, in order."""
    return [(tag.get("name") or tag.get("property"), tag["content"]) for tag in soup.head.find_all("meta")
            if tag.get("content") is not None and (tag.get("name") or tag.get("property"))]


def values(soup: BeautifulSoup, name: str) -> list[str]:
    return [content for key, content in meta(soup) if key == name]


def test_without_a_site_url_the_build_warns_once(unset) -> None:
    _, output = unset
    assert output.count("warning: no site URL is set") == 1
    assert "site_url in mkdocs.yml" in output


def test_without_a_site_url_no_file_names_a_local_address(unset) -> None:
    built, _ = unset
    files = published_files(built.site)
    assert len(files) > 100
    assert [str(path) for path in files if LOCAL_ADDRESS.search(path.read_bytes())] == []


def test_without_a_site_url_pages_carry_no_absolute_url_of_their_own(unset) -> None:
    built, _ = unset
    for path in built.site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert soup.select("link[rel=canonical]") == [], path
    for slug in PAPERS:
        soup = built.html(f"papers/{slug}")
        names = {name for name, _ in meta(soup)}
        assert not names & {"og:url", "citation_abstract_html_url", "citation_public_url"}
        data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
        assert "url" not in data and data["headline"] == PAPERS[slug].title


def test_without_a_site_url_the_sitemap_is_an_empty_valid_urlset(unset) -> None:
    built, _ = unset
    for document in ((built.site / "sitemap.xml").read_bytes(), gzip.decompress((built.site / "sitemap.xml.gz").read_bytes())):
        root = ET.fromstring(document)
        assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(root) == 0
    assert site_sitemap_problems(built.site, allow_empty=True) == []  # and feeds/sitemap.xml the same


def test_without_a_site_url_feeds_resolve_against_where_they_are_read(unset) -> None:
    """Atom: urn:uuid ids, site-relative links under xml:base; a reader resolves them against the feed's URL."""
    built, _ = unset
    for feed_path in ("feed.xml", "feeds/topic-transformers.xml", "feeds/author-yann-lecun.xml"):
        feed = feedparser.parse((built.site / feed_path).read_bytes(),
                                response_headers={"content-location": PUBLIC + feed_path,
                                                  "content-type": "application/atom+xml"})
        assert not feed.bozo and feed.version == "atom10", feed_path
        assert feed.feed.id.startswith("urn:uuid:") and feed.feed.link.startswith(PUBLIC)
        assert feed.entries and all(entry.id.startswith("urn:uuid:") for entry in feed.entries)
        slugs = [entry.link.removeprefix(PUBLIC + "papers/").rstrip("/") for entry in feed.entries]
        assert set(slugs) <= set(PAPERS), feed.entries[0].link
    rebuilt = feedparser.parse((built.site / "feed.xml").read_bytes())
    assert len({entry.id for entry in rebuilt.entries}) == len(rebuilt.entries)  # one id per paper


@pytest.mark.browser
def test_without_a_site_url_group_feeds_and_citations_have_no_url(unset, browser) -> None:  # noqa: ANN001
    """Group feeds resolve against the site (xml:base), citations as the reader's browser writes them (pa-cite.js)."""
    built, _ = unset
    document = (built.site / "feeds/topic-transformers.xml").read_text("utf-8")
    assert 'xml:base="../"' in document and "http" not in document.replace("http://www.w3.org/2005/Atom", "")
    written = browser_citations(built.site, browser)
    for slug in PAPERS:
        assert "url = {" not in written[slug]["bib"]
        assert "\nUR  - " not in written[slug]["ris"]
        assert "URL" not in json.loads(written[slug]["csl"])[0]
    assert "URL" not in (built.site / "topics/transformers/cite.json").read_text("utf-8")
    assert all("url" not in paper for paper in built.papers_json()["papers"])


@pytest.mark.browser
def test_without_a_site_url_every_output_still_reads_back(unset, browser) -> None:  # noqa: ANN001
    """bibtexparser, rispy, citeproc-py, extruct and feedparser read the URL-less site as they read the other."""
    built, _ = unset
    names = {name for paper in PAPERS.values() for name in paper.authors}
    written = browser_citations(built.site, browser)
    for slug, paper in PAPERS.items():
        base = built.site / "papers"
        output_readers.check_bibtex(written[slug]["bib"], paper, None)
        output_readers.check_ris(written[slug]["ris"], paper)
        output_readers.check_csl(written[slug]["csl"], paper)
        output_readers.check_page_metadata((base / slug / "index.html").read_text("utf-8"), f"papers/{slug}/", paper)
    for feed in output_readers.site_feeds(built.site):
        assert all(entry.id.startswith("urn:uuid:") for entry in output_readers.check_feed(feed.read_bytes(), names))


def test_with_a_site_url_every_kind_of_output_carries_it() -> None:
    site = fixture_site()  # built with SITE_URL
    slug, url = "attention-is-all-you-need", f"{SITE_URL}papers/attention-is-all-you-need/"
    soup = site.html(f"papers/{slug}")
    assert soup.select_one("link[rel=canonical]")["href"] == url
    assert values(soup, "og:url") == values(soup, "citation_abstract_html_url") == [url]
    assert json.loads(soup.select_one('script[type="application/ld+json"]').string)["url"] == url
    sitemap = (site.site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{url}</loc>" in sitemap
    feed = feedparser.parse((site.site / "feeds/topic-transformers.xml").read_bytes())
    assert url in [entry.id for entry in feed.entries] and url in [entry.link for entry in feed.entries]
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [f"{SITE_URL}feeds/topic-transformers.xml"]
    assert json.loads(soup.select_one("script#pa-cite-data").string)["csl"]["URL"] == url  # what pa-cite.js writes from
    assert url in [data["csl"]["URL"] for data in json.loads((site.site / "topics/transformers/cite.json").read_text())]


def test_paper_pages_carry_what_zotero_and_scholar_read() -> None:
    site = fixture_site()
    for slug, paper in PAPERS.items():
        soup = site.html(f"papers/{slug}")
        assert values(soup, "citation_author") == paper.authors  # every known name, nothing else
        assert values(soup, "citation_abstract") == [" ".join(paper.abstract.split())]
        date = [paper.date.replace("-", "/")] if paper.date else []
        assert values(soup, "citation_publication_date") == values(soup, "citation_date") == date
        assert values(soup, "citation_keywords") == paper.topics
        assert values(soup, "z.itemType") == ["preprint"]  # no journal or conference known for any of them
        assert values(soup, "og:type") == ["article"] and values(soup, "og:title") == [paper.title]
        assert values(soup, "description") == [meta_description(paper)]
    attention = site.html("papers/attention-is-all-you-need")
    assert values(attention, "citation_abstract")[0].startswith(r"We bound the loss by $O(n^2)$ where \(a<b\)")
    assert values(attention, "citation_doi") == ["10.48550/arXiv.1706.03762"]  # arXiv's own DOI
    assert values(attention, "citation_pdf_url") == ["https://arxiv.org/pdf/1706.03762"]
    assert values(attention, "citation_publisher") == ["arXiv"]
    assert values(attention, "DC.description") == ["arXiv: 1706.03762"]  # Zotero's Extra field
    assert values(site.html("papers/deep-learning"), "citation_doi") == ["10.1038/nature14539"]
    assert values(site.html("papers/deep-learning"), "DC.description") == ["Authors: the source named only the first 2 of 3"]
    assert values(site.html("papers/counted-authors"), "DC.description") == ["Authors: 7, not named in the source"]
    assert values(site.html("papers/gradient-based-learning"), "DC.description") == []


def test_opengraph_and_json_ld_read_back_with_extruct() -> None:
    """OpenGraph needs `property=` attributes: a standard extractor must find them, and the JSON-LD."""
    site = fixture_site()
    html = (site.site / "papers/vision-transformer/index.html").read_text("utf-8")
    data = extruct.extract(html, base_url=f"{SITE_URL}papers/vision-transformer/", syntaxes=["opengraph", "json-ld"])
    graph = data["opengraph"][0]["properties"]
    assert ("og:title", "An Image Is Worth 16x16 Words") in graph and ("og:type", "article") in graph
    assert ("og:url", f"{SITE_URL}papers/vision-transformer/") in graph
    assert ("og:description", PAPERS["vision-transformer"].abstract) in graph
    assert [value for name, value in graph if name == "article:tag"] == PAPERS["vision-transformer"].topics
    assert data["json-ld"][0]["@type"] == "ScholarlyArticle"


def test_item_type_follows_the_venue() -> None:
    def with_venue(venue: str | None, listing_format: str = "aitopics") -> Paper:
        return Paper(title="T", sources=[Source(listing="x.txt", format=listing_format, line=1, venue=venue)])

    assert item_type(with_venue("Proceedings of NeurIPS 2023")) == (
        "conferencePaper", [["citation_conference_title", "Proceedings of NeurIPS 2023"]])
    assert item_type(with_venue("Nature Machine Intelligence")) == (
        "journalArticle", [["citation_journal_title", "Nature Machine Intelligence"]])
    assert item_type(with_venue("arXiv.org Machine Learning")) == ("preprint", [["citation_publisher", "arXiv"]])
    assert item_type(with_venue(None, "hf-daily-papers")) == ("preprint", [["citation_publisher", "arXiv"]])
    assert item_type(with_venue(None, "author-profile")) == ("preprint", [])


def test_a_paper_without_an_abstract_gets_no_borrowed_description(tmp_path) -> None:
    """Zotero saves <meta name=description> as the abstract when there is no citation_abstract."""
    from generator.render.pages import paper_page
    from generator.render.site import gather_site
    from generator.store import load_store

    write_store(tmp_path, {"bare": Paper(title="Bare", authors=["Ann Lee"])})
    site = gather_site(load_store(tmp_path), None)
    front_matter = json.loads(paper_page(site, site.paper("bare")).split("\n")[1])  # one line of JSON
    assert front_matter["description"].strip() == "" and front_matter["description"]  # not the site's
    assert not [name for name, _ in front_matter["citation_meta"] if name in ("citation_abstract", "og:description")]


def test_meta_tags_never_carry_a_url_without_one() -> None:
    tags = scholar_meta(Paper(title="T", abstract=MATH_ABSTRACT, arxiv="2101.00001"), None)
    assert [value for _, value in tags if value.startswith("http")] == ["https://arxiv.org/pdf/2101.00001"]


@pytest.mark.parametrize("line, environment, expected", [
    ('site_url: !ENV [PAPER_ARCHIVE_SITE_URL, null]', {}, ""),
    ('site_url: !ENV [PAPER_ARCHIVE_SITE_URL, null]', {"PAPER_ARCHIVE_SITE_URL": "https://a.org/x"}, "https://a.org/x/"),
    ('site_url: !ENV [A, B, "https://c.org/"]  # comment', {"B": "https://b.org/"}, "https://b.org/"),
    ('site_url: !ENV PAPER_ARCHIVE_SITE_URL', {}, ""),
    ("site_url: 'https://example.org/archive/'", {}, "https://example.org/archive/"),
    ("site_url: https://example.org/archive", {}, "https://example.org/archive/"),
    ("site_url:", {}, ""),
    ("site_name: no site url here", {}, ""),
    ("site_url: &url https://anchored.org/", {}, "https://anchored.org/"),  # MkDocs' loader reads this form
])
def test_the_configured_site_url_is_read_as_mkdocs_reads_it(tmp_path, monkeypatch, line, environment, expected) -> None:
    from mkdocs.utils.yaml import yaml_load

    from generator.site_url import configured_site_url, normalise_site_url

    for name in ("PAPER_ARCHIVE_SITE_URL", "A", "B"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\n{line}\n", "utf-8")
    assert configured_site_url(config) == expected
    assert normalise_site_url(yaml_load(config.read_text("utf-8")).get("site_url")) == expected
