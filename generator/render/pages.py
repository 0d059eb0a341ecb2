"""One paper page: front matter for overrides/paper.html plus a Markdown body holding the abstract."""

from __future__ import annotations

import html
from typing import Any

from ..models import Paper
from ..normalise import is_web_url
from .citation import arxiv_url, json_ld, meta_description, scholar_meta, script_json
from .document import markdown_document
from .identity import name_slug
from .site import Site, SitePaper, author_url, topic_url, year_url
from .text import clean_text, render_abstract

METRICS = (("score", "Score"), ("upvotes", "Upvotes"), ("code", "Code"))


def escaped_title(title: str) -> str:
    """The title as HTML text: mkdocs-material prints `page.meta.title` unescaped in <title> and the header."""
    return html.escape(clean_text(title), quote=True)


def author_summary(paper: Paper, limit: int | None = None) -> str:
    """Plain-text byline: names, 'et al.' when truncated or shortened, or 'N authors' when only counted."""
    shown = [clean_text(name) for name in paper.authors][:limit or None]
    if not shown:
        count = paper.known_author_count
        return f"{count} authors" if count else ""
    return ", ".join(shown) + byline_suffix(paper, len(shown))


def one_line(text: str) -> str:
    """A name as link text: whitespace and newlines collapsed, as Markdown would show it."""
    return " ".join(clean_text(text).split())


def byline_suffix(paper: Paper, shown: int | None = None) -> str:
    """What follows the names shown (default all): ' et al.' when the listing cut the list or fewer are shown,
    ' (N authors)' when the listing said there are more."""
    shown = len(paper.authors) if shown is None else shown
    text = " et al." if paper.authors_truncated or shown < len(paper.authors) else ""
    if paper.author_count is not None and paper.author_count > shown:
        text += f" ({paper.author_count} authors)"
    return text


def paper_body(paper: Paper) -> str:
    """The abstract under its heading: raw HTML paragraphs (see render_abstract), so Markdown has little to do.

    The byline and topics come from the front matter (overrides/paper.html prints them as links).
    """
    abstract = render_abstract(paper.abstract) or "<p><em>No abstract available.</em></p>"
    return f"## Abstract\n\n{abstract}"


def format_value(value: Any) -> str:
    """A metric value for display."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def metrics(paper: Paper) -> list[dict[str, Any]]:
    """Score, upvotes and code flag, each with the listings that reported it and what they said."""
    rows = []
    for key, label in METRICS:
        value = getattr(paper, key)
        if value is None or (key == "code" and not value):
            continue
        reported = [{"listing": source.listing, "value": format_value(getattr(source, key))}
                    for source in paper.sources if getattr(source, key) is not None]
        rows.append({"label": label, "value": format_value(value), "sources": reported})
    return rows


def safe_links(links: list[str]) -> list[str]:
    """Only http(s) links: a javascript: or data: URL from a listing must never become clickable."""
    return [link for link in links if is_web_url(link)]


def paper_meta(site: Site, item: SitePaper) -> dict[str, Any]:
    """Front matter of a paper page; raw values go under `paper` and templates escape them."""
    from .cite_files import paper_bibtex  # these modules import this one
    from .features import paper_features
    paper = item.paper
    url = site.public_url(item.url)  # None without a site URL: no absolute URL rather than a wrong one
    data: dict[str, Any] = {
        "title": clean_text(paper.title),
        "authors": [{"name": one_line(name), "url": author_url(name_slug(name, "author"))}
                    for name in paper.authors],
        "author_summary": author_summary(paper),
        "byline_suffix": byline_suffix(paper),
        "author_count_only": None if paper.authors else author_summary(paper),
        "date": paper.date,
        "year_inferred": paper.year_inferred,
        "year_url": year_url(str(paper.year)) if paper.year else None,
        "topics": [{"name": one_line(topic), "url": topic_url(name_slug(topic, "topic"))}
                   for topic in paper.topics],
        "arxiv_category": paper.arxiv_category,
        "arxiv": paper.arxiv,
        "arxiv_url": arxiv_url(paper.arxiv) if paper.arxiv else None,
        "doi": paper.doi,
        "doi_url": f"https://doi.org/{paper.doi}" if paper.doi else None,
        "organisation": paper.organisation,
        "metrics": metrics(paper),
        "links": safe_links(paper.links),
        "sources": [{"listing": s.listing, "line": s.line, "captured": s.captured} for s in paper.sources],
    }
    # Material prints page.meta.description unescaped, and the site's description when it is empty, which
    # Zotero would save as the abstract of a paper without one: " " makes the tag say nothing instead.
    description = html.escape(meta_description(paper), quote=True) or " "
    return {
        "template": "paper.html",
        "title": escaped_title(paper.title),
        "description": description,
        "paper": {key: value for key, value in data.items() if value not in (None, [], "")},
        "citation_meta": scholar_meta(paper, url),
        "jsonld": script_json(json_ld(paper, url)),
        "bibtex": paper_bibtex(site, item),
        "features": paper_features(site, item),
    }


def paper_page(site: Site, item: SitePaper) -> str:
    """The generated Markdown page of one paper."""
    return markdown_document(paper_meta(site, item), paper_body(item.paper))
