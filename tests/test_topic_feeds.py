"""Feeds per topic and per author: Atom and JSON Feed 1.1, linked from their pages with <link rel="alternate">."""

from __future__ import annotations

import json

import feedparser
import pytest

from sitebuild import SITE_URL, XSS_TITLE, fixture_site


@pytest.mark.parametrize("page,titles", [
    ("topics/transformers", ["An Image Is Worth 16x16 Words", "Attention Is All You Need", "Deep Learning"]),
    ("authors/ashish-vaswani", ["An Image Is Worth 16x16 Words", "Attention Is All You Need"]),
])
def test_atom_and_json_feeds_list_the_pages_papers_newest_first(page: str, titles: list[str]) -> None:
    site = fixture_site()
    feed = "feeds/" + page.replace("s/", "-", 1)
    atom = feedparser.parse((site.site / f"{feed}.xml").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    assert [entry.title for entry in atom.entries] == titles
    assert atom.feed.links[0].href == SITE_URL + page + "/"
    document = json.loads((site.site / f"{feed}.json").read_text())
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == SITE_URL + f"{feed}.json"
    assert [item["title"] for item in document["items"]] == titles
    assert all(item["url"].startswith(SITE_URL + "papers/") and item["content_text"] for item in document["items"])


@pytest.mark.parametrize("page", ["topics/transformers", "authors/mallory", "topics/b-bold-b"])
def test_pages_link_their_feeds_in_the_head(page: str) -> None:
    site = fixture_site()
    head = site.html(page).head
    feed = "feeds/" + page.replace("s/", "-", 1)
    own = [link for link in head.select('link[rel="alternate"]') if "/feeds/" in link["href"]]
    assert {link["href"].split("feeds/")[1] for link in own} == {f"{feed[6:]}.xml", f"{feed[6:]}.json"}
    assert {link["type"] for link in own} == {"application/atom+xml", "application/feed+json"}
    for link in own:
        assert (site.site / page / link["href"]).resolve().exists()
    assert (site.site / "feeds/sitemap.xml").exists()  # mkdocs-material fetches it beside alternates


def test_untrusted_names_stay_text_in_group_feeds() -> None:
    site = fixture_site()
    atom = feedparser.parse((site.site / "feeds/author-mallory.xml").read_bytes())
    assert atom.entries[0].title == XSS_TITLE and atom.entries[0].title_detail.type == "text/plain"
    document = json.loads((site.site / "feeds/topic-b-bold-b.json").read_text())
    assert document["title"] == "Paper Archive: <b>bold</b>" and "content_html" not in document["items"][0]
    title = site.html("topics/b-bold-b").head.select('link[type="application/feed+json"]')[0]["title"]
    assert title == "<b>bold</b> (JSON Feed)"
