"""What a paper page shows a reader, as front matter for overrides/paper.html: the title block (people, date,
chips, metrics with where they came from), the row of actions, and provenance in readers' words.

Only values and readers' words are computed here; the template escapes every string it prints.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..labels import arxiv_category_label, listing_name, readable_date, sighting
from ..models import Paper, Source
from ..normalise import is_web_url
from .citation import arxiv_url
from .identity import name_slug
from .site import author_url, topic_url, year_url
from .text import clean_text, one_line

# Hosts whose links are a paper's code: the first such link becomes the "Code" action.
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "sourceforge.net")


def people(paper: Paper) -> dict[str, Any]:
    """The authors, each linked, and what the archive knows beyond them, said once in plain words.

    `more` ("et al.", "3 authors in all") and `unlisted` ("Authors not listed in the source (31 authors)")
    are printed outside the byline element, whose class Zotero reads as person names.
    """
    authors = [{"name": one_line(name), "url": author_url(name_slug(name, "author"))} for name in paper.authors]
    count = paper.known_author_count
    if not authors:
        unlisted = f"Authors not listed in the source ({count} authors)" if count else "Authors not listed in the source"
        return {"unlisted": unlisted}
    more = []
    if paper.authors_truncated:
        more.append("et al.")
    if count and count > len(authors):
        more.append(f"{count} authors in all")
    return {"authors": authors, "more": " · ".join(more)}


def metric_sources(paper: Paper, key: str, value: Any) -> list[Source]:
    """The sightings that reported this value of a metric (those that agree with the paper's value first)."""
    reported = [source for source in paper.sources if getattr(source, key) is not None]
    return sorted(reported, key=lambda source: getattr(source, key) != value)


def format_number(value: Any) -> str:
    """A metric value for display: 30.1, 42."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def metrics(paper: Paper) -> list[dict[str, Any]]:
    """Upvotes, score and the code flag, each as one phrase naming where it came from; details for Sources."""
    rows = []
    for key, unit in (("upvotes", "upvotes"), ("score", "score"), ("code", "")):
        value = getattr(paper, key)
        if value is None or value is False:
            continue
        sources = metric_sources(paper, key, value)
        where = listing_name(sources[0]) if sources and getattr(sources[0], key) == value else ""
        if key == "code":
            text = "Code available"
        elif key == "upvotes":
            text = f"{format_number(value)} {'upvote' if value == 1 else 'upvotes'}"
        else:
            text = f"Score {format_number(value)}"
        rows.append({"kind": key, "text": text, "where": f"on {where}" if key == "upvotes" and where else
                     (f"from {where}" if where else ""),
                     "reported": [f"{format_number(getattr(source, key)) if key != 'code' else 'code available'}"
                                  f" — {sighting(source)}" for source in sources] if len(sources) > 1 else []})
    return rows


def chips(paper: Paper) -> list[dict[str, str]]:
    """Category, venue and organisation chips (topics are links and come separately)."""
    found: list[dict[str, str]] = []
    if paper.arxiv_category:
        found.append({"kind": "category", "text": arxiv_category_label(paper.arxiv_category)})
    for venue in dict.fromkeys(one_line(source.venue) for source in paper.sources if source.venue):
        found.append({"kind": "venue", "text": venue})
    if paper.organisation:
        found.append({"kind": "organisation", "text": clean_text(paper.organisation)})
    return found


def is_code_link(link: str) -> bool:
    """Whether a link points at a code host (github.com/...)."""
    host = (urlsplit(link).hostname or "").lower()
    return any(host == code or host.endswith("." + code) for code in CODE_HOSTS) and not host.endswith(".github.io")


def actions(paper: Paper) -> list[dict[str, str]]:
    """The link actions a paper has (PDF, arXiv, DOI, Code, other links), only those whose data exists.

    PDF is arXiv's when the arXiv id is known, else a link to a .pdf file the paper lists.
    """
    found: list[dict[str, str]] = []
    links = [link for link in paper.links if is_web_url(link)]  # never a javascript: or data: URL
    pdf = None if paper.arxiv else next((link for link in links if urlsplit(link).path.lower().endswith(".pdf")), None)
    if paper.arxiv:
        found.append({"kind": "pdf", "label": "PDF", "url": arxiv_url(paper.arxiv, "pdf"), "class": "pa-arxiv-pdf"})
        found.append({"kind": "arxiv", "label": "arXiv", "url": arxiv_url(paper.arxiv), "class": "pa-arxiv-abs"})
    elif pdf:
        found.append({"kind": "pdf", "label": "PDF", "url": pdf, "class": "pa-pdf"})
    if paper.doi:
        found.append({"kind": "doi", "label": "DOI", "url": f"https://doi.org/{paper.doi}", "class": "pa-doi"})
    code = next((link for link in links if is_code_link(link)), None)
    if code:
        found.append({"kind": "code", "label": "Code", "url": code, "class": "pa-code"})
    for link in links:
        if link not in (code, pdf):
            found.append({"kind": "link", "label": link_label(link), "url": link, "class": "pa-link"})
    return found


def link_label(link: str) -> str:
    """A link's button word: 'Project page' for a github.io/gitlab.io site, else the host ('example.org')."""
    host = (urlsplit(link).hostname or link).lower().removeprefix("www.")
    return "Project page" if host.endswith((".github.io", ".gitlab.io")) else host


def date_line(paper: Paper) -> dict[str, Any] | None:
    """The date as readers write it ('10 Oct 2023'), its year page, and whether the year was inferred."""
    if not paper.date:
        return None
    shown = {"iso": paper.date, "text": readable_date(paper.date)}
    if paper.year:
        shown["url"] = year_url(str(paper.year))
    return shown


def provenance(paper: Paper) -> dict[str, Any]:
    """The Sources disclosure: each sighting in readers' words, what each said of the metrics, inferred years."""
    notes = []
    if paper.year_inferred and paper.year:
        notes.append(f"The listing gave no year; {paper.year} is inferred from the day the listing was captured.")
    return {"sightings": [sighting(source) for source in paper.sources], "notes": notes}


def topics(paper: Paper) -> list[dict[str, str]]:
    """Topic chips, each linked to its topic page."""
    return [{"name": one_line(topic), "url": topic_url(name_slug(topic, "topic"))} for topic in paper.topics]


def paper_view(paper: Paper) -> dict[str, Any]:
    """Everything the paper page's title block, actions and Sources disclosure print."""
    links = actions(paper)
    shown_metrics = [metric for metric in metrics(paper)  # a Code button says it better than "Code available"
                     if metric["kind"] != "code" or not any(link["kind"] == "code" for link in links)]
    data: dict[str, Any] = {
        "title": clean_text(paper.title),
        "people": people(paper),
        "date": date_line(paper),
        "chips": chips(paper),
        "topics": topics(paper),
        "metrics": shown_metrics,
        "actions": links,
        "provenance": provenance(paper),
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}
