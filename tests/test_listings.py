"""Listing pages at a size that paginates: page count, stable URLs, prev/next, the upvotes order, the
all-authors list split by initial, the compact paper entry and plurals, all read from built HTML."""

from __future__ import annotations

import functools
import http.server
import math
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from browser_support import browser  # noqa: F401 - the fixture (skips without Chromium)
from generator.models import Paper
from generator.render import generate_docs
from generator.render.entries import entry_authors
from generator.render.identity import name_slug
from generator.render.paging import NAMES_PER_PAGE, PAPERS_PER_PAGE
from sitebuild import ENTRY_TITLE, SITE_URL, BuiltSite, _temporary_root, build_store, fixture_site, listed_urls, write_store

BIG_TOPIC = 2 * PAPERS_PER_PAGE + 13  # three pages
PROLIFIC = PAPERS_PER_PAGE + 7  # an author with two pages
A_AUTHORS = 5 * BIG_TOPIC  # the "Aaron ..." names: authors/a/ takes two pages


def big_papers() -> dict[str, Paper]:
    """A store whose big topic, year and one author need several pages; upvotes on some papers only."""
    papers = {}
    for number in range(BIG_TOPIC):
        names = [f"Aaron Q{number:03d}x{k}" for k in range(5)] + [f"Zed Example {number % 3}"]
        if number < PROLIFIC:
            names.append("Prolific Person")
        papers[f"big-{number:03d}"] = Paper(
            title=f"Big paper {number:03d}", authors=names, date=f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}",
            topics=["Big Topic", "Other Topic"] if number % 2 else ["Big Topic"],
            arxiv_category="LG" if number % 5 == 0 else None,
            upvotes=1 + (number * 37) % 101 if number % 4 else None, score=float(number % 7) if number % 4 == 0 else None,
            abstract=f"Abstract {number}.")
    papers["quiet-1"] = Paper(title="Quiet one", authors=["Quiet Author"], date="2021-03-04", topics=["Quiet Topic"],
                              abstract="No upvotes.")
    papers["quiet-2"] = Paper(title="Quiet two", authors=["Quiet Author"], date="2021-05-06", topics=["Quiet Topic"],
                              abstract="No upvotes either.")
    return papers


PAPERS = big_papers()


@pytest.fixture(scope="module")
def site() -> BuiltSite:
    root = _temporary_root("paper-archive-listings-")
    return build_store(root, write_store(root / "content", PAPERS))


def newest_first(slugs: list[str]) -> list[str]:
    return sorted(sorted(slugs, key=lambda slug: PAPERS[slug].title.casefold()),
                  key=lambda slug: PAPERS[slug].date or "", reverse=True)


def walk(site: BuiltSite, url: str) -> list[tuple[str, BeautifulSoup]]:
    """Every page of a paginated list, following rel=next from its first page."""
    pages, seen = [], set()
    while url:
        assert url not in seen, f"rel=next loops back to {url}"
        seen.add(url)
        soup = site.html(url)
        pages.append((url, soup))
        following = soup.select_one('.pa-pagination a[rel="next"]')
        url = urljoin(SITE_URL + url, following["href"])[len(SITE_URL):] if following else ""
    return pages


def test_a_big_topic_is_paginated_with_stable_urls_and_every_paper_once(site: BuiltSite) -> None:
    pages = walk(site, "topics/big-topic/")
    count = math.ceil(BIG_TOPIC / PAPERS_PER_PAGE)
    assert [url for url, _ in pages] == ["topics/big-topic/"] + [f"topics/big-topic/page/{n}/" for n in range(2, count + 1)]
    assert not (site.site / f"topics/big-topic/page/{count + 1}").exists()
    assert not (site.site / "topics/big-topic/page/1").exists()  # page 1 is the topic's own URL
    listed = [slug for _, soup in pages for slug in listed_urls(soup)]
    assert listed == newest_first([slug for slug, paper in PAPERS.items() if "Big Topic" in paper.topics])
    for number, (url, soup) in enumerate(pages, 1):
        assert 0 < len(listed_urls(soup)) <= PAPERS_PER_PAGE
        nav = soup.select_one("nav.pa-pagination")
        assert nav["aria-label"] == "Pages"
        current = nav.select('a[aria-current="page"]')
        assert [a.get_text(" ", strip=True) for a in current] == [f"Page {number}"]
        prev, following = nav.select_one('a[rel="prev"]'), nav.select_one('a[rel="next"]')
        assert (prev is None) == (number == 1) and (following is None) == (number == count)
        if prev:
            assert urljoin(SITE_URL + url, prev["href"]) == SITE_URL + pages[number - 2][0]
            assert soup.select_one('head link[rel="prev"]') is not None
        assert f"page {number} of {count}" in soup.select_one(".pa-count").get_text()
        assert soup.select_one(".pa-count").get_text().startswith(f"{BIG_TOPIC} papers")


def test_a_year_of_many_papers_never_puts_more_than_a_page_size_on_a_page(site: BuiltSite) -> None:
    pages = walk(site, "years/2023/")
    assert len(pages) == math.ceil(BIG_TOPIC / PAPERS_PER_PAGE)
    assert all(len(listed_urls(soup)) <= PAPERS_PER_PAGE for _, soup in pages)
    assert sum(len(listed_urls(soup)) for _, soup in pages) == BIG_TOPIC


def popularity(slug: str) -> tuple[float, float]:
    paper = PAPERS[slug]
    return (-(paper.upvotes if paper.upvotes is not None else -1), -(paper.score if paper.score is not None else -1))


def test_the_upvotes_order_is_its_own_paginated_sequence(site: BuiltSite) -> None:
    pages = walk(site, "topics/big-topic/upvotes/")
    assert [url for url, _ in pages][1] == "topics/big-topic/upvotes/page/2/"
    listed = [slug for _, soup in pages for slug in listed_urls(soup)]
    big = [slug for slug, paper in PAPERS.items() if "Big Topic" in paper.topics]
    assert listed == sorted(newest_first(big), key=popularity)  # most upvoted, then score; ties newest first
    assert [PAPERS[slug].upvotes for slug in listed[:3]] == sorted((p.upvotes or 0 for p in PAPERS.values()), reverse=True)[:3]
    for url, soup in pages + [("topics/big-topic/", site.html("topics/big-topic/"))]:
        sort = soup.select_one('nav.pa-sort[aria-label="Sort papers"]')
        options = {a.get_text(strip=True): a for a in sort.select("a")}
        assert set(options) == {"Newest", "Most upvoted"}
        current = "Most upvoted" if "upvotes" in url else "Newest"
        assert [a.get_text(strip=True) for a in sort.select('a[aria-current="page"]')] == [current]
        for link in options.values():  # real links to the first page of each order
            target = urljoin(SITE_URL + url, link["href"])[len(SITE_URL):]
            assert (site.site / target / "index.html").is_file()


def test_groups_with_nothing_to_sort_by_get_no_upvotes_pages(site: BuiltSite) -> None:
    assert not (site.site / "topics/quiet-topic/upvotes").exists()
    assert site.html("topics/quiet-topic/").select_one(".pa-sort") is None
    assert site.html("topics/quiet-topic/").select_one("nav.pa-pagination") is None


def test_every_author_is_reachable_exactly_once_from_the_initials(site: BuiltSite) -> None:
    index = site.html("authors/")
    letters = index.select('nav.pa-initials[aria-label="Authors by initial"] a')
    reached: list[str] = []
    for letter in letters:
        initial = letter["href"].strip("/")
        assert len(initial) == 1
        pages = walk(site, f"authors/{initial}/")
        assert all(len(soup.select(".pa-directory a")) <= NAMES_PER_PAGE for _, soup in pages)
        for url, soup in pages:
            current = soup.select('.pa-initials a[aria-current="page"]')
            assert [urljoin(SITE_URL + url, a["href"]) for a in current] == [f"{SITE_URL}authors/{initial}/"]
            reached += [urljoin(SITE_URL + url, a["href"]).split("/authors/")[1].strip("/")
                        for a in soup.select(".pa-directory a")]
    expected = {name_slug(name, "author") for paper in PAPERS.values() for name in paper.authors}
    assert sorted(reached) == sorted(expected)  # each once
    assert len(walk(site, "authors/a/")) == math.ceil(A_AUTHORS / NAMES_PER_PAGE) >= 2
    assert index.select_one(".pa-count").get_text(strip=True) == f"{len(expected):,} authors"


def test_a_single_letter_name_does_not_take_an_initials_url() -> None:
    assert name_slug("A", "author") == "a-author" and name_slug("A", "topic") == "a"


def test_entries_show_first_authors_plus_n_readable_dates_and_chips(site: BuiltSite) -> None:
    entries = [(url, li) for url, soup in walk(site, "topics/big-topic/") for li in soup.select(".pa-papers > li")]
    entry = next(li for _, li in entries if "Big paper 000" in li.get_text())
    assert entry.select_one("p > span").get_text() == "Aaron Q000x0, Aaron Q000x1, Aaron Q000x2\u00a0+4"
    assert entry.select_one("time")["datetime"] == "2023-01-01" and entry.select_one("time").get_text() == "1 Jan 2023"
    chips = [chip.get_text() for chip in entry.select(".pa-chip")]
    assert chips == ["cs.LG — Machine Learning"]  # the page's own topic is not repeated as a chip
    url, other = next((url, li) for url, li in entries if "Big paper 001" in li.get_text())
    assert [chip.get_text(" ", strip=True) for chip in other.select(".pa-chip")] == ["38 upvotes", "Other Topic"]
    assert urljoin(SITE_URL + url, other.select_one("a.pa-chip")["href"]) == f"{SITE_URL}topics/other-topic/"


def test_entries_have_no_dangling_separator_nor_year_inferred_note() -> None:
    fixture = fixture_site()
    for url in ("", "topics/transformers/", "years/1998/", "authors/yann-lecun/", "papers/attention-is-all-you-need/"):
        soup = fixture.html(url)
        for entry in soup.select(".pa-papers > li"):
            text = entry.get_text(" ", strip=True)
            assert "(year inferred)" not in text and not entry.select("abbr")
            assert not text.endswith("·") and "· ·" not in text
    entries = {li.select_one(":scope > a").get_text(): li for li in fixture.html("").select(".pa-papers > li")}
    counted = entries["A Paper With Only A Count"]
    assert counted.select_one("p > span").get_text() == "7 authors"
    assert counted.select_one("time") is None  # undated: no date, no separator
    assert entries["Deep Learning"].select_one("p > span").get_text() == "Yann LeCun, Yoshua Bengio\u00a0+1"
    assert entries["Gradient-Based Learning Applied to Document Recognition"].select_one("time").get_text() == "1998"


def test_entry_author_summaries() -> None:
    assert entry_authors(Paper(title="t", authors=["A", "B", "C", "D"])) == "A, B, C\u00a0+1"
    assert entry_authors(Paper(title="t", authors=["A", "B"], authors_truncated=True)) == "A, B\u00a0et al."
    assert entry_authors(Paper(title="t", authors=["A"], author_count=31)) == "A\u00a0+30"
    assert entry_authors(Paper(title="t", author_count=31)) == "31 authors"
    assert entry_authors(Paper(title="t", author_count=1)) == "1 author"
    assert entry_authors(Paper(title="t")) == ""


def test_counts_are_pluralised() -> None:
    fixture = fixture_site()
    assert fixture.html("topics/nlp/").select_one(".pa-count").get_text(strip=True) == "1 paper"
    assert fixture.html("topics/transformers/").select_one(".pa-count").get_text(strip=True) == "3 papers"
    assert fixture.html("topics/").select_one(".pa-count").get_text(strip=True) == "4 topics"
    assert fixture.html("years/").select_one(".pa-count").get_text(strip=True) == "5 years"
    singles = [fixture.html(f"authors/{a['href'].strip('/')}") for a in fixture.html("authors/").select(".pa-initials a")]
    assert {soup.select_one(".pa-count").get_text(strip=True) for soup in singles} >= {"1 author"}


def test_an_author_with_several_pages_exports_every_paper(site: BuiltSite) -> None:
    soup = site.html("authors/prolific-person/page/2/")
    exports = soup.select_one(".pa-exports[data-papers]")
    assert exports.select_one('.pa-assemble[data-format="bib"]') is not None
    listed = urljoin(SITE_URL + "authors/prolific-person/page/2/", exports["data-papers"])[len(SITE_URL):]
    assert listed == "authors/prolific-person/papers.txt"
    slugs = (site.site / listed).read_text().split()
    assert slugs == newest_first([slug for slug, paper in PAPERS.items() if "Prolific Person" in paper.authors])
    assert not (site.site / "authors/zed-example-0/papers.txt").exists()  # one page: the page's own list is all
    assert soup.select_one('link[rel="alternate"][type="application/atom+xml"]') is not None  # feeds stay per group


def test_shrinking_a_group_below_two_pages_deletes_its_second_page(tmp_path: Path) -> None:
    content, docs, cache = tmp_path / "content", tmp_path / "docs", tmp_path / "cache"
    papers = {slug: paper for slug, paper in PAPERS.items() if slug.startswith("big-")}
    write_store(content, papers)
    generate_docs(content, docs, SITE_URL, related="off", cache_dir=cache)
    assert (docs / "topics/big-topic/page/2.md").is_file() and (docs / "topics/big-topic/page/3.md").is_file()
    assert (docs / "authors/prolific-person/page/2.md").is_file()
    for slug in list(papers)[PAPERS_PER_PAGE - 5:]:
        (content / "papers" / f"{slug}.md").unlink()
    report = generate_docs(content, docs, SITE_URL, related="off", cache_dir=cache)
    assert "topics/big-topic/page/2.md" in report.deleted and "topics/big-topic/page/3.md" in report.deleted
    assert not (docs / "topics/big-topic/page").exists() and not (docs / "authors/prolific-person/page").exists()
    assert not (docs / "authors/prolific-person/papers.txt").exists()
    assert (docs / "topics/big-topic.md").is_file()
    fresh = tmp_path / "fresh"
    generate_docs(content, fresh, SITE_URL, related="off", cache_dir=tmp_path / "cache2")
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()) == \
        sorted(p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file())


@pytest.mark.browser
@pytest.mark.parametrize("path,member", [
    ("authors/prolific-person/page/2/", lambda paper: "Prolific Person" in paper.authors),  # from papers.txt
    ("topics/big-topic/page/3/", lambda paper: "Big Topic" in paper.topics),  # from cite.json
])
def test_a_later_page_downloads_every_paper_of_the_group_in_chromium(site: BuiltSite, browser, path: str,
                                                                     member) -> None:  # noqa: ANN001
    """"Cite all" on any page gives all the group's papers, newest first, not only the page's (pa-cite.js)."""
    from cite_browser import group_download, reference_bulk, reference_site

    slugs = newest_first([slug for slug, paper in PAPERS.items() if member(paper)])
    assert len(slugs) > PAPERS_PER_PAGE and len(listed_urls(site.html(path))) < len(slugs)
    reference = reference_bulk(reference_site(site.content, SITE_URL), slugs)
    for format in ("bib", "csl"):
        assert group_download(site.site, path, format, browser)[1] == reference[format]


@contextmanager
def served(site: BuiltSite) -> Iterator[str]:
    """The built site over HTTP on a free local port (paper-list-sort.js runs on a served page): its root URL."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


ONE_PAGE_AUTHOR = "authors/zed-example-0/"  # every third big paper: 38, some with upvotes, some with a score only


def one_page_papers() -> list[str]:
    return newest_first([slug for slug, paper in PAPERS.items() if "Zed Example 0" in paper.authors])


def test_a_one_page_listing_has_no_upvotes_copy_but_ranks_its_entries(site: BuiltSite) -> None:
    slugs = one_page_papers()
    assert 1 < len(slugs) <= PAPERS_PER_PAGE
    assert not (site.site / ONE_PAGE_AUTHOR / "upvotes").exists()
    soup = site.html(ONE_PAGE_AUTHOR)
    assert listed_urls(soup) == slugs  # newest first without JavaScript
    assert soup.select_one("nav.pa-sort") is None  # no links to a copy that does not exist
    control = soup.select_one('.pa-sort[role="group"][aria-label="Sort papers"]')
    assert control.has_attr("hidden")  # shown by the script: no dead control without JavaScript
    buttons = control.select("button")
    assert [(b.get_text(), b["aria-pressed"], b["type"]) for b in buttons] == \
        [("Newest", "true", "button"), ("Most upvoted", "false", "button")]
    ranks = {slug: int(li["data-rank"]) for slug, li in zip(slugs, soup.select(".pa-papers > li"))}
    assert sorted(ranks, key=ranks.get) == sorted(slugs, key=popularity)
    sitemap = (site.site / "sitemap.xml").read_text()
    assert f"{SITE_URL}{ONE_PAGE_AUTHOR}<" in sitemap and f"{SITE_URL}{ONE_PAGE_AUTHOR}upvotes/" not in sitemap
    assert f"{SITE_URL}topics/big-topic/upvotes/page/2/<" in sitemap  # a multi-page list keeps its sequence


@pytest.mark.browser
def test_the_sort_control_reorders_a_one_page_listing_in_chromium(site: BuiltSite, browser) -> None:  # noqa: ANN001
    """By upvotes, then score, ties as the static sequences break them (newest first); and back; by keyboard."""
    slugs = one_page_papers()
    titles = {slug: PAPERS[slug].title for slug in slugs}
    with served(site) as root:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(root + ONE_PAGE_AUTHOR)
        entries = page.locator(ENTRY_TITLE)
        upvoted = page.get_by_role("button", name="Most upvoted")
        assert upvoted.is_visible() and upvoted.get_attribute("aria-pressed") == "false"
        upvoted.click()
        assert entries.all_inner_texts() == [titles[slug] for slug in sorted(slugs, key=popularity)]
        assert upvoted.get_attribute("aria-pressed") == "true"
        newest = page.get_by_role("button", name="Newest")
        newest.focus()
        page.keyboard.press("Enter")
        assert entries.all_inner_texts() == [titles[slug] for slug in slugs]
        assert newest.get_attribute("aria-pressed") == "true" and upvoted.get_attribute("aria-pressed") == "false"
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert entries.first.inner_text() == titles[sorted(slugs, key=popularity)[0]]
        no_script = browser.new_page(java_script_enabled=False)
        no_script.goto(root + ONE_PAGE_AUTHOR)
        assert not no_script.locator(".pa-sort").is_visible()
        assert no_script.locator(ENTRY_TITLE).all_inner_texts() == [titles[slug] for slug in slugs]
        page.close()
        no_script.close()
    assert errors == []


def test_page_titles_say_the_order_and_the_page(site: BuiltSite) -> None:
    assert site.html("topics/big-topic/").title.get_text() == "Big Topic - Paper Archive"
    assert site.html("topics/big-topic/page/2/").title.get_text() == "Big Topic (page 2 of 3) - Paper Archive"
    assert site.html("topics/big-topic/upvotes/page/3/").title.get_text() == \
        "Big Topic (most upvoted, page 3 of 3) - Paper Archive"
