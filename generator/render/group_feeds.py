"""Per-topic and per-author Atom feeds (feeds/<kind>-<slug>.xml), linked from the group's page.

What a follower needs to decide whether to open a paper: its title, authors, date, topics and a summary of a
sentence or two (SUMMARY_LIMIT characters at most, cut on a word boundary). The whole abstract is one click
away on the paper page, and in the site-wide feed.xml. A paper is in every feed of its ~6 authors and its
topics, so whole abstracts there were ~9 KB per paper; each paper's short entry is built once per site.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from ..site_url import EMPTY_SITEMAP
from .feeds import atom_document, dated, paper_entry_xml
from .site import Site, SitePaper
from .text import clean_text

GROUP_FEED_SIZE = 10  # jekyll-feed's default: readers keep older entries, and a paper is in all its groups' feeds
SUMMARY_LIMIT = 200  # characters: about two sentences of an abstract, what a feed reader's list shows
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
ELLIPSIS = "\u2026"


def short_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The abstract's first sentences that fit in `limit` characters, else (none, or one short one fits) its
    first words and '…': plain text, never cut inside a word."""
    text = " ".join(clean_text(text).split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        joined = f"{kept} {sentence}" if kept else sentence
        if len(joined) > limit:
            break
        kept = joined
    if len(kept) >= limit // 2:
        return kept
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit - 1]
    return cut.rstrip(" ,;:-\u2013\u2014") + ELLIPSIS


def group_entry_text(site: Site, item: SitePaper) -> str:
    """A paper's <entry> on one line with a short summary, built once per site, joined into each of its groups' feeds."""
    return site.memo("group atom entry text", item.slug,
                     lambda: paper_entry_xml(site, item, short_summary(item.paper.abstract), indented=False))


def group_atom(site: Site, title: str, page_url: str, feed_url: str, items: list[SitePaper]) -> bytes:
    """An Atom feed of a group's latest papers, its title type=text (a name may hold markup)."""
    return atom_document(site, title, page_url, feed_url, items, entry=group_entry_text, type="text")


# All group feeds live in one folder, with a sitemap.xml: mkdocs-material fetches sitemap.xml beside every
# <link rel="alternate"> (it looks for language alternates there), and a 404 would be a console error on
# every topic and author page. An empty <urlset> is not a valid sitemap (the schema wants one <url> or more),
# so the folder's sitemap.xml is a valid sitemap *index* naming the site's own sitemap, which crawlers then
# read; Material finds no <url> in it and moves on. Without an absolute site URL no sitemap can name a
# page (the protocol wants full URLs), so that build gets the empty <urlset>, as the site's own would be.
FEEDS_DIR = "feeds"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def feeds_sitemap(site: Site) -> bytes:
    """The feeds folder's sitemap.xml: an index naming the site's sitemap (see FEEDS_DIR above)."""
    if not site.site_url.startswith(("https://", "http://")):
        return EMPTY_SITEMAP
    location = escape(site.public_url("sitemap.xml"))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NAMESPACE}">\n'
            f'<sitemap><loc>{location}</loc></sitemap>\n</sitemapindex>\n').encode("utf-8")


def group_feed_paths(kind: str, slug: str) -> dict[str, str]:
    """Site-relative path of a group's Atom feed: feeds/topic-<slug>.xml."""
    return {"atom": f"{FEEDS_DIR}/{kind}-{slug}.xml"}


def group_feeds(site: Site, kind: str, slug: str, name: str, slugs: list[str]) -> dict[str, bytes]:
    """The Atom feed of a group's GROUP_FEED_SIZE latest papers (`slugs` is newest first)."""
    items = dated([site.paper(paper_slug) for paper_slug in slugs])[:GROUP_FEED_SIZE]
    page_url, paths = f"{kind}s/{slug}/", group_feed_paths(kind, slug)
    title = f"Paper Archive: {clean_text(name)}"
    return {paths["atom"]: group_atom(site, title, page_url, paths["atom"], items)}


def feeds_folder_files(site: Site) -> dict[str, bytes]:
    """The feeds folder's own files (its sitemap.xml)."""
    return {f"{FEEDS_DIR}/sitemap.xml": feeds_sitemap(site)}
