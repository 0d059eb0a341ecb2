"""The site's chrome on the fixture site: home structure, titles, sections nav and breadcrumbs on every page type."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from generator.render.home import plural
from sitebuild import BuiltSite, fixture_papers, fixture_site

PAPERS = fixture_papers()
SECTIONS = ["Home", "Topics", "Authors", "Years", "Search"]
PAGE_TYPES = {  # site-relative URL -> (breadcrumb labels after Home, the section marked current)
    "": ([], "Home"),
    "papers/attention-is-all-you-need/": (["Years", "2017", "Attention Is All You Need"], None),
    "papers/counted-authors/": (["A Paper With Only A Count"], None),
    "topics/transformers/": (["Topics", "Transformers"], "Topics"),
    "authors/yann-lecun/": (["Authors", "Yann LeCun"], "Authors"),
    "years/2020/": (["Years", "2020"], "Years"),
    "topics/": (["Topics"], "Topics"),
    "authors/": (["Authors"], "Authors"),
    "years/": (["Years"], "Years"),
    "search/": (["Search"], "Search"),
}


@pytest.fixture(scope="module")
def site() -> BuiltSite:
    return fixture_site()


def resolve(page_url: str, href: str) -> str:
    """A link's target as a site-relative URL, as the browser resolves it on that page."""
    return urljoin("http://site/" + page_url, href).removeprefix("http://site/")


def page_404(site: BuiltSite) -> BeautifulSoup:
    return BeautifulSoup((site.site / "404.html").read_text(encoding="utf-8"), "html.parser")


def test_home_says_what_the_archive_is_and_offers_search(site: BuiltSite) -> None:
    soup = site.html("")
    assert soup.title.get_text() == "Paper Archive"
    assert soup.select_one("article h1").get_text() == "Paper Archive"
    lede = soup.select_one("article .pa-lede").get_text()
    assert lede == soup.select_one('meta[name="description"]')["content"] and "research papers" in lede
    form = soup.select_one("article form[role=search]")
    assert form["action"] == "search/" and form["method"] == "get"
    field = form.select_one("input[name=q]")
    assert form.select_one(f"label[for={field['id']}]").get_text(strip=True) == "Search papers"


def test_home_counts_are_a_grid_of_tiles_with_proper_plurals(site: BuiltSite) -> None:
    tiles = site.html("").select("ul.pa-counts > li")
    shown = {tile.strong["data-count"]: tile.get_text(" ", strip=True) for tile in tiles}
    sources = len({s.listing for p in PAPERS.values() for s in p.sources})
    assert list(shown) == ["papers", "authors", "topics", "sources"]
    assert shown["papers"] == "6 papers" and shown["sources"] == f"{sources} sources"
    assert [tile.a["href"] for tile in tiles if tile.a] == ["years/", "authors/", "topics/"]
    assert (plural(1, "paper"), plural(0, "topic"), plural(2, "author")) == ("paper", "topics", "authors")


def test_home_lists_latest_and_most_upvoted_papers(site: BuiltSite) -> None:
    soup = site.html("")
    latest = [a.get_text() for a in soup.select("#latest ~ .pa-papers > li > a")]
    assert latest[:3] == [PAPERS["xss"].title, "An Image Is Worth 16x16 Words", "Attention Is All You Need"]
    upvoted = soup.find("h2", id="upvoted").find_next("ol")
    assert [a.get_text() for a in upvoted.select(":scope > li > a")] == ["Attention Is All You Need"]


def test_home_topics_are_chips_with_counts_most_papers_first(site: BuiltSite) -> None:
    chips = site.html("").select("ul.pa-chips.pa-home-topics a.pa-chip")
    shown = [(chip.select_one(".pa-chip__name").get_text(), chip.select_one(".pa-chip__count").get_text(" "))
             for chip in chips]
    assert shown == [("Transformers", "3  papers"), ("Computer Vision", "2  papers"), ("<b>bold</b>", "1  paper"),
                     ("NLP", "1  paper")]
    assert chips[0]["href"] == "topics/transformers/"


@pytest.mark.parametrize("url", [url for url in PAGE_TYPES if url])
def test_other_pages_are_titled_page_then_site(site: BuiltSite, url: str) -> None:
    title = site.html(url).title.get_text()
    assert title.endswith(" - Paper Archive") and title != "Paper Archive - Paper Archive"


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_every_page_type_has_the_five_sections_and_its_way_up(site: BuiltSite, url: str) -> None:
    soup = site.html(url)
    expected_crumbs, current = PAGE_TYPES[url]
    sections = soup.select("nav.pa-sections a")
    assert [a.get_text() for a in sections] == SECTIONS
    assert [resolve(url, a["href"]) for a in sections] == ["", "topics/", "authors/", "years/", "search/"]
    # the drawer: a label for Material's #__drawer toggle inside the container the toggle's CSS reaches
    assert soup.select_one("#__drawer ~ .md-container nav.pa-sections label[for=__drawer]")
    assert [a.get_text() for a in sections if a.has_attr("aria-current")] == ([current] if current else [])
    crumbs = soup.select("nav.pa-breadcrumbs li")
    if not expected_crumbs:
        assert not crumbs
        return
    assert [li.get_text(strip=True) for li in crumbs] == ["Home", *expected_crumbs]
    assert resolve(url, crumbs[0].a["href"]) == ""
    assert crumbs[-1].select_one("[aria-current=page]") and not crumbs[-1].a
    assert all(li.a for li in crumbs[:-1])


def test_breadcrumbs_escape_untrusted_titles(site: BuiltSite) -> None:
    last = site.html("papers/xss/").select("nav.pa-breadcrumbs li")[-1]
    assert last.get_text() == PAPERS["xss"].title and not last.find("script")


def test_404_looks_like_the_site_and_offers_search_and_sections(site: BuiltSite) -> None:
    soup = page_404(site)
    assert soup.title.get_text() == "Page not found - Paper Archive"
    assert soup.select_one("article h1").get_text() == "Page not found"
    assert soup.select_one("article form[role=search]")["action"] == "/archive/search/"
    assert [a.get_text() for a in soup.select("nav.pa-sections a")] == SECTIONS
    assert urljoin("http://site/archive/no/such/page", soup.select_one("nav.pa-sections a")["href"]) == "http://site/archive/"


def test_footer_links_the_open_data(site: BuiltSite) -> None:
    links = {a.get_text(): a["href"] for a in site.html("papers/deep-learning/").select("footer.pa-footer a")}
    assert links["Atom feed"] == "../../feed.xml" and links["papers.json"] == "../../papers.json"
