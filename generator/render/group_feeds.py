"""Per-topic and per-author feeds: Atom (as feed.xml) and JSON Feed 1.1, next to the group's page.

Each paper's Atom entry and JSON Feed item is serialised once per site and joined into every feed that
lists it (the feeds of its authors and topics).
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from ..site_url import EMPTY_SITEMAP
from .feeds import atom_document, atom_time, captured_date, dated, feed_id
from .site import Site, SitePaper
from .text import clean_text

GROUP_FEED_SIZE = 10  # jekyll-feed's default: readers keep older entries, and a paper is in all its groups' feeds
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
JSON_SEPARATORS = (",", ":")


def group_atom(site: Site, title: str, page_url: str, feed_url: str, items: list[SitePaper]) -> bytes:
    """An Atom feed of a group's latest papers, its title type=text (a name may hold markup)."""
    return atom_document(site, title, page_url, feed_url, items, type="text")


def json_item_text(site: Site, item: SitePaper) -> str:
    """A JSON Feed item as compact JSON: plain text only (content_text), never HTML; built once per site."""
    return site.memo("json feed item text", item.slug, lambda: _json_text(_json_item(site, item)))


def _json_text(value: Any) -> str:
    """Compact JSON, non-ASCII kept as is."""
    return json.dumps(value, ensure_ascii=False, separators=JSON_SEPARATORS)


def _json_item(site: Site, item: SitePaper) -> dict[str, Any]:
    """One item; without a site URL no `url` (JSON Feed defines no base for relative ones) and a urn:uuid id."""
    paper = item.paper
    data: dict[str, Any] = {"id": feed_id(site, item.url)}
    if site.public_url(item.url):
        data["url"] = site.public_url(item.url)
    data |= {"title": clean_text(paper.title),
             "content_text": " ".join(clean_text(paper.abstract).split()) or clean_text(paper.title),
             **({"date_published": atom_time(paper.date)} if paper.date else {}),
             **({"date_modified": atom_time(captured_date(item) or "")} if not paper.date else {})}
    if paper.authors:
        data["authors"] = [{"name": clean_text(name)} for name in paper.authors]
    if paper.topics:
        data["tags"] = [clean_text(topic) for topic in paper.topics]
    return data


def group_json_feed(site: Site, title: str, page_url: str, feed_url: str, items: list[SitePaper]) -> bytes:
    """A JSON Feed 1.1 document of a group's latest papers: the header object with the item texts joined in."""
    header_data = {"version": JSON_FEED_VERSION, "title": clean_text(title)}
    if site.site_url:  # both are optional; a relative one would have nothing to resolve against
        header_data |= {"home_page_url": site.public_url(page_url), "feed_url": site.public_url(feed_url)}
    header = _json_text(header_data)
    entries = ",".join(json_item_text(site, item) for item in items)
    return f'{header[:-1]},"items":[{entries}]}}\n'.encode("utf-8")


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
    """Site-relative paths of a group's Atom and JSON feeds: feeds/topic-<slug>.xml, .json."""
    return {"atom": f"{FEEDS_DIR}/{kind}-{slug}.xml", "json": f"{FEEDS_DIR}/{kind}-{slug}.json"}


def group_feeds(site: Site, kind: str, slug: str, name: str, slugs: list[str]) -> dict[str, bytes]:
    """The Atom and JSON feeds of a group's GROUP_FEED_SIZE latest papers (`slugs` is newest first)."""
    items = dated([site.paper(paper_slug) for paper_slug in slugs])[:GROUP_FEED_SIZE]
    page_url, paths = f"{kind}s/{slug}/", group_feed_paths(kind, slug)
    title = f"Paper Archive: {clean_text(name)}"
    return {paths["atom"]: group_atom(site, title, page_url, paths["atom"], items),
            paths["json"]: group_json_feed(site, title, page_url, paths["json"], items)}


def feeds_folder_files(site: Site) -> dict[str, bytes]:
    """The feeds folder's own files (its sitemap.xml)."""
    return {f"{FEEDS_DIR}/sitemap.xml": feeds_sitemap(site)}
