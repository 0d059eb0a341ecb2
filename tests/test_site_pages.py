"""The built site from a small fixture store: paper pages, index pages, home, citations, feeds, safety."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import pytest

from generator.render.identity import name_slug
from sitebuild import SITE_URL, XSS_TITLE, BuiltSite, fixture_papers, fixture_site, listed_urls

PAPERS = fixture_papers()


@pytest.fixture(scope="module")
def site() -> BuiltSite:
    return fixture_site()


def expected_by(key) -> dict[str, list[str]]:
    """name-slug -> paper slugs, computed independently of the generator's grouping."""
    groups: dict[str, list[str]] = {}
    for slug, paper in PAPERS.items():
        for value in key(paper):
            groups.setdefault(value, [])
            if slug not in groups[value]:
                groups[value].append(slug)
    return groups


def newest_first(slugs: list[str]) -> list[str]:
    return sorted(slugs, key=lambda slug: PAPERS[slug].date or "", reverse=True)


def test_every_paper_has_a_page_with_its_title(site: BuiltSite) -> None:
    for slug, paper in PAPERS.items():
        soup = site.html(f"papers/{slug}")
        assert soup.select_one("h1.pa-title").get_text() == paper.title
        assert soup.title.get_text() == f"{paper.title} - Paper Archive"


def test_generated_pages_never_land_in_the_store(site: BuiltSite) -> None:
    assert sorted(p.name for p in site.content.rglob("*")) == sorted(["papers", *(f"{s}.md" for s in PAPERS)])


@pytest.mark.parametrize("kind,key", [
    ("authors", lambda p: [name_slug(a, "author") for a in p.authors]),
    ("topics", lambda p: [name_slug(t, "topic") for t in p.topics]),
    ("years", lambda p: [str(p.year)] if p.year else []),
])
def test_index_pages_list_exactly_their_papers_newest_first(site: BuiltSite, kind: str, key) -> None:
    expected = expected_by(key)
    pages = {p.parent.name for p in (site.site / kind).glob("*/index.html")}
    initials = {name for name in pages if len(name) == 1}  # authors/<initial>/ of the all-authors list
    assert pages - initials == set(expected)
    for slug, papers in expected.items():
        listed = listed_urls(site.html(f"{kind}/{slug}"))
        assert sorted(listed) == sorted(papers)
        assert [PAPERS[s].date for s in listed] == [PAPERS[s].date for s in newest_first(papers)]


def test_spellings_of_one_name_meet_on_one_author_page(site: BuiltSite) -> None:
    soup = site.html("authors/yann-lecun")
    assert soup.h1.get_text() == "Yann LeCun"  # most common spelling wins; ties alphabetical
    assert sorted(listed_urls(soup)) == ["deep-learning", "gradient-based-learning"]
    topics = site.html("topics/transformers")
    assert topics.h1.get_text() == "Transformers"
    assert len(listed_urls(topics)) == 3


def test_directories_have_counts_and_order(site: BuiltSite) -> None:
    initials = [a["href"].strip("/") for a in site.html("authors").select(".pa-initials a")]
    entries = []
    for initial in initials:  # alphabetical within each initial's page
        page = [(a.get_text(), int(a.find_next_sibling("span").contents[0]))
                for a in site.html(f"authors/{initial}").select(".pa-directory a")]
        assert [name for name, _ in page] == sorted((name for name, _ in page), key=str.casefold)
        entries += page
    assert ("Ashish Vaswani", 2) in entries and ("Yann LeCun", 2) in entries
    years = [a.get_text() for a in site.html("years").select(".pa-directory a")]
    assert years == ["2024", "2020", "2017", "2015", "1998"]
    topics = dict((a.get_text(), a.find_next_sibling("span").contents[0]) for a in site.html("topics").select(".pa-directory a"))
    assert topics == {"<b>bold</b>": "1", "Computer Vision": "2", "NLP": "1", "Transformers": "3"}


def test_home_counts_match_the_store(site: BuiltSite) -> None:
    soup = site.html("")
    counts = {tag["data-count"]: int(tag.get_text()) for tag in soup.select("[data-count]")}
    authors = {name_slug(a, "author") for p in PAPERS.values() for a in p.authors}
    topics = {name_slug(t, "topic") for p in PAPERS.values() for t in p.topics}
    listings = {s.listing for p in PAPERS.values() for s in p.sources}
    assert counts == {"papers": 6, "authors": len(authors), "topics": len(topics), "sources": len(listings)}
    assert listed_urls(soup)[:2] == ["xss", "vision-transformer"]


def test_bylines_show_counts_et_al_and_inferred_years(site: BuiltSite) -> None:
    deep = site.html("papers/deep-learning").select_one(".pa-people").get_text(" ", strip=True)
    assert deep == "Yann LeCun , Yoshua Bengio et al. · 3 authors in all"
    counted = site.html("papers/counted-authors").select_one(".pa-people").get_text(" ", strip=True)
    assert counted == "Authors not listed in the source (7 authors)"
    gradient = site.html("papers/gradient-based-learning")
    assert gradient.select_one(".pa-facts time").get_text() == "1998"
    assert gradient.select_one("abbr") is None  # no dotted "(year inferred)": a note under Sources says it once
    assert "1998 is inferred" in gradient.select_one("details.pa-sources").get_text()
    assert "inferred" not in site.html("papers/attention-is-all-you-need").get_text()


def test_metrics_name_the_listing_they_came_from(site: BuiltSite) -> None:
    soup = site.html("papers/attention-is-all-you-need")
    upvotes = soup.select_one(".pa-metric--upvotes").get_text(" ", strip=True)
    assert upvotes == "▲ 12 upvotes on Hugging Face Daily Papers"
    assert soup.select_one(".pa-metric--score").get_text(" ", strip=True) == "Score 9.5 from Hugging Face Daily Papers"
    assert soup.select_one(".pa-metric--code") is None  # the Code button says it
    assert [a["href"] for a in soup.select(".pa-actions a.pa-code")] == ["https://github.com/tensorflow/tensor2tensor"]
    sources = soup.select_one("details.pa-sources").get_text(" ", strip=True)
    assert "12 — Seen on Hugging Face Daily Papers" in sources and "10 — Seen on Hugging Face Daily Papers" in sources
    assert ".txt" not in soup.select_one("article").get_text()  # readers never see our file names


def test_author_and_topic_links_reach_their_pages(site: BuiltSite) -> None:
    soup = site.html("papers/vision-transformer")
    hrefs = [a["href"] for a in soup.select("article a[href^='../../authors/'], article a[href^='../../topics/']")]
    assert hrefs == ["../../authors/alexey-dosovitskiy/", "../../authors/ashish-vaswani/",
                     "../../topics/computer-vision/", "../../topics/transformers/"]
    for href in hrefs:
        assert (site.site / "papers/vision-transformer" / href / "index.html").resolve().is_file()


def test_scholar_meta_tags_match_front_matter(site: BuiltSite) -> None:
    for slug, paper in PAPERS.items():
        soup = site.html(f"papers/{slug}")
        meta = [(tag["name"], tag["content"]) for tag in soup.select("meta[name^=citation_]")]
        assert ("citation_title", paper.title) in meta
        assert [c for n, c in meta if n == "citation_author"] == paper.authors
        dates = [c for n, c in meta if n == "citation_publication_date"]
        assert dates == ([paper.date.replace("-", "/")] if paper.date else [])
        assert [c for n, c in meta if n == "citation_arxiv_id"] == ([paper.arxiv] if paper.arxiv else [])


def test_json_ld_parses_and_matches_front_matter(site: BuiltSite) -> None:
    for slug, paper in PAPERS.items():
        scripts = site.html(f"papers/{slug}").select('script[type="application/ld+json"]')
        assert len(scripts) == 1
        data = json.loads(scripts[0].string)
        assert data["@type"] == "ScholarlyArticle" and data["headline"] == paper.title
        assert [a["name"] for a in data.get("author", [])] == paper.authors
        assert data.get("datePublished") == paper.date
        assert data["url"] == f"{SITE_URL}papers/{slug}/"
        assert "abstract" not in data  # the page's text and citation_abstract carry it (generator/render/citation.py)


def test_the_cite_menu_holds_the_data_its_bibtex_is_written_from(site: BuiltSite) -> None:
    """The BibTeX box is filled in the browser (tests/test_cite_browser.py reads it) from #pa-cite-data."""
    soup = site.html("papers/attention-is-all-you-need")
    assert soup.select_one(".pa-cite #pa-bibtex") is not None
    assert soup.select_one('.pa-cite button.pa-copy[data-format="bib"]') is not None
    data = json.loads(soup.select_one("script#pa-cite-data").string)
    assert data["csl"]["id"] == "vaswani2017attention" and data["csl"]["archive_location"] == "1706.03762"
    assert data["csl"]["author"] == [{"family": "Vaswani", "given": "Ashish"}, {"family": "Shazeer", "given": "Noam"}]
    assert data["primaryClass"] == "cs.CL" and "truncated" not in data
    assert json.loads(site.html("papers/deep-learning").select_one("script#pa-cite-data").string)["truncated"] is True


def test_math_is_marked_for_mathjax_and_served_locally(site: BuiltSite) -> None:
    soup = site.html("papers/attention-is-all-you-need")
    assert [span.get_text() for span in soup.select("span.arithmatex")] == [
        r"\(O(n^2)\)", r"\(a<b\)", r"\[\sum_{i=1}^{n} x_i \le 1\]"]
    assert "It costs $5 and $10." in soup.select_one("article").get_text()
    sources = [tag["src"] for tag in soup.select("script[src]")]
    assert "../../assets/mathjax/tex-svg.js" in sources
    assert all(not src.startswith(("http:", "https:", "//")) for src in sources)
    assert (site.site / "assets/mathjax/tex-svg.js").stat().st_size > 100_000


def event_handlers(soup) -> list[str]:
    """Every on* attribute in the page (the payloads would add onerror=...)."""
    return [name for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")]


def test_untrusted_html_is_text_everywhere_on_the_page(site: BuiltSite) -> None:
    html = (site.site / "papers/xss/index.html").read_text(encoding="utf-8")
    soup = site.html("papers/xss")
    assert soup.select_one("h1.pa-title").get_text() == XSS_TITLE
    assert soup.title.get_text() == f"{XSS_TITLE} - Paper Archive"
    assert not event_handlers(soup)
    assert not soup.select("article img, a[href^=javascript]")
    data_scripts = [tag.get("type") for tag in soup.find_all("script") if "__xss" in (tag.string or "")]
    assert data_scripts == ["application/ld+json", "application/json"]  # JSON-LD and #pa-cite-data: data, never run
    assert not [tag for tag in soup.find_all("script") if "__xss" in (tag.string or "") and "<" in tag.string]
    assert "{{ 7*7 }}" in soup.h1.get_text() and "49" not in soup.h1.get_text()
    assert html.count("<script") == len(soup.find_all("script"))
    abstract = soup.select_one("#abstract").find_next_siblings("p")
    assert abstract[0].get_text().startswith("<script>window.__xss=1</script><img src=x")
    assert abstract[1].get_text() == "# not a heading"
    assert not soup.select("article pre:not(:has(#pa-bibtex)), article h1 + h1")
    for url in ("", "authors/mallory", "topics/b-bold-b", "years/2024"):
        page = site.html(url)
        assert not event_handlers(page)
        assert XSS_TITLE in page.get_text() or url.startswith(("authors", "topics"))
        assert not page.select("article img, article b")


def test_search_index_holds_title_authors_topics_and_abstract_as_text(site: BuiltSite) -> None:
    from generator.search.query import IndexReader

    index = IndexReader(site.site / "search-index")
    docs = {index.doc(number)["u"]: index.doc(number) for number in range(index.manifest["count"])}
    paper = docs["../papers/vision-transformer/"]
    assert (paper["t"], paper["a"], paper["p"]) == ("An Image Is Worth 16x16 Words",
                                                    ["Alexey Dosovitskiy", "Ashish Vaswani"],
                                                    ["Computer Vision", "Transformers"])
    assert "zebrafish" in paper["x"]
    # raw text, as the store has it: the widget only ever inserts it as text nodes (tests/test_browser.py)
    assert docs["../papers/xss/"]["t"] == XSS_TITLE
    for word in ("image", "dosovitskiy", "vision", "zebrafish"):
        assert "../papers/vision-transformer/" in index.urls(index.search(word))


def test_atom_feed_parses_with_latest_papers(site: BuiltSite) -> None:
    feed = feedparser.parse((site.site / "feed.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    assert [entry.link for entry in feed.entries][:2] == [f"{SITE_URL}papers/xss/", f"{SITE_URL}papers/vision-transformer/"]
    xss = feed.entries[0]
    assert xss.title == XSS_TITLE and xss.title_detail.type == "text/plain"
    assert [a.name for a in xss.authors] == PAPERS["xss"].authors
    soup = site.html("")
    assert soup.select_one('link[rel=alternate][type="application/atom+xml"]')["href"] == "feed.xml"


def test_sitemap_is_valid_xml_listing_every_page(site: BuiltSite) -> None:
    root = ET.parse(site.site / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    assert root.tag == f"{namespace}urlset"
    urls = {loc.text for loc in root.iter(f"{namespace}loc")}
    assert {f"{SITE_URL}papers/{slug}/" for slug in PAPERS} <= urls
    assert {SITE_URL, f"{SITE_URL}authors/yann-lecun/", f"{SITE_URL}topics/transformers/", f"{SITE_URL}years/1998/"} <= urls


def test_papers_json_exports_the_whole_store(site: BuiltSite) -> None:
    export = site.papers_json()
    assert export["count"] == len(PAPERS) == len(export["papers"])
    by_slug = {paper["slug"]: paper for paper in export["papers"]}
    assert set(by_slug) == set(PAPERS)
    for slug, paper in PAPERS.items():
        assert by_slug[slug]["title"] == paper.title and by_slug[slug]["abstract"] == paper.abstract
        assert by_slug[slug]["url"] == f"{SITE_URL}papers/{slug}/"
