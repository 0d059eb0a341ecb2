"""arXiv ids and DOIs: recognised in listing text and links, normalised, and used to match papers."""

from __future__ import annotations

import re
from typing import Callable, Iterable

from .normalise import normalise_arxiv_id

# Where an arXiv id shows up in running text: 'arXiv:2106.01234v2', 'arxiv.org/abs/2106.01234',
# '.../pdf/2106.01234v1.pdf'. A bare '2106.01234' is not taken: in an abstract it could be any number.
ARXIV_IN_TEXT = re.compile(
    r"(?:\barxiv:\s*|\barxiv\.org/(?:abs|pdf|html)/)"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
# A DOI as a doi.org/dx.doi.org link or after 'doi:'; trailing punctuation is trimmed afterwards.
DOI_IN_TEXT = re.compile(r"(?:\bdoi:\s*|\b(?:dx\.)?doi\.org/)(?P<id>10\.\d{4,9}/[^\s\"'<>\])}]+)", re.IGNORECASE)
DOI_BARE = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)


def normalise_doi(text: str) -> str | None:
    """The bare DOI ('10.1038/nature14539') in a DOI, 'doi:' DOI or doi.org URL; None if none.

    DOIs are case-insensitive, so the prefix and suffix are lower-cased: two spellings meet.
    """
    match = DOI_BARE.match(text.strip())
    return match.group("doi").rstrip(".,;:").lower() if match else None


def _find_unique(pattern: re.Pattern[str], normalise: Callable[[str], str | None], text: str) -> list[str]:
    """Normalised identifiers the pattern's 'id' group finds in a text, in order, without repeats."""
    found: list[str] = []
    for match in pattern.finditer(text or ""):
        identifier = normalise(match.group("id"))
        if identifier and identifier not in found:
            found.append(identifier)
    return found


def find_arxiv_ids(text: str) -> list[str]:
    """Normalised arXiv ids mentioned in a text (as arXiv:ID or an arxiv.org link), in order, unique."""
    return _find_unique(ARXIV_IN_TEXT, normalise_arxiv_id, text)


def find_dois(text: str) -> list[str]:
    """Normalised DOIs mentioned in a text (as doi:DOI or a doi.org link), in order, unique."""
    return _find_unique(DOI_IN_TEXT, normalise_doi, text)


def own_identifier(found: list[str]) -> str | None:
    """The paper's own id among those found: only when exactly one is mentioned.

    An abstract that names two arXiv ids is citing other work; guessing would merge distinct papers.
    """
    return found[0] if len(found) == 1 else None


def identifier_keys(arxiv: str | None, doi: str | None) -> list[str]:
    """Dedupe keys of a paper's identifiers: 'arxiv:ID', 'doi:DOI', normalised."""
    keys = []
    if arxiv and (normalised := normalise_arxiv_id(arxiv)):
        keys.append(f"arxiv:{normalised}")
    if doi and (normalised := normalise_doi(doi)):
        keys.append(f"doi:{normalised}")
    return keys


def text_identifiers(texts: Iterable[str]) -> tuple[str | None, str | None]:
    """(arXiv id, DOI) a record states about itself in its text and links, each only when unambiguous."""
    joined = "\n".join(text for text in texts if text)
    return own_identifier(find_arxiv_ids(joined)), own_identifier(find_dois(joined))
