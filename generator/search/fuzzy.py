"""The typo index: terms grouped by fuzzy keys into a few hashed files, so a misspelt word fetches at most
four small files to find the terms one or two edits away, even when the typo is in its first letters."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from .text import FUZZY_MIN_LENGTH, NAME_JOINER, fuzzy_bucket, fuzzy_keys

TERMS_PER_FILE = 400  # about 2 KB gzip a file: a typo costs a few of them
SHARD_KEY = re.compile(rb'"([^"]+)":\[\[')  # a term's key in a shard: values hold only digits, commas, brackets


def shard_terms(shards: Iterable[bytes]) -> list[str]:
    """Every term the shards hold that can be a correction: plain words of 4+ letters (no names, no numbers)."""
    found: list[str] = []
    for shard in shards:
        for match in SHARD_KEY.finditer(shard):
            term = match.group(1).decode("utf-8")
            if len(term) >= FUZZY_MIN_LENGTH and NAME_JOINER not in term and term.isalpha():
                found.append(term)
    return found


def bucket_count(entries: int) -> int:
    """A power of two giving about TERMS_PER_FILE terms a file (at least 1)."""
    count = 1
    while count * TERMS_PER_FILE < entries:
        count *= 2
    return count


def build_fuzzy(shards: Iterable[bytes]) -> tuple[int, dict[str, bytes]]:
    """The number of fuzzy files and each file (`fuzzy/<n>.json`: a sorted JSON list of terms)."""
    keyed = [(term, fuzzy_keys(term)) for term in shard_terms(shards)]
    count = bucket_count(sum(len(keys) for _, keys in keyed))
    buckets: list[set[str]] = [set() for _ in range(count)]
    for term, keys in keyed:
        for key in keys:
            buckets[fuzzy_bucket(key, count)].add(term)
    files = {f"fuzzy/{number}.json": json.dumps(sorted(terms), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
             for number, terms in enumerate(buckets)}
    return count, files
