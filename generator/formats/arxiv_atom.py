"""arXiv feeds saved to a file: an arXiv API response (Atom) or an arXiv RSS/Atom listing, read by feedparser.

Each entry gives its full author list, abstract, primary category (the paper's arxiv_category) and all its
categories (kept on the source: 'cs.AI' is not a topic name), `published` date,
DOI and journal reference; every version of a paper (2106.01234v1, v2) is one record under one id.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import feedparser

from ..errors import Problem
from ..models import Source
from ..normalise import normalise_arxiv_id
from .records import Fields, to_source

NAME = "arxiv-atom"
ENTRY_START = re.compile(r"<(?:entry|item)[\s>]")
# An RSS description: 'arXiv:2412.01234v1 Announce Type: new \nAbstract: We ...'.
OLD_RSS_TITLE = re.compile(r"\s*\(arXiv:\S+?(?: \[(?P<category>[^\]]+)\])?(?: UPDATED)?\)\s*$")
RSS_ABSTRACT = re.compile(r"^\s*arXiv:\S+\s+Announce Type:\s*\S+\s*Abstract:\s*", re.IGNORECASE)


def detect(lines: list[str]) -> bool:
    """An XML feed (Atom <feed> or RSS) from arxiv.org."""
    head = "\n".join(lines[:60])
    return bool(re.search(r"<(?:feed|rss|rdf:RDF)\b", head)) and "arxiv.org" in head.lower()


def _entry_lines(lines: list[str]) -> list[int]:
    """The line of each <entry>/<item> start, in order (feedparser does not keep positions)."""
    return [number for number, line in enumerate(lines, start=1) for _ in ENTRY_START.findall(line)]


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


class _TextOnly(HTMLParser):
    """The text of an HTML fragment (old arXiv RSS: '<a href=...>Ada Lovelace</a>', '<p>abstract</p>')."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(value: str | None, detail: dict | None) -> str:
    """A feed text as plain text: HTML (RSS descriptions) reduced to its text, plain text (the API) as it is."""
    if not value or "html" not in str((detail or {}).get("type", "")):
        return _text(value)
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    return _text("".join(parser.parts))


def _names(entry: feedparser.FeedParserDict) -> list[str]:
    """Every author: the API's <author><name> elements, or the RSS dc:creator's comma-separated list."""
    names = [_plain(author.get("name"), {"type": "text/html"} if "<" in (author.get("name") or "") else None)
             for author in entry.get("authors") or [] if author.get("name")]
    parts = [_text(name) for name in names[0].split(",")] if len(names) == 1 else []
    if len(parts) > 1 and all(" " in part for part in parts):  # RSS: 'Ada Lovelace, Alan Turing'
        names = parts
    return [name for name in names if name]


def entry_fields(entry: feedparser.FeedParserDict, line: int) -> Fields:
    """The stated values of one feed entry."""
    link = entry.get("id") or entry.get("link") or ""
    arxiv = normalise_arxiv_id(link) or normalise_arxiv_id(_text(entry.get("link")))
    abstract = RSS_ABSTRACT.sub("", _plain(entry.get("summary"), entry.get("summary_detail")))
    title = _plain(entry.get("title"), entry.get("title_detail"))
    suffix = OLD_RSS_TITLE.search(title)  # old RSS: 'Title. (arXiv:2310.06714v1 [cs.CL])'
    if suffix:
        title = title[:suffix.start()].rstrip(".").rstrip()
    categories = [tag.get("term") for tag in entry.get("tags") or [] if tag.get("term")]
    primary = ((entry.get("arxiv_primary_category") or {}).get("term") or (categories[0] if categories else None)
               or (suffix.group("category") if suffix else None))
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return Fields(
        line=line, title=title, authors=_names(entry),
        date=dt.date(*published[:3]).isoformat() if published else None,
        abstract=_text(abstract) or None, arxiv=arxiv, doi=_text(entry.get("arxiv_doi")) or None,
        venue=_text(entry.get("arxiv_journal_ref")) or None, arxiv_category=primary,
        categories=list(dict.fromkeys(([primary] if primary else []) + categories)),
    )


def parse(lines: list[str], listing: str, captured: dt.date) -> tuple[list[Source], list[Problem]]:
    """One record per arXiv id (versions folded, the first seen kept); problems for unusable entries."""
    feed = feedparser.parse("\n".join(lines))
    starts = _entry_lines(lines)
    problems: list[Problem] = []
    error = feed.get("bozo_exception")
    if feed.get("bozo") and hasattr(error, "getLineNumber"):  # not well-formed XML (e.g. a file cut short)
        message = error.getMessage() if hasattr(error, "getMessage") else str(error)
        return [], [Problem(listing, error.getLineNumber(), "feed", f"not well-formed XML ({message}): save the "
                                                                    f"whole API response or feed again")]
    records: list[Source] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(feed.entries):
        line = starts[index] if index < len(starts) else 1
        fields = entry_fields(entry, line)
        if fields.arxiv and fields.arxiv in seen:
            continue  # another version of a paper already read
        if fields.arxiv:
            seen[fields.arxiv] = line
        elif entry.get("title", "").strip().lower() == "error":
            problems.append(Problem(listing, line, "entry", f"the arXiv API returned an error: "
                                                            f"{_text(entry.get('summary'))}"))
            continue
        outcome = to_source(fields, listing, NAME, captured)
        (problems if isinstance(outcome, Problem) else records).append(outcome)
    return records, problems
