"""Forgiving search (issue 19) in headless Chromium: typos (first letters too), word forms both ways, one
unknown word, exact above corrected, fielded queries exact, payloads as text; and the probes of the issue
on the bundled store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator.search.page import write_standalone_site
from generator.store import load_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_forgiving_store import TYPOS, forgiving_store  # noqa: E402
from browser_support import browser, serve_directory  # noqa: E402, F401 - browser: the shared fixture (ARGS)
from test_search_browser import page, search, shown_slugs  # noqa: E402, F401 - page: a tab on start_url

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
TABLE = json.loads((Path(__file__).resolve().parent / "search_forgiving_table.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def start_url(tmp_path_factory: pytest.TempPathFactory):
    """The forgiving store's standalone search page, served: where `page` opens."""
    root = tmp_path_factory.mktemp("forgiving")
    write_standalone_site(forgiving_store(), root)
    with serve_directory(root) as url:
        yield url


def notice(page) -> str:
    return page.inner_text(".ps-notice") if page.is_visible(".ps-notice") else ""


def test_js_rules_follow_the_shared_table(page) -> None:
    got = page.evaluate("""t => ({
        forms: t.forms.map(p => PaperSearch.wordForm(p[0])),
        distances: t.distances.map(d => PaperSearch.editDistance(d[0], d[1], d[2])),
        edits: t.edits.map(e => PaperSearch.maxEdits(e[0])),
        buckets: ["qua", "uas", "\u00e9t\u00e9"].map(k => PaperSearch.fuzzyBucket(k, 64)),
        keys: PaperSearch.fuzzyKeys("memorization").sort() })""", TABLE)
    from generator.search.text import fuzzy_bucket, fuzzy_keys
    assert got["forms"] == [form for _, form in TABLE["forms"]]
    assert got["distances"] == [min(d, limit + 1) for _, _, limit, d in TABLE["distances"]]
    assert got["edits"] == [edits for _, edits in TABLE["edits"]]
    assert got["buckets"] == [fuzzy_bucket(key, 64) for key in ("qua", "uas", "\u00e9t\u00e9")]
    assert got["keys"] == sorted(fuzzy_keys("memorization"))


@pytest.mark.parametrize(("kind", "typo"), TYPOS)
def test_each_kind_of_typo_finds_the_paper_and_says_so(page, kind: str, typo: str) -> None:
    search(page, typo)
    assert shown_slugs(page)[:1] == ["xss"], kind
    assert "Showing results for quasicrystal" in notice(page)
    marks = page.eval_on_selector_all(".ps-hit mark", "els => els.map(e => e.textContent)")
    assert "Quasicrystal" in marks  # the corrected word is highlighted


def test_plural_and_singular_find_each_other(page) -> None:
    search(page, "zeolites catalysts")
    assert shown_slugs(page) == ["zeolite"] and notice(page) == ""
    assert page.eval_on_selector_all(".ps-title mark", "els => els.map(e => e.textContent)") == ["Zeolite", "Catalyst"]
    search(page, "study quasiperiodic")
    assert shown_slugs(page) == ["studies"]


def test_prefix_search_as_you_type_still_works(page) -> None:
    search(page, "quasicry")
    assert shown_slugs(page) == ["xss"] and notice(page) == ""


def test_one_unknown_word_returns_the_rest_with_a_notice_and_an_exact_link(page) -> None:
    search(page, "quasicrystal zebrafishology")
    assert shown_slugs(page) == ["xss"]
    assert "No paper contains zebrafishology" in notice(page)
    assert page.text_content(".ps-notice em") == "zebrafishology"
    page.click(".ps-exact")
    page.wait_for_selector(".ps-empty:not([hidden])")
    assert "No papers match quasicrystal zebrafishology" in page.inner_text(".ps-empty")
    assert "exact=1" in page.url
    page.click(".ps-empty .ps-exact")
    page.wait_for_selector(".ps-hit:not(.ps-skeleton)")
    assert shown_slugs(page) == ["xss"]


def test_an_unknown_word_is_left_out_before_the_others_are_intersected(page) -> None:
    search(page, "sketching zebrafishology tensor")
    assert shown_slugs(page) == ["sketching", "typo-in-title"]  # not every paper with "tensor"
    assert "No paper contains zebrafishology" in notice(page) and "most of them" not in notice(page)


def test_words_that_never_meet_rank_papers_by_how_many_match(page) -> None:
    search(page, "zeolite tensor sketching")
    slugs = shown_slugs(page)
    assert slugs[0] == "sketching" and "zeolite" in slugs  # two words beat one
    assert "No paper has all of these words" in notice(page)


def test_exact_outranks_corrected(page) -> None:
    search(page, "skteching")
    assert shown_slugs(page) == ["typo-in-title", "sketching"]
    search(page, "sketching")
    assert shown_slugs(page) == ["sketching", "typo-in-title"]


def test_fielded_queries_stay_exact(page) -> None:
    search(page, "author:eev")
    assert page.is_visible(".ps-empty") and not page.is_visible(".ps-notice")
    search(page, "topic:securty")
    assert page.is_visible(".ps-empty")
    search(page, "topic:security")
    expected = {s.slug for s in forgiving_store() if any(t.lower().startswith("security") for t in s.paper.topics)}
    assert "xss" in shown_slugs(page) and set(shown_slugs(page)) <= expected and notice(page) == ""


def test_a_payload_typed_as_a_query_stays_text(page) -> None:
    payload = "quasicrystal <img src=x onerror=window.__pwn=1> zebrafishology<script>window.__pwn=2</script>"
    search(page, payload)
    assert shown_slugs(page)[0] == "xss"  # the paper with the most of these words
    assert page.eval_on_selector_all(".ps-notice img, .ps-notice script, .ps-empty img", "els => els.length") == 0
    assert "Search for exactly \u201c" + payload + "\u201d" in notice(page)
    assert page.evaluate("typeof window.__pwn") == "undefined"


PROBE = """async papers => {
  const ix = await new PaperSearch.Index("search-index/").open();
  const rank = async (text, slug) => (await PaperSearch.topHits(ix, text, 5)).docs.findIndex(d => d.u.includes("/" + slug + "/"));
  const longest = ws => ws.reduce((a, b) => b.length > a.length ? b : a, "");
  const out = { swappedInside: 0, swapped: 0, flipped: 0, unknown: 0, flippable: 0, n: papers.length };
  for (const p of papers) {
    const words = p.title.split(/\\s+/), long = longest(words);
    const swapped = words.map(w => w === long && w.length > 3 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w).join(" ");
    if (await rank(swapped, p.slug) >= 0) out.swapped++;
    const mid = long.length >> 1, inner = long.length > 5 ? long.slice(0, mid) + long[mid + 1] + long[mid] + long.slice(mid + 2) : long;
    if (await rank(words.map(w => w === long ? inner : w).join(" "), p.slug) >= 0) out.swappedInside++;
    const i = words.findIndex(w => /^[A-Za-z]{4,}$/.test(w) && !/(ss|us|is)$/i.test(w));
    if (i >= 0) {
      out.flippable++;
      const flip = words.slice(); flip[i] = /s$/i.test(flip[i]) ? flip[i].slice(0, -1) : flip[i] + "s";
      if (await rank(flip.join(" "), p.slug) >= 0) out.flipped++;
    }
    if (await rank(p.title + " zebrafishology", p.slug) >= 0) out.unknown++;
  }
  return out;
}"""


def test_the_issues_probes_on_the_bundled_store(browser, tmp_path_factory) -> None:
    store = load_store(ROOT / "content")
    assert len(store) > 100
    root = tmp_path_factory.mktemp("bundled")
    write_standalone_site(store, root, base_url="/")
    with serve_directory(root) as url:
        page = browser.new_page()
        page.goto(url)
        got = page.evaluate(PROBE, [{"slug": s.slug, "title": s.paper.title} for s in store])
        page.close()
    print(got)
    assert got["swapped"] >= 0.9 * got["n"] and got["swappedInside"] >= 0.9 * got["n"] and got["unknown"] >= 0.95 * got["n"]
    assert got["flipped"] >= 0.95 * got["flippable"]
