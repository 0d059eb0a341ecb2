"""Per-paper display fragments, facet lists, upvote order: what a result needs to be shown."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from .postings import encode_ids
from .records import Record

DOCS_PER_CHUNK = 4  # small enough that a result costs ~1 KB, big enough to keep file count down
CHUNKS_PER_FOLDER = 250
FACETS = ("topic", "category", "source")


def chunk_path(chunk: int) -> str:
    """Relative path of a chunk of display fragments; the client computes the same."""
    return f"docs/{chunk // CHUNKS_PER_FOLDER}/{chunk}.json"


def doc_fragment(record: Record, url: str) -> dict:
    """A paper's fragment: url, title, authors, date, topics, category, upvotes, abstract."""
    return {"u": url, "t": record.title, "a": list(record.authors), "d": record.date,
            "p": list(record.topics), "c": record.category, "v": record.upvotes, "x": record.abstract}


def build_chunks(records: list[Record], urls: list[str]) -> dict[str, bytes]:
    """Relative path -> JSON array of the fragments of DOCS_PER_CHUNK consecutive ids."""
    chunks = {}
    for start in range(0, len(records), DOCS_PER_CHUNK):
        batch = [doc_fragment(records[i], urls[i]) for i in range(start, min(start + DOCS_PER_CHUNK, len(records)))]
        chunks[chunk_path(start // DOCS_PER_CHUNK)] = json.dumps(
            batch, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return chunks


def facet_values(record: Record, facet: str) -> tuple[str, ...]:
    """The values a paper has for one facet."""
    if facet == "topic":
        return record.topics
    if facet == "category":
        return (record.category,) if record.category else ()
    return record.sources


def build_facets(records: list[Record]) -> bytes:
    """Facet -> {names, ids}: values by count then name, each with its ascending id list."""
    result = {}
    for facet in FACETS:
        members: dict[str, list[int]] = defaultdict(list)
        for record in records:
            for value in dict.fromkeys(facet_values(record, facet)):
                members[value].append(record.id)
        names = sorted(members, key=lambda name: (-len(members[name]), name))
        result[facet] = (names, [members[name] for name in names])
    parts = [
        f'"{facet}":{{"names":{json.dumps(names, ensure_ascii=False)},"ids":[{",".join(map(encode_ids, lists))}]}}'
        for facet, (names, lists) in result.items()
    ]
    return ("{" + ",".join(parts) + "}").encode("utf-8")


def build_upvotes(records: list[Record]) -> bytes:
    """Ids of upvoted papers, most upvoted first (newest first among equals), with their counts."""
    voted = sorted((record for record in records if record.upvotes), key=lambda r: (-r.upvotes, -r.id))
    return json.dumps({"ids": [r.id for r in voted], "votes": [r.upvotes for r in voted]},
                      separators=(",", ":")).encode("utf-8")


def count_facet(records: list[Record], facet: str) -> Counter[str]:
    """How many papers have each value of a facet (for stats and tests)."""
    return Counter(value for record in records for value in dict.fromkeys(facet_values(record, facet)))
