"""The search widget in headless Chromium: typing finds the right papers, untrusted text stays text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.search.page import write_standalone_site
from generator.search.query import IndexReader
from generator.search.records import make_records
from generator.search.text import shard_name, tokenize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_search_index import make_store, words  # noqa: E402
from browser_support import browser, serve_directory  # noqa: E402, F401 - browser: the shared fixture (ARGS)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    store = make_store()
    root = tmp_path_factory.mktemp("site")
    write_standalone_site(store, root)
    with serve_directory(root) as url:
        yield url, store, IndexReader(root / "search-index")


@pytest.fixture(scope="module")
def start_url(site) -> str:
    """Where `page` opens: the standalone search page (test_search_forgiving_browser.py serves its own)."""
    return site[0]


@pytest.fixture
def page(browser, start_url: str):
    page = browser.new_page()
    page.goto(start_url)
    yield page
    page.close()


def search(page, text: str) -> None:
    """Type a query like a reader and wait until the widget shows its answer."""
    page.fill(".ps-input", "")
    page.type(".ps-input", text, delay=5)
    page.wait_for_function("q => { const r = document.querySelector('[data-paper-search]');"
                           " return r.dataset.state === 'done' && r.dataset.query === q; }", arg=text)


def shown_count(page) -> int:
    return int(page.text_content(".ps-status").split()[0].replace(",", ""))


def shown_slugs(page) -> list[str]:
    return [href.strip("/").split("/")[-1] for href in page.eval_on_selector_all(".ps-title", "els => els.map(e => e.getAttribute('href'))")]


def test_typing_a_title_word_shows_the_paper_highlighted(page, site):
    search(page, "quasicry")
    assert shown_slugs(page) == ["xss"]
    marks = page.eval_on_selector_all(".ps-hit mark", "els => els.map(e => e.textContent)")
    assert "Quasicrystal" in marks and "quasicrystal" in marks  # title and snippet


def test_xss_title_is_shown_as_text(page):
    search(page, "onerror")
    title = page.text_content(".ps-title")
    assert "<img src=x onerror=window.__xss=1>" in title
    assert page.text_content(".ps-authors") == "Eve <script>alert(1)</script>"
    assert page.eval_on_selector_all(".ps-results img, .ps-results script, .ps-results b", "els => els.length") == 0
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_author_prefix_gives_exactly_the_right_papers(page, site):
    _, store, _ = site
    prefix = words(store[0].paper.authors[0])[-1][:4]
    expected = {s.slug for s in store if any(w.startswith(prefix) for a in s.paper.authors for w in words(a))}
    search(page, f"author:{prefix}")
    assert shown_count(page) == len(expected)
    assert set(shown_slugs(page)) <= expected


def test_year_query_and_date_sort(page, site):
    _, store, _ = site
    expected = {s.slug for s in store if (s.paper.date or "").startswith("2020")}
    page.select_option(".ps-sort", "date")
    search(page, "year:2020")
    assert shown_count(page) == len(expected)
    dates = page.eval_on_selector_all(".ps-date", "els => els.map(e => e.textContent)")
    assert dates == sorted(dates, reverse=True) and all(d.startswith("2020") for d in dates)


def test_upvote_sort(page):
    page.select_option(".ps-sort", "upvotes")
    search(page, "learning")
    votes = page.eval_on_selector_all(".ps-hit", "els => els.map(e => { const v = e.querySelector('.ps-votes');"
                                      " return v ? +v.textContent.slice(2) : 0; })")
    assert votes == sorted(votes, reverse=True) and votes[0] > 0


def test_topic_facet_narrows_to_exactly_the_right_papers(page, site):
    _, store, reader = site
    search(page, "model")
    query_ids = reader.search("model")
    page.click(".ps-facet[data-facet=topic] summary")
    page.wait_for_selector(".ps-facet[data-facet=topic] .ps-value")
    topic = page.text_content(".ps-facet[data-facet=topic] .ps-value .ps-name")
    expected = query_ids & reader.facet_ids("topic", topic)
    count = int(page.text_content(".ps-facet[data-facet=topic] .ps-value .ps-n"))
    assert count == len(expected)
    page.check(".ps-facet[data-facet=topic] .ps-value input")
    page.wait_for_function("n => document.querySelector('.ps-status').textContent.startsWith(n + ' paper')",
                           arg=str(len(expected)))
    assert set(shown_slugs(page)) <= {s.slug for s in store if topic in s.paper.topics}


def test_author_facet_filters_by_full_name(page, site):
    _, store, _ = site
    search(page, "kernel")
    page.check(".ps-facet[data-facet=author] .ps-value input")
    name = page.text_content(".ps-facet[data-facet=author] .ps-value .ps-name")
    expected = {s.slug for s in store if name in s.paper.authors and "kernel" in " ".join(
        words(" ".join([s.paper.title, s.paper.abstract, *s.paper.topics, *s.paper.authors]))).split(" ")}
    page.wait_for_function("n => document.querySelector('.ps-status').textContent.startsWith(n + ' paper')",
                           arg=str(len(expected)))


def test_client_tokenizer_matches_python(page):
    samples = ["Schölkopf's L_2-norm", "Zoë Ødegaard", "GPT-4o: Über 3D", "ÆRO naïve café", "李 小龙 2024"]
    for text in samples:
        assert page.evaluate("t => PaperSearch.tokenize(t)", text) == tokenize(text)
        for term in tokenize(text):
            assert page.evaluate("t => PaperSearch.shardName(t, 3)", term) == shard_name(term)
    assert page.evaluate("t => PaperSearch.shardName(t, 3)", "jurgen_scholkopf") == shard_name("jurgen_scholkopf")


def test_top_ids_equal_a_full_sort(page):
    """The partial selection the widget ranks with gives exactly the first k of a full sort, ties included."""
    mismatches = page.evaluate("""() => {
        let seed = 7; const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const bad = [];
        for (let trial = 0; trial < 300; trial++) {
            const n = Math.floor(rand() * 500), k = Math.floor(rand() * 40);
            const ids = Int32Array.from(new Set(Array.from({length: n}, () => Math.floor(rand() * 1000))));
            const scores = new Float32Array(1000).map(() => Math.floor(rand() * 6));
            const votes = new Int32Array(1000).map(() => rand() < 0.7 ? 0 : Math.floor(rand() * 50));
            for (const keys of [scores, votes, null]) {
                const cmp = keys ? (a, b) => keys[b] - keys[a] || b - a : (a, b) => b - a;
                const want = Array.from(ids).sort(cmp).slice(0, k), got = PaperSearch.topIds(ids, k, keys);
                if (JSON.stringify(want) !== JSON.stringify(got)) bad.push({n, k, want, got});
            }
        }
        return bad.slice(0, 3);
    }""")
    assert mismatches == []


def test_more_results_continue_the_same_order(page, site):
    _, _, reader = site
    page.select_option(".ps-sort", "date")
    search(page, "learning")
    page.click(".ps-more")
    page.wait_for_function("() => document.querySelectorAll('.ps-hit').length === 20")
    ids = [int(i) for i in page.eval_on_selector_all(".ps-hit", "els => els.map(e => e.dataset.id)")]
    assert ids == sorted(reader.search("learning"), reverse=True)[:20]


# ---- the built site: the header's search box on every page, and the search page ----

CLS_OBSERVER = """window.__cls = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"""
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def built_url():
    from sitebuild import fixture_site
    with serve_directory(fixture_site().site) as url:
        yield url


@pytest.fixture
def open_page(browser):
    pages = []

    def opened(url: str, viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or {"width": 1366, "height": 800})
        context.add_init_script(CLS_OBSERVER)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(url)
        pages.append(page)
        return page
    yield opened
    for page in pages:
        page.context.close()


def wait_for_suggestions(page, text: str) -> list[str]:
    """Until the header's dropdown shows the hits for `text`; their titles, in order."""
    page.wait_for_function("q => { const r = document.querySelector('[data-pa-header-search]');"
                           " return r.dataset.state === 'done' && r.dataset.query === q; }", arg=text)
    return page.eval_on_selector_all("#pa-suggest-list .pa-suggest__title", "els => els.map(e => e.textContent)")


def wait_for_page_results(page) -> None:
    page.wait_for_function("() => { const r = document.querySelector('[data-paper-search]');"
                           " return r.dataset.state === 'done' && r.dataset.query === r.querySelector('.ps-input').value; }")


def test_header_box_shows_top_hits_while_typing(open_page, built_url):
    page = open_page(built_url + "papers/deep-learning/")
    box = page.locator("header input[role=combobox]")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("header [role=dialog]").count() == 0  # axe: aria-dialog-name
    box.click()
    box.type("transfo", delay=20)
    titles = wait_for_suggestions(page, "transfo")
    assert "Attention Is All You Need" in titles and "An Image Is Worth 16x16 Words" in titles
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox" and listbox.is_visible()
    meta = page.locator(".pa-suggest__hit", has_text="Attention Is All").locator(".pa-suggest__meta").text_content()
    assert meta == "Ashish Vaswani, Noam Shazeer \u00b7 2017"
    assert page.errors == []


def test_header_keyboard_only_slash_arrows_enter_escape(open_page, built_url):
    page = open_page(built_url + "topics/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    page.keyboard.type("vaswani", delay=20)
    assert len(wait_for_suggestions(page, "vaswani")) == 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    box = page.locator("header input[role=combobox]")
    second = page.locator("#pa-suggest-1")
    assert box.get_attribute("aria-activedescendant") == "pa-suggest-1"
    assert second.get_attribute("aria-selected") == "true"
    target = second.get_attribute("href")
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and not page.locator("#pa-suggest-list").is_visible()
    assert box.get_attribute("aria-activedescendant") is None
    page.keyboard.press("ArrowDown")  # opens it again, nothing highlighted
    wait_for_suggestions(page, "vaswani")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == target and page.url.endswith("/papers/attention-is-all-you-need/")


def test_header_enter_without_a_highlight_opens_the_search_page(open_page, built_url):
    page = open_page(built_url)
    page.click("header input[role=combobox]")
    page.keyboard.type("vaswani", delay=20)
    wait_for_suggestions(page, "vaswani")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/search/?q=vaswani")
    wait_for_page_results(page)
    assert page.text_content(".ps-status") == "2 papers"


def test_header_slash_is_ignored_while_typing_in_a_field(open_page, built_url):
    page = open_page(built_url + "search/")
    page.click(".ps-input")
    page.keyboard.type("a/b")
    assert page.input_value(".ps-input") == "a/b"


def test_phone_icon_opens_the_box_and_typing_shows_hits(open_page, built_url):
    page = open_page(built_url + "authors/", PHONE)
    box = page.locator("header input[role=combobox]")
    shown = "() => getComputedStyle(document.querySelector('.pa-header-search .md-search__inner')).opacity"
    assert page.evaluate(shown) == "0"  # a phone shows the icon, not the box
    page.click("header label.md-header__button[for=__search]")
    page.wait_for_function(shown + " === '1'")
    assert box.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    width = box.bounding_box()["width"]
    assert width > PHONE["width"] * 0.6
    page.keyboard.type("zebrafish", delay=20)
    assert wait_for_suggestions(page, "zebrafish") == ["An Image Is Worth 16x16 Words"]
    hit = page.locator("#pa-suggest-0").bounding_box()
    assert hit["y"] >= box.bounding_box()["y"] and hit["y"] + hit["height"] <= PHONE["height"]


def test_facets_speak_readers_words(open_page, built_url):
    page = open_page(built_url + "search/?q=attention")
    wait_for_page_results(page)
    page.wait_for_selector(".ps-facet[data-facet=source] .ps-value")
    facets = page.inner_text(".ps-facets")
    assert ".txt" not in facets
    source = page.eval_on_selector_all(".ps-facet[data-facet=source] .ps-name", "els => els.map(e => e.textContent)")
    assert source == ["Hugging Face Daily Papers"]  # two files of one listing: one value
    category = page.eval_on_selector_all(".ps-facet[data-facet=category] .ps-name", "els => els.map(e => e.textContent)")
    assert category == ["cs.CL \u2014 Computation and Language"]
    sizes = page.eval_on_selector_all(".ps-facet:not([hidden]) summary", "els => els.map(e => e.textContent)")
    assert "Seen on 2" in sizes and "arXiv category 1" in sizes  # headings say how many values there are


def test_facet_checkboxes_are_touch_sized(open_page, built_url):
    page = open_page(built_url + "search/?q=transformer")
    wait_for_page_results(page)
    boxes = page.eval_on_selector_all(".ps-facets input[type=checkbox]",
                                      "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert boxes and all(width >= 24 and height >= 24 for width, height in boxes)
    rows = page.eval_on_selector_all(".ps-facet summary, .ps-value", "els => els.map(e => e.getBoundingClientRect().height)")
    assert all(height >= 24 for height in rows)


def test_no_hits_says_so_and_offers_what_finds_papers(open_page, built_url):
    page = open_page(built_url + "search/?q=xyzzyq")
    wait_for_page_results(page)
    empty = page.locator(".ps-empty")
    assert empty.is_visible() and "No papers match xyzzyq" in empty.inner_text()
    assert "No paper contains xyzzyq" in empty.inner_text()
    assert page.locator(".ps-hit").count() == 0 and "0 papers" not in page.inner_text("[data-paper-search]")
    assert page.locator(".ps-empty a.ps-tip", has_text="Browse papers by topic").get_attribute("href") == "../topics/"


def test_an_unknown_word_is_left_out_with_a_notice(open_page, built_url):
    page = open_page(built_url + "search/?q=transformer%20xyzzyq")
    wait_for_page_results(page)
    assert page.locator(".ps-hit").count() == 3 and page.text_content(".ps-status") == "3 papers"
    assert "No paper contains xyzzyq" in page.inner_text(".ps-notice")


def test_no_hits_offers_to_drop_a_filter(open_page, built_url):
    page = open_page(built_url + "search/?q=transformer%20year:2019")
    wait_for_page_results(page)
    page.locator(".ps-tip", has_text="Remove filter \u201cYear: 2019\u201d").click()
    wait_for_page_results(page)
    assert page.input_value(".ps-input") == "transformer" and page.locator(".ps-hit").count() == 3


def test_typos_and_plurals_are_forgiven_on_the_built_site(open_page, built_url):
    page = open_page(built_url + "search/?q=zebrafishes%20transformerz")
    wait_for_page_results(page)
    assert "Showing results for" in page.inner_text(".ps-notice")
    assert page.locator(".ps-hit").count() >= 1
    assert "transformer" in page.inner_text(".ps-notice em").lower()


def test_phone_results_first_filters_behind_a_button(open_page, built_url):
    page = open_page(built_url + "search/?q=transformer", PHONE)
    wait_for_page_results(page)
    button = page.locator(".ps-filters-button")
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not page.locator(".ps-facets").is_visible()
    first = page.locator(".ps-hit").first.bounding_box()
    assert first["y"] + 40 < PHONE["height"] / 2  # the first result is on the first half-screen
    button.click()
    assert button.get_attribute("aria-expanded") == "true" and page.locator(".ps-facets").is_visible()
    page.check(".ps-facet[data-facet=year] input[value='2020']")
    page.wait_for_function("() => document.querySelectorAll('.ps-hit').length === 1")
    assert button.text_content() == "Filters(1)" and button.inner_text().replace("\n", " ") == "Filters (1)"


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1366, "height": 800}])
@pytest.mark.parametrize("query", ["transformer", "xyzzyq"])
def test_search_page_does_not_shift_while_results_load(open_page, built_url, viewport, query):
    page = open_page(built_url + "search/?q=" + query, viewport)
    wait_for_page_results(page)
    page.wait_for_timeout(600)
    assert page.evaluate("window.__cls") < 0.1


def test_search_page_input_is_labelled_and_visible(open_page, built_url):
    page = open_page(built_url + "search/")
    label = page.locator("label[for=ps-q]")
    assert label.is_visible() and label.text_content() == "Search papers"
    assert page.locator("#ps-q").is_visible()


def test_header_dropdown_shows_untrusted_titles_and_names_as_text(open_page, built_url):
    page = open_page(built_url)
    page.keyboard.press("/")
    page.keyboard.type("mallory", delay=20)
    titles = wait_for_suggestions(page, "mallory")
    assert titles and "<script>window.__xss=1</script>" in titles[0] and "<img src=x" in titles[0]
    meta = page.text_content("#pa-suggest-0 .pa-suggest__meta")
    assert meta == '<img src=x onerror="window.__xss=1">, Mallory \u00b7 2024'
    assert page.locator("[data-pa-header-search] script, [data-pa-header-search] img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined" and page.errors == []


def test_header_forgives_a_typo_and_says_what_it_searched(open_page, built_url):
    page = open_page(built_url + "authors/")
    page.click("header input[role=combobox]")
    page.keyboard.type("zebarfish", delay=20)
    assert wait_for_suggestions(page, "zebarfish") == ["An Image Is Worth 16x16 Words"]
    assert page.text_content(".pa-suggest__status") == "Showing results for zebrafish"
    assert page.is_visible(".pa-suggest__status")
