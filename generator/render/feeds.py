"""The Atom feed of the latest papers (MkDocs itself writes sitemap.xml from `site_url`)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .pages import author_summary
from .site import Site, SitePaper
from .text import clean_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def atom_time(date: str | None) -> str:
    """An RFC 3339 timestamp for a (possibly partial) ISO date; undated papers get the epoch."""
    if not date:
        return "1970-01-01T00:00:00Z"
    year, month, day = (date.split("-") + ["01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = clean_text(text)
    return element


def feed_entry(feed: ET.Element, site: Site, item: SitePaper) -> None:
    """Append a paper's <entry>, built once per site: the same paper is in several group feeds."""
    feed.append(site.memo("atom entry", item.slug, lambda: _entry(site, item)))


def _entry(site: Site, item: SitePaper) -> ET.Element:
    """One <entry>; title and summary are type=text, so readers never interpret HTML in them."""
    entry = ET.Element(f"{{{ATOM}}}entry")
    _add(entry, "id", site.absolute(item.url))
    _add(entry, "title", item.paper.title, type="text")
    _add(entry, "link", href=site.absolute(item.url), rel="alternate", type="text/html")
    _add(entry, "updated", atom_time(item.paper.date))
    for name in item.paper.authors or [author_summary(item.paper) or "Unknown"]:
        _add(_add(entry, "author"), "name", name)
    for topic in item.paper.topics:
        _add(entry, "category", term=clean_text(topic))
    if item.paper.abstract.strip():
        _add(entry, "summary", " ".join(item.paper.abstract.split()), type="text")
    return entry


def atom_feed(site: Site) -> bytes:
    """feed.xml: the latest papers; `updated` is the newest paper's date, so equal input gives equal bytes."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    latest = site.papers[:FEED_SIZE]
    _add(feed, "id", site.absolute("feed.xml"))
    _add(feed, "title", "Paper Archive: latest papers")
    _add(feed, "link", href=site.absolute(""), rel="alternate", type="text/html")
    _add(feed, "link", href=site.absolute("feed.xml"), rel="self", type="application/atom+xml")
    _add(feed, "updated", atom_time(latest[0].paper.date if latest else None))
    for item in latest:
        feed_entry(feed, site, item)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
