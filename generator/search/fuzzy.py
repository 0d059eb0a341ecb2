"""The typo index: terms grouped by fuzzy keys into a few hashed files, so a misspelt word fetches at most
four small files to find the terms one or two edits away, even when the typo is in its first letters.

A term's keys (text.fuzzy_keys) are its first three letters and the first three after deleting its 1st,
2nd or 3rd letter; each key is hashed (FNV-1a) to one of 2^k files. For ASCII terms, which are nearly all,
keys and hashes are computed with numpy over the terms' first four bytes: no Python work per key."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import numpy as np

from .text import FUZZY_MIN_LENGTH, fuzzy_bucket, fuzzy_keys

TERMS_PER_FILE = 400  # about 2 KB gzip a file: a typo costs a few of them
SHARD_KEY = re.compile(rb'"([^"_]{4,})":\[\[')  # a term of 4+ bytes, not a name: values hold only digits, commas, brackets
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193
KEY_BYTES = ((0, 1, 2), (1, 2, 3), (0, 2, 3), (0, 1, 3))  # the bytes of the first four making each key


def shard_terms(shards: Iterable[bytes]) -> tuple[list[bytes], list[str]]:
    """Terms that can be a correction (4+ letters, no digits, no names): ASCII ones as bytes, others as str."""
    ascii_terms: list[bytes] = []
    other: list[str] = []
    for shard in shards:
        for term in SHARD_KEY.findall(shard):
            if term.isalpha():
                ascii_terms.append(term)
            elif not term.isascii():
                text = term.decode("utf-8")
                if len(text) >= FUZZY_MIN_LENGTH and text.isalpha():
                    other.append(text)
    return ascii_terms, other


def bucket_count(entries: int) -> int:
    """A power of two giving about TERMS_PER_FILE terms a file (at least 1)."""
    count = 1
    while count * TERMS_PER_FILE < entries:
        count *= 2
    return count


def ascii_buckets(heads: np.ndarray, count: int) -> np.ndarray:
    """For terms' first four bytes (n x 4 uint8), the file of each of their four keys (n x 4): FNV-1a over
    the key's three bytes, as text.fuzzy_bucket computes it."""
    out = np.empty((len(heads), len(KEY_BYTES)), dtype=np.int64)
    for column, picks in enumerate(KEY_BYTES):
        value = np.full(len(heads), FNV_OFFSET, dtype=np.uint32)
        for pick in picks:
            value = (value ^ heads[:, pick].astype(np.uint32)) * np.uint32(FNV_PRIME)  # wraps mod 2^32
        out[:, column] = value % count
    return out


def build_fuzzy(shards: Iterable[bytes]) -> tuple[int, dict[str, bytes]]:
    """The number of fuzzy files and each file (`fuzzy/<n>.json`: a sorted JSON list of terms)."""
    ascii_terms, other = shard_terms(shards)
    ascii_terms.sort()
    other_keys = [fuzzy_keys(term) for term in other]
    count = bucket_count(len(ascii_terms) * 7 // 2 + sum(map(len, other_keys)))  # ~3.5 distinct keys a term
    heads = np.frombuffer(b"".join(term[:4] for term in ascii_terms), dtype=np.uint8).reshape(-1, 4)
    pairs = np.sort((ascii_buckets(heads, count) * len(ascii_terms) + np.arange(len(ascii_terms))[:, None]).ravel())
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs  # a term once a file
    bounds = np.searchsorted(pairs, np.arange(count + 1, dtype=np.int64) * len(ascii_terms))
    indices = (pairs % max(1, len(ascii_terms))).tolist()
    extra: list[list[str]] = [[] for _ in range(count)]
    for term, keys in zip(other, other_keys):
        for number in {fuzzy_bucket(key, count) for key in keys}:
            extra[number].append(term)
    files = {}
    for number in range(count):
        terms = [ascii_terms[i] for i in indices[bounds[number]:bounds[number + 1]]]
        if extra[number]:
            words = sorted([term.decode("ascii") for term in terms] + extra[number])
            files[f"fuzzy/{number}.json"] = json.dumps(words, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        else:  # ASCII letters need no escaping: the bytes json.dumps would give
            files[f"fuzzy/{number}.json"] = b'["' + b'","'.join(terms) + b'"]' if terms else b"[]"
    return count, files
