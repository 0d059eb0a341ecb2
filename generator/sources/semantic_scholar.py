"""Semantic Scholar's Academic Graph title match (api.semanticscholar.org/graph/v1/paper/search/match).

The endpoint returns the one paper whose title best matches the query, with the fields asked for, or
HTTP 404 {"error": "Title match not found"} (an answer, so it is cached like any other). Without an API key
requests share a pool for all anonymous users; one request a second is what the API asks of key holders,
and we keep to it either way. $SEMANTIC_SCHOLAR_API_KEY, when set, is sent as x-api-key.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import quote, urlencode

from ..identifiers import normalise_doi
from ..normalise import normalise_arxiv_id
from . import Found
from .http import Answer, Fetcher, Service, ServiceError

SERVICE = Service("semantic-scholar", "Semantic Scholar API", interval=1.0, cacheable=frozenset({200, 404}))
ENDPOINT = "https://api.semanticscholar.org/graph/v1/paper/search/match"
PAPER_ENDPOINT = "https://api.semanticscholar.org/graph/v1/paper/"
IDENTIFIER = "doi"  # the paper field by_ids() looks papers up by
FIELDS = "title,authors,year,publicationDate,externalIds,openAccessPdf,url,abstract"
KEY_VARIABLE = "SEMANTIC_SCHOLAR_API_KEY"


def title_query_url(title: str) -> str:
    """The title-match request for a title, as typed (the service normalises it itself)."""
    return f"{ENDPOINT}?{urlencode({'query': ' '.join(title.split()), 'fields': FIELDS}, quote_via=quote, safe=',')}"


def _record(item: dict, answer: Answer) -> Found:
    ids = item.get("externalIds") or {}
    pdf = (item.get("openAccessPdf") or {}).get("url") or None
    date = item.get("publicationDate") or None
    paper_id = item.get("paperId", "")
    return Found(
        service=SERVICE.name,
        record_url=item.get("url") or f"https://www.semanticscholar.org/paper/{paper_id}",
        fetched=answer.fetched,
        title=" ".join((item.get("title") or "").split()),
        authors=[author["name"] for author in item.get("authors") or [] if author.get("name")],
        date=date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None,
        arxiv=normalise_arxiv_id(ids["ArXiv"]) if ids.get("ArXiv") else None,
        doi=normalise_doi(ids["DOI"]) if ids.get("DOI") else None,
        pdf=pdf,
        abstract=" ".join((item.get("abstract") or "").split()) or None,
    )


def _json(answer: Answer) -> dict:
    try:
        data = json.loads(answer.body)
    except json.JSONDecodeError as error:
        raise ServiceError(f"{SERVICE.label}: the answer is not JSON ({answer.url})") from error
    if not isinstance(data, dict):
        raise ServiceError(f"{SERVICE.label}: unexpected answer ({answer.url})")
    return data


def parse_answer(answer: Answer) -> list[Found]:
    """The matched paper (a list of one), or nothing for 'Title match not found'."""
    data = _json(answer)
    if answer.status == 404:
        return []
    return [_record(item, answer) for item in data.get("data") or [] if item.get("title")]


def _key_header() -> dict[str, str] | None:
    key = os.environ.get(KEY_VARIABLE, "").strip()
    return {"x-api-key": key} if key else None


def by_title(title: str, fetcher: Fetcher) -> list[Found]:
    """Semantic Scholar's best title match for a title (at most one candidate)."""
    return parse_answer(fetcher.get(SERVICE, title_query_url(title), _key_header()))


def doi_query_url(doi: str) -> str:
    """The request for one paper by DOI (the API's 'DOI:' id form)."""
    return f"{PAPER_ENDPOINT}DOI:{quote(doi, safe='/')}?{urlencode({'fields': FIELDS}, quote_via=quote, safe=',')}"


def by_ids(dois: list[str], fetcher: Fetcher) -> dict[str, Found]:
    """The records Semantic Scholar holds for these DOIs (one request each), keyed by normalised DOI."""
    found: dict[str, Found] = {}
    for doi in sorted({normalised for text in dois if (normalised := normalise_doi(text))}):
        answer = fetcher.get(SERVICE, doi_query_url(doi), _key_header())
        records = [] if answer.status == 404 else [_record(_json(answer), answer)]
        if records and records[0].title:
            found[doi] = records[0]
    return found
