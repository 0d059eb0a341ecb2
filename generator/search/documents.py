"""Per-paper display fragments, facet lists, upvote order: what a result needs to be shown."""

from __future__ import annotations

import json
from bisect import insort
from collections import Counter, defaultdict
from itertools import accumulate

from ..labels import arxiv_category_label
from .postings import encode_ids
from .records import PaperFacts, Record

DOCS_PER_CHUNK = 4  # small enough that a result costs ~1 KB, big enough to keep file count down
CHUNKS_PER_FOLDER = 250
FACETS = ("topic", "category", "source")
COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # one encoder: no per-call setup


def chunk_path(chunk: int) -> str:
    """Relative path of a chunk of display fragments; the client computes the same."""
    return f"docs/{chunk // CHUNKS_PER_FOLDER}/{chunk}.json"


def doc_fragment(record: Record, url: str) -> dict:
    """A paper's fragment: url, title, authors, date, topics, category, upvotes, abstract."""
    return {"u": url, "t": record.title, "a": list(record.authors), "d": record.date,
            "p": list(record.topics), "c": record.category, "v": record.upvotes, "x": record.abstract}


def fragment_bytes(record: Record, url: str) -> bytes:
    """A paper's fragment as compact JSON, exactly as it appears inside its chunk's array."""
    return COMPACT_JSON.encode(doc_fragment(record, url)).encode("utf-8")


def build_chunks(fragments: list[bytes]) -> dict[str, bytes]:
    """Relative path -> JSON array of the fragments of DOCS_PER_CHUNK consecutive ids."""
    return {chunk_path(start // DOCS_PER_CHUNK): b"[" + b",".join(fragments[start:start + DOCS_PER_CHUNK]) + b"]"
            for start in range(0, len(fragments), DOCS_PER_CHUNK)}


def facet_values(paper: PaperFacts | Record, facet: str) -> tuple[str, ...]:
    """The values a paper has for one facet, in readers' words ("cs.LG — Machine Learning")."""
    if facet == "topic":
        return paper.topics
    if facet == "category":
        return (arxiv_category_label(paper.category),) if paper.category else ()
    return paper.sources


FacetMembers = dict[str, dict[str, list[int]]]  # facet -> value -> ascending ids
FactChanges = dict[int, tuple[PaperFacts | None, PaperFacts | None]]  # id -> (facts before, facts after)


def encode_facets(members: FacetMembers) -> bytes:
    """Facet -> {names, ids}: values by count then name, each with its ascending id list as gaps."""
    parts = []
    for facet in FACETS:
        values = members[facet]
        names = sorted(values, key=lambda name: (-len(values[name]), name))
        ids = ",".join(encode_ids(values[name]) for name in names)
        parts.append(f'"{facet}":{{"names":{json.dumps(names, ensure_ascii=False)},"ids":[{ids}]}}')
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def build_facets(facts: list[PaperFacts]) -> bytes:
    """The facets file of papers whose ids are their positions in `facts`."""
    members: FacetMembers = {}
    for facet in FACETS:
        values: dict[str, list[int]] = defaultdict(list)
        for number, paper in enumerate(facts):
            for value in dict.fromkeys(facet_values(paper, facet)):
                values[value].append(number)
        members[facet] = values
    return encode_facets(members)


def patch_facets(data: bytes, changes: FactChanges) -> bytes:
    """A facets file with some ids' facts changed (None: the id is new, or gone)."""
    parsed, members = json.loads(data), {}
    for facet in FACETS:
        values = {name: list(accumulate(gaps)) for name, gaps in zip(parsed[facet]["names"], parsed[facet]["ids"])}
        for number, (before, after) in changes.items():
            old = set(facet_values(before, facet)) if before else set()
            new = set(facet_values(after, facet)) if after else set()
            for value in old - new:
                values[value].remove(number)
            for value in new - old:
                insort(values.setdefault(value, []), number)
        members[facet] = {name: ids for name, ids in values.items() if ids}
    return encode_facets(members)


def encode_upvotes(votes: dict[int, int]) -> bytes:
    """Ids of upvoted papers, most upvoted first (newest first among equals), with their counts."""
    ranked = sorted(votes, key=lambda number: (-votes[number], -number))
    return json.dumps({"ids": ranked, "votes": [votes[number] for number in ranked]}, separators=(",", ":")).encode()


def build_upvotes(facts: list[PaperFacts]) -> bytes:
    """The upvotes file of papers whose ids are their positions in `facts`."""
    return encode_upvotes({number: paper.upvotes for number, paper in enumerate(facts) if paper.upvotes})


def patch_upvotes(data: bytes, changes: FactChanges) -> bytes:
    """An upvotes file with some ids' facts changed."""
    parsed = json.loads(data)
    votes = dict(zip(parsed["ids"], parsed["votes"]))
    for number, (_, after) in changes.items():
        votes.pop(number, None)
        if after and after.upvotes:
            votes[number] = after.upvotes
    return encode_upvotes(votes)


def count_facet(facts: list[PaperFacts], facet: str) -> Counter[str]:
    """How many papers have each value of a facet (for stats and tests)."""
    return Counter(value for paper in facts for value in dict.fromkeys(facet_values(paper, facet)))
