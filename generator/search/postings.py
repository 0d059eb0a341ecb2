"""The inverted index: term -> one sorted id list per field, delta-coded into prefix shards."""

from __future__ import annotations

import multiprocessing
import operator
from collections import defaultdict
from itertools import islice

from .records import FIELDS, Record
from .text import index_terms, name_key, shard_name

# One mapping per field (title, abstract, author, topic): term -> ascending ids.
FieldPostings = list[dict[str, list[int]]]
PARALLEL_FROM = 5000  # below this a second process costs more than it saves


def collect_range(records: list[Record]) -> FieldPostings:
    """Postings of some records, ids ascending because records are in id order."""
    fields: FieldPostings = [defaultdict(list) for _ in FIELDS]
    title, abstract, author, topic = fields
    for record in records:
        number = record.id
        for term in index_terms(record.title):
            title[term].append(number)
        for term in index_terms(record.abstract):
            abstract[term].append(number)
        names = index_terms(" ".join(record.authors))
        names.update(name_key(name) for name in record.authors)
        for term in names:
            author[term].append(number)
        for term in index_terms(" ".join(record.topics)):
            topic[term].append(number)
    return [dict(field) for field in fields]


def _collect_slice(bounds: tuple[int, int]) -> FieldPostings:
    return collect_range(_SHARED[bounds[0]:bounds[1]])


_SHARED: list[Record] = []


def collect_postings(records: list[Record], workers: int | None = None) -> FieldPostings:
    """Every term's ids per field; with workers > 1, split over processes (fork).

    One process is the default: on a busy 2-core machine the pool measured slower (pickling the
    postings back and copy-on-write faults cost more than the second core gave)."""
    workers = workers or 1
    if workers < 2 or len(records) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return collect_range(records)
    global _SHARED
    _SHARED = records
    step = -(-len(records) // workers)
    bounds = [(start, min(start + step, len(records))) for start in range(0, len(records), step)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_collect_slice, bounds)
    finally:
        _SHARED = []
    merged = parts[0]
    for part in parts[1:]:
        for mine, theirs in zip(merged, part):
            for term, ids in theirs.items():
                if term in mine:
                    mine[term].extend(ids)
                else:
                    mine[term] = ids
    return merged


def encode_ids(ids: list[int]) -> str:
    """Ascending ids as a JSON array of gaps, which compresses far better than the ids."""
    if not ids:
        return "[]"
    return f"[{ids[0]}," + ",".join(map(str, map(operator.sub, islice(ids, 1, None), ids))) + "]" if len(ids) > 1 else f"[{ids[0]}]"


def encode_term(term: str, fields: FieldPostings) -> str:
    """A term's per-field lists, trailing empty fields dropped."""
    lists = [field.get(term, []) for field in fields]
    while lists and not lists[-1]:
        lists.pop()
    return f'"{term}":[' + ",".join(encode_ids(ids) for ids in lists) + "]"


def count_terms(fields: FieldPostings) -> int:
    """Distinct terms over all fields."""
    return len(set().union(*fields))


def build_shards(fields: FieldPostings) -> dict[str, bytes]:
    """Shard stem -> JSON bytes mapping each of its terms to encoded lists, terms sorted."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for term in set().union(*fields):
        grouped[shard_name(term)].append(term)
    return {name: ("{" + ",".join(encode_term(term, fields) for term in sorted(terms)) + "}").encode("utf-8")
            for name, terms in grouped.items()}
