"""A reference reader of a built index in Python: the same rules as the JS client, for tests and checks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from .records import FIELDS
from .text import (FUZZY_MIN_LENGTH, PREFIX_LENGTH, STOPWORDS, edit_distance, fuzzy_bucket, fuzzy_keys, max_edits,
                   shard_name, tokenize, word_form)

FEW = 2  # a free word finding at most this many papers is also matched to its corrections (as the client)
MAX_FIXES = 5


@dataclass
class Forgiven:
    """A forgiving search's answer: ids best first (more words, fewer corrections), and what it did."""

    ranked: list[int]
    corrected: dict[str, list[str]]
    ignored: list[str]
    partial: bool


@dataclass
class IndexReader:
    """Reads files of an index directory on demand, as the browser does over HTTP."""

    root: Path

    def json(self, relative: str) -> object:
        """One index file, parsed."""
        return json.loads((self.root / relative).read_text("utf-8"))

    @property
    def manifest(self) -> dict:
        """The manifest."""
        return self.json("manifest.json")

    def shard(self, word: str) -> dict[str, list[list[int]]]:
        """The shard a word lives in (empty when there is none)."""
        path = self.root / "terms" / f"{shard_name(word)}.json"
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def term_ids(self, word: str, fields: tuple[str, ...] = FIELDS, prefix: bool = True, forms: bool = False) -> set[int]:
        """Ids of papers with `word` (or, when prefix and long enough, any term it begins; with forms, any
        term with the same singular) in `fields`."""
        form = word_form(word) if forms else None
        found: set[int] = set()
        for term, lists in self.shard(word).items():
            plain = "_" not in term
            expands = prefix and len(word) >= PREFIX_LENGTH and term.startswith(word) and plain
            if term == word or expands or (form is not None and plain and word_form(term) == form):
                found.update(self.lists_ids(lists, fields))
        return found

    @staticmethod
    def lists_ids(lists: list[list[int]], fields: tuple[str, ...] = FIELDS) -> set[int]:
        """Ids in a term's gap lists for some fields."""
        found: set[int] = set()
        for number in (FIELDS.index(name) for name in fields):
            if number < len(lists):
                found.update(accumulate(lists[number]))
        return found

    def corrections(self, word: str) -> list[str]:
        """Index terms closest to `word` within its edit limit, as the client finds them (at most MAX_FIXES)."""
        limit, buckets, form = max_edits(word), self.manifest.get("fuzzy", 0), word_form(word)
        if not limit:
            return []
        candidates = list(self.shard(word))
        for number in sorted({fuzzy_bucket(key, buckets) for key in fuzzy_keys(word)}) if buckets else []:
            candidates += self.json(f"fuzzy/{number}.json")
        best, found = limit, []
        for term in candidates:
            if (len(term) < FUZZY_MIN_LENGTH or term.startswith(word) or word_form(term) == form or term in found
                    or not term.isalpha()):
                continue
            distance = edit_distance(word, term, best)
            if distance < best:
                best, found = distance, [term]
            elif distance == best:
                found.append(term)
        return found[:MAX_FIXES]

    def forgiving(self, text: str) -> Forgiven:
        """Free words as the client treats them: forms folded, a word finding few papers corrected, and when
        no paper has every word, papers with the most words first."""
        words = [word for word in tokenize(text) if word not in STOPWORDS]
        exact = [self.term_ids(word, forms=True) for word in words]
        corrected: dict[str, list[str]] = {}
        fixed: list[set[int]] = []
        for word, ids in zip(words, exact):
            extra: set[int] = set()
            if len(ids) <= FEW:
                for term in self.corrections(word):
                    extra |= self.lists_ids(self.shard(term).get(term, []))
            if extra - ids:
                corrected[word] = self.corrections(word)
            fixed.append(extra - ids)
        matched = [ids | extra for ids, extra in zip(exact, fixed)]
        ignored = [word for word, ids in zip(words, matched) if not ids]
        found = [ids for ids in matched if ids]  # a word no paper contains is left out
        every = set.intersection(*found) if found else set()
        pool = every or set().union(*matched) if matched else set()
        rank = {doc: (sum(doc in ids for ids in matched) * (len(words) + 1) - sum(doc in ids for ids in fixed))
                for doc in pool}
        most = max((sum(doc in ids for ids in matched) for doc in pool), default=0)
        return Forgiven(sorted(pool, key=lambda doc: (-rank[doc], -doc)), corrected, ignored,
                        not every and bool(pool) and most < len(words) - len(ignored))

    def search(self, text: str, fields: tuple[str, ...] = FIELDS) -> set[int]:
        """Ids matching every non-stopword of `text`, each as a prefix."""
        words = [word for word in tokenize(text) if word not in STOPWORDS]
        sets = [self.term_ids(word, fields) for word in words]
        return set.intersection(*sets) if sets else set()

    def author_ids(self, name: str) -> set[int]:
        """Ids of papers by exactly this author (full-name term)."""
        return self.term_ids("_".join(tokenize(name)), ("author",), prefix=False)

    def year_ids(self, first: int, last: int | None = None) -> set[int]:
        """Ids of papers dated in [first, last] (ids of one year are one contiguous range)."""
        ids: set[int] = set()
        for year, (start, end) in self.manifest["years"].items():
            if first <= int(year) <= (last or first):
                ids.update(range(start, end))
        return ids

    def facet_ids(self, facet: str, value: str) -> set[int]:
        """Ids of papers with a facet value."""
        data = self.json("facets.json")[facet]
        return set(accumulate(data["ids"][data["names"].index(value)])) if value in data["names"] else set()

    def doc(self, doc_id: int) -> dict:
        """A paper's display fragment."""
        manifest = self.manifest
        chunk = doc_id // manifest["docsPerChunk"]
        docs = self.json(f"docs/{chunk // manifest['chunksPerFolder']}/{chunk}.json")
        return docs[doc_id % manifest["docsPerChunk"]]

    def urls(self, ids: set[int]) -> set[str]:
        """The page URLs of some ids."""
        return {self.doc(doc_id)["u"] for doc_id in ids}
