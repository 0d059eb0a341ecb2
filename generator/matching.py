"""When a service's record is certainly our paper: equal normalised titles and no contradiction.

Anything less (a close title, a year or author count that disagrees, a name we hold that the record
lacks, two records with our title) is a near match or an ambiguity for a person to decide; never applied
without them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .models import Paper
from .normalise import title_key
from .sources import Found

NEAR_TITLE_SCORE = 90.0  # rapidfuzz ratio of title keys at or above which a differing title is shown for review


@dataclass
class Verdict:
    """What the candidates of one service mean for one paper."""

    kind: str  # 'match', 'near', 'ambiguous' or 'none'
    record: Found | None = None
    reasons: list[str] = field(default_factory=list)
    candidates: list[Found] = field(default_factory=list)


def name_key(name: str) -> str:
    """A name compared without accents, case, punctuation or order ('Ren, Jie' == 'Jie Ren' == 'jie ren')."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(sorted(title_key(bare).split()))


def contradictions(paper: Paper, record: Found) -> list[str]:
    """What the paper (as its listings said it) says that the record does not."""
    found: list[str] = []
    if paper.date and not paper.year_inferred and record.date and paper.date[:4] != record.date[:4]:
        found.append(f"year {paper.date[:4]} here, {record.date[:4]} in {record.service}")
    if record.authors:
        count = paper.author_count if paper.author_count is not None else paper.known_author_count
        if count is not None and count != len(record.authors):
            found.append(f"{count} authors here, {len(record.authors)} in {record.service}")
        if paper.authors_truncated and len(paper.authors) > len(record.authors):
            found.append(f"more authors here ({len(paper.authors)}) than in {record.service} ({len(record.authors)})")
        theirs = {name_key(name) for name in record.authors}
        missing = [name for name in paper.authors if name_key(name) not in theirs]
        if missing:
            found.append(f"author{'s' if len(missing) > 1 else ''} {', '.join(missing)} not in {record.service}")
    return found


def _distinct(records: list[Found]) -> list[Found]:
    """Records that are different papers (one arXiv id listed twice is one paper)."""
    seen: set[str] = set()
    kept = []
    for record in records:
        identity = record.arxiv or record.doi or record.record_url
        if identity not in seen:
            seen.add(identity)
            kept.append(record)
    return kept


def judge(paper: Paper, candidates: list[Found]) -> Verdict:
    """Match, near match, ambiguity or nothing: the rule `papers enrich` applies to one service's answer."""
    key = title_key(paper.title)
    exact = _distinct([record for record in candidates if title_key(record.title) == key])
    if len(exact) > 1:
        ids = ", ".join(record.record_url for record in exact)
        return Verdict("ambiguous", None, [f"{len(exact)} records carry this title: {ids}"], exact)
    if len(exact) == 1:
        reasons = contradictions(paper, exact[0])
        return Verdict("near" if reasons else "match", exact[0], reasons, exact)
    scored = sorted(((fuzz.ratio(key, title_key(record.title)), record) for record in candidates),
                    key=lambda pair: -pair[0])
    if scored and scored[0][0] >= NEAR_TITLE_SCORE:
        score, record = scored[0]
        reasons = [f"title differs ({score:.0f}% alike): {record.title!r}"] + contradictions(paper, record)
        return Verdict("near", record, reasons, [record])
    return Verdict("none", None, [], [])
