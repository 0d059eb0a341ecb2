"""arXiv's API (export.arxiv.org/api/query): records by id, batched, and candidates by title.

The API answers in Atom 1.0 (arXiv API User's Manual, section 3.3), read here with feedparser. Its terms
ask for one request every 3 seconds; ids are asked 50 at a time through id_list.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import feedparser

from ..normalise import normalise_arxiv_id, title_key
from . import Found
from .http import Answer, Fetcher, Service, ServiceError

SERVICE = Service("arxiv-api", "arXiv API", interval=3.0)
ENDPOINT = "https://export.arxiv.org/api/query"
IDS_PER_REQUEST = 50
CANDIDATES_PER_TITLE = 5
ERROR_ID = "arxiv.org/api/errors"
IDENTIFIER = "arxiv"  # the paper field by_ids() looks papers up by


def canonical_id(text: str) -> str | None:
    """The bare id of an arXiv id or link, without version."""
    return normalise_arxiv_id(text)


def _query_url(parameters: dict[str, str]) -> str:
    return f"{ENDPOINT}?{urlencode(parameters, quote_via=quote, safe=':,')}"


def title_query_url(title: str) -> str:
    """The search for a title as a phrase in titles (punctuation dropped: the query syntax would read it)."""
    words = title_key(title)
    return _query_url({"search_query": f'ti:"{words}"', "start": "0", "max_results": str(CANDIDATES_PER_TITLE)})


def ids_query_url(ids: list[str]) -> str:
    """One request for up to IDS_PER_REQUEST ids."""
    return _query_url({"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))})


def _clean(text: str) -> str:
    """Atom titles and summaries are wrapped over lines: join them with single spaces."""
    return " ".join((text or "").split())


def _entry_record(entry: dict, answer: Answer) -> Found | None:
    """A Found for one Atom entry; None for an entry that is not an article."""
    arxiv_id = canonical_id(entry.get("id", ""))
    if not arxiv_id:
        return None
    pdf = next((link.get("href") for link in entry.get("links", [])
                if link.get("title") == "pdf" or link.get("type") == "application/pdf"), None)
    published = entry.get("published", "")
    primary = entry.get("arxiv_primary_category") or {}
    doi = _clean(entry.get("arxiv_doi", "")) or None
    return Found(
        service=SERVICE.name,
        record_url=f"https://arxiv.org/abs/{arxiv_id}",
        fetched=answer.fetched,
        title=_clean(entry.get("title", "")),
        authors=[_clean(author.get("name", "")) for author in entry.get("authors", []) if author.get("name")],
        date=published[:10] if re.match(r"\d{4}-\d{2}-\d{2}", published) else None,
        arxiv=arxiv_id,
        doi=doi.lower() if doi else None,
        pdf=re.sub(r"v\d+$", "", pdf.replace("http://", "https://")) if pdf else None,
        abstract=_clean(entry.get("summary", "")) or None,
        arxiv_category=primary.get("term"),
    )


def parse_feed(answer: Answer) -> list[Found]:
    """Every article in an API answer; an error entry (arXiv reports errors inside the feed) raises."""
    feed = feedparser.parse(answer.body)
    if feed.bozo and not feed.entries and "<feed" not in answer.body:
        raise ServiceError(f"{SERVICE.label}: the answer is not an Atom feed ({answer.url})")
    records = []
    for entry in feed.entries:
        if ERROR_ID in entry.get("id", ""):
            raise ServiceError(f"{SERVICE.label}: {_clean(entry.get('summary', 'error'))} ({answer.url})")
        record = _entry_record(entry, answer)
        if record is not None:
            records.append(record)
    return records


def by_title(title: str, fetcher: Fetcher) -> list[Found]:
    """arXiv's candidates for a title (the best few of a phrase search in titles)."""
    return parse_feed(fetcher.get(SERVICE, title_query_url(title)))


def by_ids(ids: list[str], fetcher: Fetcher) -> dict[str, Found]:
    """The records arXiv holds for these ids (any form), keyed by bare id; ids it does not know are absent."""
    wanted = sorted({canonical for text in ids if (canonical := canonical_id(text))})
    found: dict[str, Found] = {}
    for start in range(0, len(wanted), IDS_PER_REQUEST):
        batch = wanted[start:start + IDS_PER_REQUEST]
        for record in parse_feed(fetcher.get(SERVICE, ids_query_url(batch))):
            if record.arxiv in batch:
                found[record.arxiv] = record
    return found
