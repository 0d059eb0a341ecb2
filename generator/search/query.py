"""A reference reader of a built index in Python: the same rules as the JS client, for tests and checks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from .records import FIELDS
from .text import PREFIX_LENGTH, STOPWORDS, shard_name, tokenize


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

    def term_ids(self, word: str, fields: tuple[str, ...] = FIELDS, prefix: bool = True) -> set[int]:
        """Ids of papers with `word` (or, when prefix and long enough, any term it begins) in `fields`."""
        path = self.root / "terms" / f"{shard_name(word)}.json"
        shard = json.loads(path.read_text("utf-8")) if path.exists() else {}
        wanted = [FIELDS.index(name) for name in fields]
        found: set[int] = set()
        for term, lists in shard.items():
            expands = prefix and len(word) >= PREFIX_LENGTH and term.startswith(word) and "_" not in term
            if term == word or expands:
                for number in wanted:
                    if number < len(lists):
                        found.update(accumulate(lists[number]))
        return found

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
