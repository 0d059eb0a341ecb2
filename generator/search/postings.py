"""The inverted index: term -> one sorted id list per field, delta-coded into prefix shards.

A full build turns every (term, field, paper) triple into one int64 and sorts them with numpy; the
ids and their gaps are then written as decimal text by numpy too, so no Python loop runs per posting.
An edit patches only the shards holding the terms the edited papers gained or lost."""

from __future__ import annotations

import json
import operator
from array import array
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Collection, Iterable
from itertools import accumulate, islice

import numpy as np

from .records import FIELDS, Record
from .text import index_terms, name_key, shard_name

TermSets = tuple[set[str], ...]  # one set per field (title, abstract, author, topic)
TermBlobs = list[list[bytes]]  # per field, per paper id: the paper's term ids as int32 bytes
# (term, field) -> (ids that lose the term, ids that gain it)
PostingEdits = dict[tuple[str, int], tuple[set[int], set[int]]]
COMMA = ord(",")


class Vocabulary:
    """Term <-> small int id; a term not seen before gets the next id."""

    def __init__(self, terms: list[str] | tuple[str, ...] = ()) -> None:
        self.terms = list(terms)
        self.ids = dict(zip(self.terms, range(len(self.terms))))

    def add(self, terms: Iterable[str]) -> None:
        """Give every new term an id."""
        for term in terms:
            if term not in self.ids:
                self.ids[term] = len(self.terms)
                self.terms.append(term)

    def encode(self, terms: Collection[str]) -> bytes:
        """Term ids of some distinct terms, as int32 bytes."""
        try:
            return array("i", map(self.ids.__getitem__, terms)).tobytes()
        except KeyError:
            self.add(terms)
            return array("i", map(self.ids.__getitem__, terms)).tobytes()


def paper_terms(record: Record) -> TermSets:
    """A paper's distinct searchable terms per field; authors also as one full-name term each."""
    names = index_terms(" ".join(record.authors))
    names.update(name_key(name) for name in record.authors)
    return (index_terms(record.title), index_terms(record.abstract), names, index_terms(" ".join(record.topics)))


class TermEncoder:
    """paper_terms as term-id bytes, remembering each author name's and topic's terms: they recur across papers."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.names: dict[str, frozenset[str]] = {}
        self.topics: dict[str, frozenset[str]] = {}

    def name_terms(self, name: str) -> frozenset[str]:
        """An author's words (stopwords dropped) and full-name term."""
        terms = self.names.get(name)
        if terms is None:
            terms = self.names[name] = frozenset(index_terms(name) | {name_key(name)})
        return terms

    def topic_terms(self, topic: str) -> frozenset[str]:
        """A topic's words, stopwords dropped."""
        terms = self.topics.get(topic)
        if terms is None:
            terms = self.topics[topic] = frozenset(index_terms(topic))
        return terms

    def encode(self, record: Record) -> tuple[bytes, ...]:
        """The record's term ids per field (the same sets as paper_terms)."""
        names = set().union(*map(self.name_terms, record.authors))
        topics = set().union(*map(self.topic_terms, record.topics))
        encode = self.vocabulary.encode
        return (encode(index_terms(record.title)), encode(index_terms(record.abstract)), encode(names), encode(topics))


def encode_ids(ids: list[int]) -> str:
    """Ascending ids as a JSON array of gaps, which compresses far better than the ids."""
    if not ids:
        return "[]"
    return f"[{ids[0]}," + ",".join(map(str, map(operator.sub, islice(ids, 1, None), ids))) + "]" if len(ids) > 1 else f"[{ids[0]}]"


def posting_keys(blobs: TermBlobs, count: int) -> np.ndarray:
    """Every (term, field, paper) as (term * 4 + field) * count + paper, sorted: grouped by term, ids ascending."""
    papers = np.arange(count, dtype=np.int64)
    parts = []
    for field, field_blobs in enumerate(blobs):
        keys = np.frombuffer(b"".join(field_blobs), dtype=np.int32).astype(np.int64)
        keys *= len(FIELDS)
        keys += field
        keys *= count
        keys += np.repeat(papers, np.fromiter(map(len, field_blobs), dtype=np.int64, count=count) // 4)
        parts.append(keys)
    keys = np.concatenate(parts)
    del parts
    keys.sort()
    return keys


def digit_counts(values: np.ndarray) -> np.ndarray:
    """How many decimal digits each non-negative int has."""
    digits = np.ones(len(values), dtype=np.int8)
    for place in range(1, len(str(int(values.max())))):
        digits += values >= 10 ** place
    return digits


def decimal_text(values: np.ndarray, digits: np.ndarray, block: int = 1 << 20) -> bytes:
    """Non-negative ints as ASCII decimals, each followed by a comma, a block of ints at a time.

    Every number is written right-aligned in a fixed-width row of digits, then each row's leading
    zeros are dropped in one pass."""
    width = len(str(int(values.max())))
    shown = np.arange(width + 1) >= width - np.arange(width + 1)[:, None]  # digit count -> columns kept
    pieces = []
    for start in range(0, len(values), block):
        rest = values[start:start + block].astype(np.int64)
        rows = np.empty((len(rest), width + 1), dtype=np.uint8)
        rows[:, width] = COMMA
        for column in range(width - 1, -1, -1):
            higher = rest // 10
            rows[:, column] = rest - higher * 10 + 48
            rest = higher
        kept = np.take(shown, digits[start:start + block], axis=0).ravel()
        pieces.append(np.compress(kept, rows.ravel()).tobytes())
    return b"".join(pieces)


def encoded_lists(keys: np.ndarray, count: int) -> dict[int, list[bytes]]:
    """Term id -> its per-field gap lists as JSON text, trailing empty fields dropped. Consumes `keys`."""
    ids = (keys % count).astype(np.int32)
    keys //= count  # now term * 4 + field: one value per group
    first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))  # where each group starts
    group_keys = keys[first]
    del keys
    gaps = np.empty_like(ids)
    np.subtract(ids[1:], ids[:-1], out=gaps[1:])
    gaps[first] = ids[first]  # a group's first number is its first id
    del ids
    digits = digit_counts(gaps)
    text = decimal_text(gaps, digits)
    ends = np.cumsum(np.add.reduceat(digits.astype(np.int64) + 1, first))  # each group's end (after a comma)
    starts = np.concatenate(([0], ends[:-1]))
    terms: dict[int, list[bytes]] = {}
    for term, field, low, high in zip((group_keys // len(FIELDS)).tolist(), (group_keys % len(FIELDS)).tolist(),
                                      starts.tolist(), (ends - 1).tolist()):
        lists = terms.get(term)
        if lists is None:
            lists = terms[term] = []
        lists.extend([b"[]"] * (field - len(lists)))
        lists.append(b"[" + text[low:high] + b"]")
    return terms


def build_shards(blobs: TermBlobs, vocabulary: list[str]) -> tuple[dict[str, bytes], list[int]]:
    """Shard stem -> JSON bytes mapping each of its terms to encoded lists, terms sorted; and the term ids used."""
    count = len(blobs[0])
    keys = posting_keys(blobs, count)
    if not len(keys):
        return {}, []
    terms = encoded_lists(keys, count)
    grouped: dict[str, list[bytes]] = defaultdict(list)
    for term_id in sorted(terms, key=vocabulary.__getitem__):
        term = vocabulary[term_id]
        grouped[shard_name(term)].append(b'"' + term.encode("utf-8") + b'":[' + b",".join(terms[term_id]) + b"]")
    return {name: b"{" + b",".join(parts) + b"}" for name, parts in grouped.items()}, list(terms)


def diff_terms(edits: PostingEdits, number: int, before: TermSets, after: TermSets) -> None:
    """Record which terms paper `number` lost and gained, field by field."""
    for field, (old, new) in enumerate(zip(before, after)):
        for term in old - new:
            edits.setdefault((term, field), (set(), set()))[0].add(number)
        for term in new - old:
            edits.setdefault((term, field), (set(), set()))[1].add(number)


FieldChanges = dict[int, tuple[set[int], set[int]]]  # field -> (ids removed, ids added), for one term


def edited_lists(lists: list[list[int]], changes: FieldChanges) -> list[list[int]]:
    """A term's gap lists with some ids removed and some added, trailing empty fields dropped."""
    lists = lists + [[] for _ in range(len(FIELDS) - len(lists))]
    for field, (removed, added) in changes.items():
        ids = list(accumulate(lists[field]))
        for number in removed:
            del ids[bisect_left(ids, number)]
        for number in added:
            insort(ids, number)
        lists[field] = ids[:1] + list(map(operator.sub, islice(ids, 1, None), ids))
    while lists and not lists[-1]:
        lists.pop()
    return lists


def term_entry(term: str, lists: list[list[int]]) -> bytes:
    """One term's `"term":[[gaps],...]` as build_shards writes it."""
    return b'"' + term.encode("utf-8") + b'":' + json.dumps(lists, separators=(",", ":")).encode("ascii")


def encode_shard(data: dict[str, list[list[int]]]) -> bytes:
    """A shard's JSON bytes, byte for byte what build_shards writes for the same postings."""
    return b"{" + b",".join(term_entry(term, data[term]) for term in sorted(data)) + b"}"


def term_span(shard: bytes, term: str) -> tuple[int, int] | None:
    """Where `"term":[...]` is in a shard's bytes, or None. Keys are quoted and values hold only digits,
    commas and brackets, so the key is found exactly and its value ends at the first "]]"."""
    start = shard.find(b'"' + term.encode("utf-8") + b'":[[')
    return None if start < 0 else (start, shard.index(b"]]", start) + 2)


def spliced_shard(shard: bytes, terms: dict[str, FieldChanges]) -> bytes | None:
    """The shard with each term's entry edited in place, or None when a term is new or loses all its ids."""
    spans = []
    for term, changes in terms.items():
        span = term_span(shard, term)
        if span is None:
            return None
        start, end = span
        lists = edited_lists(json.loads(shard[shard.index(b":", start) + 1:end]), changes)
        if not lists:
            return None
        spans.append((start, end, term_entry(term, lists)))
    pieces, done = [], 0
    for start, end, entry in sorted(spans):
        pieces += [shard[done:start], entry]
        done = end
    return b"".join(pieces) + shard[done:]


def rewritten_shard(shard: bytes | None, terms: dict[str, FieldChanges]) -> tuple[bytes | None, int]:
    """The shard parsed, edited and encoded again (None when it is left empty); and the change in its term count."""
    data = json.loads(shard) if shard is not None else {}
    before = len(data)
    for term, changes in terms.items():
        lists = edited_lists(data.pop(term, []), changes)
        if lists:
            data[term] = lists
    return (encode_shard(data) if data else None), len(data) - before


def patch_shards(shards: dict[str, bytes], edits: PostingEdits) -> tuple[dict[str, bytes], int]:
    """The shards after `edits`, touching only the shards they concern; and the change in term count.

    A term that keeps some ids is edited in place; a shard gaining or losing a term is parsed and rewritten."""
    by_shard: dict[str, dict[str, FieldChanges]] = defaultdict(dict)
    for (term, field), change in edits.items():
        by_shard[shard_name(term)].setdefault(term, {})[field] = change
    patched, term_delta = dict(shards), 0
    for name, terms in by_shard.items():
        shard = shards.get(name)
        data = spliced_shard(shard, terms) if shard is not None else None
        if data is None:
            data, delta = rewritten_shard(shard, terms)
            term_delta += delta
        if data is None:
            patched.pop(name, None)
        else:
            patched[name] = data
    return patched, term_delta
