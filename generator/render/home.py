"""The home page: what the archive holds (counts), latest and most upvoted papers, topics, papers per year."""

from __future__ import annotations

from typing import Any

from .document import markdown_document
from .entries import paper_entry
from .features import home_features
from .site import Site, SitePaper, topic_url
from .text import clean_text

LATEST_ON_HOME = 10
UPVOTED_ON_HOME = 10
TOPICS_ON_HOME = 24


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 paper', '2 papers': the noun that goes with a count (templates print count and noun apart)."""
    return noun if count == 1 else nouns or noun + "s"


def counter(key: str, count: int, noun: str, url: str | None) -> dict[str, Any]:
    """One tile of the counts grid: its number, the readers' word for it and the page that lists them."""
    tile: dict[str, Any] = {"key": key, "count": count, "label": plural(count, noun)}
    if url:
        tile["url"] = url
    return tile


def home_counts(site: Site) -> list[dict[str, Any]]:
    """Papers, authors, topics and sources, each linked to its directory where there is one."""
    return [counter("papers", len(site.papers), "paper", "years/"),
            counter("authors", len(site.authors), "author", "authors/"),
            counter("topics", len(site.topics), "topic", "topics/"),
            counter("sources", len(site.listings), "source", None)]


def most_upvoted(site: Site) -> list[SitePaper]:
    """Papers with upvotes, most first, then by score; ties keep the site's newest-first order (stable sort)."""
    voted = [item for item in site.papers if item.paper.upvotes]
    return sorted(voted, key=lambda item: (-(item.paper.upvotes or 0), -(item.paper.score or 0.0)))[:UPVOTED_ON_HOME]


def top_topics(site: Site) -> list[dict[str, Any]]:
    """The topics with most papers (then alphabetical), each with its count, for the home page's chips."""
    ranked = sorted(site.topics.items(), key=lambda pair: (-len(pair[1].papers), pair[1].name.casefold(), pair[0]))
    return [{"name": clean_text(group.name), "url": topic_url(slug), "count": len(group.papers),
             "label": plural(len(group.papers), "paper")} for slug, group in ranked[:TOPICS_ON_HOME]]


def home_page(site: Site) -> str:
    """The home page's front matter: the template prints it (overrides/home.html)."""
    topics = top_topics(site)
    meta = {"template": "home.html", "title": "Home",
            "home": {"counts": home_counts(site),
                     "latest": [paper_entry(item) for item in site.papers[:LATEST_ON_HOME]],
                     "upvoted": [paper_entry(item) for item in most_upvoted(site)],  # entries carry their upvotes
                     "topics": topics, "more_topics": max(0, len(site.topics) - len(topics))},
            "features": home_features(site)}
    return markdown_document(meta)
