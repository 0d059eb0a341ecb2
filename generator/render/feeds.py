"""Atom feeds: the site's latest papers as feed.xml (MkDocs itself writes sitemap.xml from `site_url`).

Feeds are written as text, not ElementTree: a paper's <entry> is escaped and indented once per site
and joined into every feed that lists it (feed.xml and its authors' and topics' feeds).

Without a site URL a feed carries no absolute URL (RFC 4287 lets links be relative): links are
site-relative under `xml:base` pointing at the site root, which a reader resolves against the feed's
own address, and ids (which must be absolute IRIs that never change) are `urn:uuid:` names derived from
the page's path (`feed_id`).
"""

from __future__ import annotations

import uuid
from typing import Callable
from xml.sax.saxutils import escape

from .site import Site, SitePaper
from .text import clean_text

ATOM = "http://www.w3.org/2005/Atom"
# RFC 4287 wants an author on every entry, or one on the feed that entries without their own inherit. A
# paper whose listing named no one (or gave only "7 authors") gets no invented author; the feed's author,
# the archive that compiled it, stands in, as the RFC provides.
FEED_AUTHOR = "Paper Archive"
FEED_SIZE = 50
XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
INDENT = "  "
# What an attribute value must escape besides & < > (as ElementTree does): its quote and whitespace
# that an XML parser would otherwise normalise to spaces.
ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


def atom_time(date: str) -> str:
    """An RFC 3339 timestamp for a (possibly partial) ISO date: 2015-05 -> 2015-05-01T00:00:00Z."""
    year, month, day = (date.split("-") + ["01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def captured_date(item: SitePaper) -> str | None:
    """The first day a listing that names the paper was captured: when the archive learned of it."""
    return min((source.captured for source in item.paper.sources if source.captured), default=None)


def updated_date(item: SitePaper) -> str | None:
    """A feed entry's date: the paper's own, else (an undated paper) its capture date, never an invented one."""
    return item.paper.date or captured_date(item)


def dated(items: list[SitePaper]) -> list[SitePaper]:
    """The papers a feed can list: Atom wants a date on every entry, so a paper with neither date is left out."""
    return [item for item in items if updated_date(item)]


def newest_date(items: list[SitePaper]) -> str:
    """A feed's `updated`: its newest entry's (equal input, equal bytes); an empty feed has no date but the epoch."""
    return max((atom_time(updated_date(item) or "") for item in items), default=atom_time("1970-01-01"))


ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/paper-archive/paper-archive")


def feed_id(site: Site, url: str) -> str:
    """A permanent id for a site-relative URL: the public URL, or urn:uuid:<uuid5 of the path> without one."""
    return site.public_url(url) or f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, url)}"


def feed_link(site: Site, url: str) -> str:
    """A link target: the public URL, or the site-relative URL (resolved through the feed's xml:base)."""
    return site.public_url(url) or url or "./"


def root_base(feed_url: str) -> str:
    """xml:base naming the site root relative to a feed's own path: './' for feed.xml, '../' in feeds/."""
    return "../" * feed_url.count("/") or "./"


def _element(depth: int | None, tag: str, text: str | None = None, **attributes: str) -> str:
    """One element on its own indented line (depth None: inline): text cleaned and escaped, attributes quoted."""
    quoted = "".join(f' {name}="{escape(value, ATTRIBUTE_ENTITIES)}"' for name, value in attributes.items())
    body = escape(clean_text(text)) if text is not None else ""
    line = f"<{tag}{quoted}>{body}</{tag}>" if body else f"<{tag}{quoted} />"
    return line if depth is None else f"{INDENT * depth}{line}\n"


def entry_text(site: Site, item: SitePaper) -> str:
    """A paper's indented <entry> with its whole abstract (feed.xml), built once per site."""
    return site.memo("atom entry text", item.slug, lambda: paper_entry_xml(site, item, " ".join(item.paper.abstract.split())))


def paper_entry_xml(site: Site, item: SitePaper, summary: str, indented: bool = True) -> str:
    """One <entry>; title and summary are type=text, so readers never interpret HTML in them.

    Indented, one element a line (feed.xml), or on one line (group feeds: ~20% smaller, repeated in ~8 feeds)."""
    paper = item.paper
    inner, name_depth = (2, 3) if indented else (None, None)
    open_, close = (f"{INDENT * 2}<author>\n", f"{INDENT * 2}</author>\n") if indented else ("<author>", "</author>")
    lines = [_element(inner, "id", feed_id(site, item.url)), _element(inner, "title", paper.title, type="text"),
             _element(inner, "link", href=feed_link(site, item.url), rel="alternate", type="text/html"),
             _element(inner, "updated", atom_time(updated_date(item) or ""))]
    if paper.date:
        lines.append(_element(inner, "published", atom_time(paper.date)))
    for name in paper.authors:  # only real names; a count ("7 authors") is not an author (see FEED_AUTHOR)
        lines.append(f"{open_}{_element(name_depth, 'name', name)}{close}")
    lines += [_element(inner, "category", term=clean_text(topic)) for topic in paper.topics]
    if summary:
        lines.append(_element(inner, "summary", summary, type="text"))
    if not indented:
        return f"{INDENT}<entry>{''.join(lines)}</entry>\n"
    return f"{INDENT}<entry>\n{''.join(lines)}{INDENT}</entry>\n"


EntryText = Callable[[Site, SitePaper], str]


def atom_document(site: Site, title: str, page_url: str, feed_url: str, items: list[SitePaper],
                  entry: EntryText = entry_text, **title_attributes: str) -> bytes:
    """An Atom feed of `items`, newest first; `updated` is the newest paper's date (equal input, equal bytes).

    `entry` writes each paper's <entry>: the whole abstract (feed.xml) or a short summary (group feeds)."""
    items = dated(items)
    header = [_element(1, "id", feed_id(site, feed_url)), _element(1, "title", title, **title_attributes),
              _element(1, "link", href=feed_link(site, page_url), rel="alternate", type="text/html"),
              _element(1, "link", href=feed_link(site, feed_url), rel="self", type="application/atom+xml"),
              _element(1, "updated", newest_date(items)),
              f"{INDENT}<author>\n{_element(2, 'name', FEED_AUTHOR)}{INDENT}</author>\n"]
    body = "".join(header + [entry(site, item) for item in items])
    base = "" if site.site_url else f' xml:base="{root_base(feed_url)}"'
    return f'{XML_DECLARATION}<feed xmlns="{ATOM}"{base}>\n{body}</feed>\n'.encode("utf-8")


def atom_feed(site: Site) -> bytes:
    """feed.xml: the site's latest FEED_SIZE papers."""
    return atom_document(site, "Paper Archive: latest papers", "", "feed.xml", dated(site.papers)[:FEED_SIZE])
