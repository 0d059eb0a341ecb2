"""The inverted index: term -> one sorted id list per field, delta-coded into prefix shards.

A full build turns every (term, field, paper) triple into one int64 and sorts them with numpy; the
ids and their gaps are then written as decimal text by numpy too, so no Python loop runs per posting.
An edit patches only the shards holding the terms the edited papers gained or lost."""

from __future__ import annotations

import json
import operator
import struct
from bisect import bisect_left, insort
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from functools import cache
from itertools import accumulate, islice

import numpy as np

from .records import FIELDS, Record
from .text import STOPWORDS, index_terms, name_key, shard_name, tokenize
from .wordids import HashCollision, WordTable, text_ids

TermSets = tuple[set[str], ...]  # one set per field (title, abstract, author, topic)
TermBlobs = list[list[bytes]]  # per field, per paper id: the paper's term ids as int32 bytes
# (term, field) -> (ids that lose the term, ids that gain it)
PostingEdits = dict[tuple[str, int], tuple[set[int], set[int]]]
COMMA = ord(",")
STOPWORD = -1  # the id WordIds gives a stopword: dropped


@cache
def int32_packer(count: int) -> Callable[..., bytes]:
    """Packs `count` ints as int32 bytes (as array("i", ...).tobytes(), but about twice as fast)."""
    return struct.Struct(f"{count}i").pack


def int32_bytes(ids: Collection[int]) -> bytes:
    """Some ids as int32 bytes."""
    return int32_packer(len(ids))(*ids)


class TermIds(dict[str, int]):
    """Term -> id; looking up a term not seen before gives it the next id and appends it to `terms`."""

    def __init__(self, terms: list[str]) -> None:
        super().__init__(zip(terms, range(len(terms))))
        self.terms = terms

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self.terms)
        self.terms.append(term)
        return number


class WordIds(dict[str, int]):
    """Word of a text -> its term id, or STOPWORD; a word not seen before is looked up in (and added to) `ids`."""

    def __init__(self, ids: TermIds) -> None:
        super().__init__(dict.fromkeys(STOPWORDS, STOPWORD))
        self.ids = ids

    def __missing__(self, word: str) -> int:
        number = self[word] = self.ids[word]
        return number


class Vocabulary:
    """Term <-> small int id; a term not seen before gets the next id."""

    def __init__(self, terms: list[str] | tuple[str, ...] = ()) -> None:
        self.terms = list(terms)
        self.ids = TermIds(self.terms)
        self.words = WordIds(self.ids)
        self.table = WordTable(self.words.__getitem__)

    def encode_text(self, text: str) -> bytes:
        """The ids of index_terms(text) as int32 bytes: every word is looked up as it comes, then the ids
        deduplicated (cheaper than a set of strings)."""
        ids = set(map(self.words.__getitem__, tokenize(text)))
        ids.discard(STOPWORD)
        return int32_bytes(ids)

    def encode_texts(self, texts: list[str]) -> list[bytes]:
        """encode_text of each text: the ASCII ones all at once with numpy (wordids), the others one by one."""
        ascii_texts = [text for text in texts if text.isascii()]
        try:
            found = iter(text_ids(ascii_texts, self.table, STOPWORD))
        except HashCollision:
            found = map(self.encode_text, ascii_texts)
        return [next(found) if text.isascii() else self.encode_text(text) for text in texts]


def paper_terms(record: Record) -> TermSets:
    """A paper's distinct searchable terms per field; authors also as one full-name term each."""
    names = index_terms(" ".join(record.authors))
    names.update(name_key(name) for name in record.authors)
    return (index_terms(record.title), index_terms(record.abstract), names, index_terms(" ".join(record.topics)))


class TermEncoder:
    """paper_terms as term-id bytes, remembering each author name's and topic's term ids: they recur across papers."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.names: dict[str, frozenset[int]] = {}
        self.topics: dict[str, frozenset[int]] = {}

    def term_ids(self, terms: Iterable[str]) -> frozenset[int]:
        """The ids of some terms."""
        return frozenset(map(self.vocabulary.ids.__getitem__, terms))

    def name_ids(self, name: str) -> frozenset[int]:
        """The ids of an author's words (stopwords dropped) and full-name term."""
        ids = self.names.get(name)
        if ids is None:
            ids = self.names[name] = self.term_ids(index_terms(name) | {name_key(name)})
        return ids

    def topic_ids(self, topic: str) -> frozenset[int]:
        """The ids of a topic's words, stopwords dropped."""
        ids = self.topics.get(topic)
        if ids is None:
            ids = self.topics[topic] = self.term_ids(index_terms(topic))
        return ids

    def author_ids(self, record: Record) -> bytes:
        """The record's author-field term ids as int32 bytes."""
        return int32_bytes(set().union(*map(self.name_ids, record.authors)))

    def topic_field_ids(self, record: Record) -> bytes:
        """The record's topic-field term ids as int32 bytes."""
        return int32_bytes(set().union(*map(self.topic_ids, record.topics)))

    def encode(self, records: list[Record]) -> list[tuple[bytes, ...]]:
        """Each record's term ids per field (the same sets as paper_terms)."""
        titles = self.vocabulary.encode_texts([record.title for record in records])
        abstracts = self.vocabulary.encode_texts([record.abstract for record in records])
        return [(title, abstract, self.author_ids(record), self.topic_field_ids(record))
                for title, abstract, record in zip(titles, abstracts, records)]


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
        rest = values[start:start + block]  # in the values' own type: int32 gaps divide faster than int64
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
