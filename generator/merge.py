"""Field-by-field merge of listing records into papers: fill what is missing, never overwrite, lose nothing."""

from __future__ import annotations

import copy
from dataclasses import replace
from urllib.parse import urlsplit

from .identifiers import normalise_doi, text_identifiers
from .models import Paper, Source, check_date
from .normalise import base_slug, find_links, is_web_url, normalise_arxiv_id, title_key


Sighting = tuple[str, str, int]


def sighting_keys(sources: list[Source]) -> list[Sighting]:
    """What identifies each sighting: listing, title key, and which occurrence of that pair it is.

    Line numbers are left out so a listing saved again with entries shifted is still recognised;
    the occurrence count keeps a paper listed twice in one listing as two sightings.
    """
    seen: dict[tuple[str, str], int] = {}
    keys = []
    for source in sources:
        pair = (source.listing, title_key(source.title))
        seen[pair] = seen.get(pair, 0) + 1
        keys.append((*pair, seen[pair]))
    return keys


def paper_from_source(source: Source) -> Paper:
    """A new paper made from its first sighting."""
    paper = Paper(title=source.title, abstract=source.abstract or "")
    merge_source(paper, source)
    return paper


def _merge_authors(paper: Paper, source: Source) -> None:
    """A full author list beats a truncated one, which beats a bare count.

    The same names as the paper's truncated list do not complete it: RIS and CSL-JSON cannot say 'and
    others', so their copy of a truncated list looks complete.
    """
    if source.authors and source.authors != paper.authors and (
            not paper.authors or (paper.authors_truncated and not source.authors_truncated)
            or (paper.authors_truncated and len(source.authors) > len(paper.authors))):
        paper.authors = list(source.authors)
        paper.authors_truncated = source.authors_truncated
    if paper.author_count is None and source.author_count is not None:
        paper.author_count = source.author_count
    if paper.authors and not paper.authors_truncated and paper.author_count == len(paper.authors):
        paper.author_count = None  # the list says it all


def _merge_date(paper: Paper, source: Source) -> None:
    """Take a date when the paper has none, or a stated date over one whose year was guessed.

    A stated year that is coarser than the guessed date keeps the listing's month and day when they
    agree ('Sep 30', guessed 2025, and a .bib's 'year = 2024, month = sep' make 2024-09-30).
    """
    if source.date and (not paper.date or (paper.year_inferred and not source.year_inferred)):
        guessed = paper.date or ""
        stated = source.date
        if len(stated) < len(guessed) and guessed[4:len(stated)] == stated[4:] and check_date(
                stated[:4] + guessed[4:]) is None:
            stated = stated[:4] + guessed[4:]
        paper.date = stated
        paper.year_inferred = source.year_inferred


def _append_new(items: list[str], extra: list[str]) -> None:
    """Append the items of `extra` not already present (case-insensitively)."""
    seen = {item.casefold() for item in items}
    for item in extra:
        if item.casefold() not in seen:
            items.append(item)
            seen.add(item.casefold())


def record_identifiers(source: Source) -> tuple[str | None, str | None]:
    """(arXiv id, DOI) of a record: the ones a bibliographic record states, else those its text names."""
    arxiv, doi = text_identifiers([source.abstract or ""])
    return (normalise_arxiv_id(source.arxiv or "") or arxiv, normalise_doi(source.doi or "") or doi)


def _merge_identifiers(paper: Paper, source: Source) -> None:
    """Take the arXiv id / DOI a record states for the paper (eprint, arXiv:…, doi.org/…), if none yet."""
    arxiv, doi = record_identifiers(source)
    if paper.arxiv is None and arxiv:
        paper.arxiv = arxiv
    if paper.doi is None and doi:
        paper.doi = doi


def merge_source(paper: Paper, source: Source) -> None:
    """Record a sighting in a paper: keep what the paper says, add only what it lacks."""
    _merge_authors(paper, source)
    _merge_date(paper, source)
    if source.topic:
        _append_new(paper.topics, [source.topic])
    _append_new(paper.topics, source.topics)
    for name in ("arxiv_category", "score", "upvotes", "code", "organisation"):
        if getattr(paper, name) is None and getattr(source, name) is not None:
            setattr(paper, name, getattr(source, name))
    if not paper.abstract and source.abstract:
        paper.abstract = source.abstract
    _merge_identifiers(paper, source)
    _append_new(paper.links, find_links(source.abstract or ""))
    # A record's links (a BibTeX url): http(s) only (papers check's rule), not an arxiv.org/doi.org link (its
    # identifier says it), not the paper's page in a Paper Archive (an export names it).
    _append_new(paper.links, [link for link in source.links if is_web_url(link) and not is_identifier_url(link)
                              and not is_archive_page(link, source.title)])
    # The source keeps its own abstract only when it is a variant of the paper's.
    variant = source.abstract if source.abstract and source.abstract != paper.abstract else None
    paper.sources.append(replace(source, abstract=variant))


def is_identifier_url(url: str) -> bool:
    """An arxiv.org or doi.org link says no more than the identifier it carries: not kept as a link."""
    return bool(normalise_arxiv_id(url) or normalise_doi(url))


def is_archive_page(url: str, title: str) -> bool:
    """A Paper Archive page of this paper (…/papers/<slug of its title>/), as an archive's own export gives it.

    Not a link worth keeping: importing a site's exports (built with a site URL) into it changes nothing.
    """
    return urlsplit(url).path.endswith(f"/papers/{base_slug(title)}/")


def adds_nothing(paper: Paper, source: Source) -> bool:
    """Whether a bibliographic record only repeats what the paper says (e.g. the archive's own export).

    Such a record is counted unchanged and not kept as a source, so importing an archive's exports into
    it writes nothing; a record that states anything else (another date, another spelling) is kept.
    """
    merged = copy.deepcopy(paper)
    merge_source(merged, source)
    merged.sources = paper.sources
    if source.date == paper.date:  # the date the archive guessed, echoed by its own export, confirms nothing
        merged.year_inferred = paper.year_inferred
    arxiv, doi = record_identifiers(source)
    return (merged == paper and _spaced(source.title) == _spaced(paper.title) and source.authors in ([], paper.authors)
            and source.date in (None, paper.date) and _spaced(source.abstract) in ("", _spaced(paper.abstract))
            and arxiv in (None, normalise_arxiv_id(paper.arxiv or ""))
            and doi in (None, normalise_doi(paper.doi or "")))


def _spaced(text: str | None) -> str:
    """Text with runs of whitespace as one space: RIS and BibTeX fold an abstract's line breaks."""
    return " ".join((text or "").split())
