"""Feeds per topic and per author: one Atom feed each (the latest papers, a short plain-text summary each),
linked from their pages with <link rel="alternate">; the site-wide feed.xml keeps whole abstracts."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from generator.models import Paper
from generator.render import generate_docs
from generator.render.group_feeds import GROUP_FEED_SIZE, SUMMARY_LIMIT, short_summary
from sitebuild import SITE_URL, XSS_TITLE, fixture_site, write_store


@pytest.mark.parametrize("page,titles", [
    ("topics/transformers", ["An Image Is Worth 16x16 Words", "Attention Is All You Need", "Deep Learning"]),
    ("authors/ashish-vaswani", ["An Image Is Worth 16x16 Words", "Attention Is All You Need"]),
])
def test_group_atom_feeds_list_the_pages_papers_newest_first(page: str, titles: list[str]) -> None:
    site = fixture_site()
    feed = "feeds/" + page.replace("s/", "-", 1)
    atom = feedparser.parse((site.site / f"{feed}.xml").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    assert [entry.title for entry in atom.entries] == titles
    assert atom.feed.links[0].href == SITE_URL + page + "/"
    assert all(entry.link.startswith(SITE_URL + "papers/") and entry.summary for entry in atom.entries)
    assert not (site.site / f"{feed}.json").exists()  # one format per group


def test_every_group_feed_parses_and_holds_short_plain_summaries() -> None:
    site = fixture_site()
    feeds = sorted((site.site / "feeds").glob("*-*.xml"))
    assert {path.name.split("-", 1)[0] for path in feeds} == {"author", "topic"}
    assert not list((site.site / "feeds").glob("*.json"))
    for path in feeds:
        atom = feedparser.parse(path.read_bytes())
        assert not atom.bozo, (path.name, atom.get("bozo_exception"))
        assert 0 < len(atom.entries) <= GROUP_FEED_SIZE
        for entry in atom.entries:
            assert len(entry.summary) <= SUMMARY_LIMIT + 1 and entry.summary_detail.type == "text/plain"


def test_a_long_abstract_is_cut_in_group_feeds_and_whole_in_the_site_feed(tmp_path: Path) -> None:
    abstract = ("We measure how transformers memorise rare facts. " * 3 + "Longer models memorise more, "
                "and a small change to the loss halves it without hurting accuracy on held-out data.")
    papers = {"long": Paper(title="Long", authors=["Ann Author"], date="2024-02-03", topics=["Memory"], abstract=abstract)}
    docs = tmp_path / "docs"
    generate_docs(write_store(tmp_path / "content", papers), docs, SITE_URL, related="off", cache_dir=tmp_path / "cache")
    for feed in ("feeds/author-ann-author.xml", "feeds/topic-memory.xml"):
        entry = feedparser.parse((docs / feed).read_bytes()).entries[0]
        assert entry.summary == " ".join(["We measure how transformers memorise rare facts."] * 3)
    whole = feedparser.parse((docs / "feed.xml").read_bytes()).entries[0]
    assert whole.summary == abstract and len(abstract) > SUMMARY_LIMIT


def test_a_summary_is_a_sentence_or_two_cut_on_a_word() -> None:
    sentences = "We study memory in transformers. " * 4 + "The fifth sentence is much longer than the rest and so it is left out."
    assert len(sentences) > SUMMARY_LIMIT
    assert short_summary(sentences) == " ".join(["We study memory in transformers."] * 4)
    words = "word " * 100
    cut = short_summary(words)
    assert cut.endswith("word\u2026") and len(cut) <= SUMMARY_LIMIT and " wor\u2026" not in cut
    assert short_summary("Short abstract.\n\n  Two lines. ") == "Short abstract. Two lines."
    assert short_summary("") == ""
    opening = short_summary("Tiny. " + "x" * 30 + " " + "y " * 200)  # one short sentence fits: fill with words
    assert opening.startswith("Tiny. xxx") and opening.endswith("\u2026") and len(opening) <= SUMMARY_LIMIT


@pytest.mark.parametrize("page", ["topics/transformers", "authors/mallory", "topics/b-bold-b"])
def test_pages_link_their_feed_in_the_head(page: str) -> None:
    site = fixture_site()
    soup = site.html(page)
    feed = "feeds/" + page.replace("s/", "-", 1)
    own = [link for link in soup.head.select('link[rel="alternate"]') if "/feeds/" in link["href"]]
    assert [(link["href"].split("feeds/")[1], link["type"]) for link in own] == [(f"{feed[6:]}.xml", "application/atom+xml")]
    for link in own + soup.select(".pa-exports a[href*='feeds/']"):
        assert (site.site / page / link["href"]).resolve().exists()
    assert "JSON Feed" not in soup.get_text()
    assert (site.site / "feeds/sitemap.xml").exists()  # mkdocs-material fetches it beside alternates


def test_untrusted_names_stay_text_in_group_feeds() -> None:
    site = fixture_site()
    atom = feedparser.parse((site.site / "feeds/author-mallory.xml").read_bytes())
    assert atom.entries[0].title == XSS_TITLE and atom.entries[0].title_detail.type == "text/plain"
    topic = feedparser.parse((site.site / "feeds/topic-b-bold-b.xml").read_bytes())
    assert topic.feed.title == "Paper Archive: <b>bold</b>" and topic.feed.title_detail.type == "text/plain"
    title = site.html("topics/b-bold-b").head.select_one('link[type="application/atom+xml"][href*="feeds/"]')["title"]
    assert title == "<b>bold</b> (Atom)"
