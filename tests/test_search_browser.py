"""The search widget in headless Chromium: typing finds the right papers, untrusted text stays text."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

from generator.search.page import write_standalone_site
from generator.search.query import IndexReader
from generator.search.records import make_records
from generator.search.text import shard_name, tokenize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_search_index import make_store, words  # noqa: E402

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    store = make_store()
    root = tmp_path_factory.mktemp("site")
    write_standalone_site(store, root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", store, IndexReader(root / "search-index")
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    page = browser.new_page()
    page.goto(site[0])
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
