"""Open scholarly sources: one module per service, registered here, each answering with Found records.

A source module has SERVICE (a http.Service: name, label, rate limit), by_title(title, fetcher) ->
list[Found] (the candidates the service offers for a title), IDENTIFIER (the paper field it can look
papers up by: 'arxiv' or 'doi') and by_ids(values, fetcher) -> {normalised value: Found}. Adding a service is one module and one entry in
SOURCES. `papers enrich` asks them in order; `papers add --arxiv ID` calls record_for_arxiv().
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from .http import DEFAULT_CACHE, Fetcher, ServiceError, contact_from_environment


@dataclass
class Found:
    """One record a service holds about a paper, as that service stated it."""

    service: str  # the format name recorded in the paper's sources: 'arxiv-api', 'semantic-scholar'
    record_url: str  # where a person can see this record
    fetched: str  # YYYY-MM-DD: the day the service gave this answer
    title: str
    authors: list[str] = field(default_factory=list)
    date: str | None = None  # YYYY-MM-DD when the service gives the day
    arxiv: str | None = None
    doi: str | None = None
    pdf: str | None = None
    abstract: str | None = None
    arxiv_category: str | None = None


def _registry() -> dict[str, ModuleType]:
    from . import arxiv, semantic_scholar

    return {module.SERVICE.name: module for module in (arxiv, semantic_scholar)}


def sources() -> dict[str, ModuleType]:
    """Every service by name, in the order `papers enrich` asks them (arXiv first: it is the paper's home)."""
    return _registry()


def record_for_arxiv(arxiv_id: str, fetcher: Fetcher | None = None) -> Found | None:
    """The arXiv record for one id ('2106.01234', 'arXiv:2106.01234v2', an arxiv.org link), or None.

    For `papers add --arxiv ID`: raises ServiceError with a readable message when arXiv cannot answer.
    """
    from . import arxiv

    fetcher = fetcher or Fetcher(DEFAULT_CACHE, contact_from_environment())
    return arxiv.by_ids([arxiv_id], fetcher).get(arxiv.canonical_id(arxiv_id) or arxiv_id)


def record_for_doi(doi: str, fetcher: Fetcher | None = None) -> Found | None:
    """Semantic Scholar's record for a DOI ('10.1000/x', 'doi:...', a doi.org link), or None (`papers add --doi`)."""
    from ..identifiers import normalise_doi
    from . import semantic_scholar

    fetcher = fetcher or Fetcher(DEFAULT_CACHE, contact_from_environment())
    return semantic_scholar.by_ids([doi], fetcher).get(normalise_doi(doi) or doi)


__all__ = ["Found", "Fetcher", "ServiceError", "record_for_arxiv", "record_for_doi", "sources"]
