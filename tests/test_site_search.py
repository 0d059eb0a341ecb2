"""Search on the built site: the static index replaces Material's lunr, and finds the right papers."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from generator.search.query import IndexReader
from sitebuild import BuiltSite, fixture_site


@pytest.fixture(scope="module")
def site() -> BuiltSite:
    return fixture_site()


@pytest.fixture(scope="module")
def index(site: BuiltSite) -> IndexReader:
    return IndexReader(site.site / "search-index")


def slugs(index: IndexReader, ids: set[int]) -> set[str]:
    """Paper slugs of index ids, through the result URLs the search page links to."""
    pages = {urljoin("https://example.org/archive/search/", url) for url in index.urls(ids)}
    assert all(page.startswith("https://example.org/archive/papers/") for page in pages)
    return {page.rsplit("/", 2)[1] for page in pages}


def test_no_builtin_lunr_index_is_built(site: BuiltSite) -> None:
    assert not (site.site / "search" / "search_index.json").exists()
    assert not list(site.site.rglob("search_index.json"))
    assert (site.site / "search-index" / "manifest.json").is_file()


def test_search_page_mounts_the_widget_on_the_index(site: BuiltSite) -> None:
    root = site.html("search").select_one("[data-paper-search]")
    assert root["data-index"] == "../search-index/"
    scripts = [tag["src"] for tag in site.html("search").select("script[src]")]
    assert any(src.endswith("assets/javascripts/paper-search.js") for src in scripts)


@pytest.mark.parametrize("url", ["", "papers/deep-learning", "authors/yann-lecun", "search"])
def test_every_page_has_a_header_search_box_going_to_the_search_page(site: BuiltSite, url: str) -> None:
    form = site.html(url).select_one("header form.md-search__form")
    assert form["method"] == "get" and form.select_one("input[name=q]") is not None
    page = "https://example.org/archive/" + (f"{url}/" if url else "")
    assert urljoin(page, form["action"]) == "https://example.org/archive/search/"


def test_title_words_and_author_prefix(index: IndexReader) -> None:
    assert slugs(index, index.search("attention need")) == {"attention-is-all-you-need"}
    assert slugs(index, index.search("dosov")) == {"vision-transformer"}  # a prefix of an author's name
    assert slugs(index, index.search("vaswani", ("author",))) == {"attention-is-all-you-need", "vision-transformer"}
    assert slugs(index, index.author_ids("Yann LeCun")) == {"deep-learning", "gradient-based-learning"}


def test_topic_facet_and_year(index: IndexReader) -> None:
    assert slugs(index, index.facet_ids("topic", "Computer Vision")) == {"gradient-based-learning", "vision-transformer"}
    assert slugs(index, index.year_ids(2017)) == {"attention-is-all-you-need"}
    assert slugs(index, index.year_ids(2015, 2020)) == {"deep-learning", "vision-transformer", "attention-is-all-you-need"}
    assert slugs(index, index.search("transformer") & index.year_ids(2020)) == {"vision-transformer"}


@pytest.mark.parametrize("url", ["", "papers/deep-learning", "search"])
def test_header_box_is_a_named_combobox_on_every_page(site: BuiltSite, url: str) -> None:
    header = site.html(url).select_one("header")
    assert header.select('[role="dialog"]') == []  # a dialog role needs a name; the box is not a modal
    box = header.select_one("input[role=combobox]")
    listbox = header.select_one("#" + box["aria-controls"])
    assert box["aria-expanded"] == "false" and box["aria-autocomplete"] == "list" and box["aria-label"]
    assert listbox["role"] == "listbox" and listbox["aria-label"]
    root = header.select_one("[data-pa-header-search]")
    page = "https://example.org/archive/" + (f"{url}/" if url else "")
    assert urljoin(page, root["data-index"]) == "https://example.org/archive/search-index/"
    assert urljoin(page, root["data-search-page"]) == "https://example.org/archive/search/"


def test_only_the_search_page_loads_the_results_script(site: BuiltSite) -> None:
    def scripts(url: str) -> list[str]:
        return [tag["src"].rsplit("/", 1)[-1] for tag in site.html(url).select("script[src]")]
    assert "paper-search-page.js" in scripts("search") and "paper-search.js" in scripts("search")
    assert scripts("search").index("paper-search.js") < scripts("search").index("paper-search-page.js")
    assert "paper-search-page.js" not in scripts("") and "paper-search.js" in scripts("")


@pytest.mark.parametrize("url", ["", "papers/deep-learning", "search"])
def test_every_page_loads_the_header_box_after_the_engine(site: BuiltSite, url: str) -> None:
    scripts = [tag for tag in site.html(url).select("script[src]")]
    names = [tag["src"].rsplit("/", 1)[-1] for tag in scripts]
    assert names.index("paper-search.js") < names.index("paper-search-box.js")
    # plain classic scripts, run in document order: the box and the page read window.PaperSearch at once
    assert not [tag for tag in scripts if tag.get("src", "").endswith(("paper-search.js", "paper-search-box.js"))
                and (tag.has_attr("defer") or tag.has_attr("async") or tag.get("type") == "module")]
