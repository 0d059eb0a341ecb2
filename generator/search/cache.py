"""The search index's cache: what the last build computed, in one SQLite file in the caller's cache dir.

Per paper (keyed by a digest of its data): its display fragment, its term ids per field and its facet
facts. Per shard: its bytes. And the last build's papers in id order, vocabulary, facets and upvotes.
A build writes only the rows that changed, in one transaction, and only if no other build saved in
between (optimistic: the cache always describes one complete build)."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .records import PaperFacts

CACHE_FILE = "search-index-v2.sqlite"  # the version changes with the schema or with what facts hold (v2: labels)
DIGEST_SIZE = 16
SCHEMA = """
create table if not exists papers (digest blob primary key, fragment blob not null, title blob not null,
    abstract blob not null, author blob not null, topic blob not null, facts blob not null);
create table if not exists shards (name text primary key, data blob not null);
create table if not exists state (key text primary key, value blob not null);
"""
QUERY_BATCH = 500  # digests per `in (...)` query, well under SQLite's variable limit


@dataclass
class Entry:
    """One paper's share of the index: its digest, display fragment, term ids per field and facts."""

    digest: bytes
    fragment: bytes
    terms: tuple[bytes, ...]  # per field: the paper's distinct term ids as int32 bytes
    facts: PaperFacts


@dataclass
class Previous:
    """What the last build saved: its papers in id order and what only they determine."""

    generation: int
    digests: list[bytes]
    vocabulary: list[str]  # term id -> term
    term_count: int
    facets: bytes
    upvotes: bytes


@dataclass
class Update:
    """What a build writes back: new paper rows, changed shards, and the new state."""

    digests: list[bytes]
    vocabulary: list[str]
    term_count: int
    facets: bytes
    upvotes: bytes
    entries: list[Entry] = field(default_factory=list)
    shards: dict[str, bytes] = field(default_factory=dict)  # shards written (all of them when replace_shards)
    removed_shards: list[str] = field(default_factory=list)
    replace_shards: bool = False
    replace_papers: bool = False  # entries hold every paper, numbered by a new vocabulary


@cache
def code_key() -> bytes:
    """Digest of this package's source: a cache written by other tokenising or encoding rules is not reused."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def entry_row(entry: Entry) -> tuple:
    """An entry as a row of the papers table."""
    return (entry.digest, entry.fragment, *entry.terms, marshal.dumps(tuple(entry.facts), 2))


def row_entry(row: tuple) -> Entry:
    """A row of the papers table as an entry."""
    return Entry(row[0], row[1], tuple(row[2:6]), PaperFacts(*marshal.loads(row[6])))


def split_digests(blob: bytes) -> list[bytes]:
    """Concatenated digests back into a list."""
    return [blob[start:start + DIGEST_SIZE] for start in range(0, len(blob), DIGEST_SIZE)]


class IndexCache:
    """The cache file of one cache dir, open for one build."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self.db.execute("pragma synchronous = off")  # a cache: a torn file is detected and rebuilt
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same saved build."""
        self.db.execute("begin")
        try:
            yield
        finally:
            self.db.execute("commit")

    def state(self) -> dict[str, bytes]:
        """The state table as key -> value."""
        return dict(self.db.execute("select key, value from state"))

    def previous(self) -> Previous | None:
        """What the last build saved, or None when nothing was saved or other code saved it."""
        state = self.state()
        if state.get("code") != code_key():
            return None
        return Previous(int(state["generation"]), split_digests(state["digests"]),
                        state["vocabulary"].decode("utf-8").split("\n")[:-1], int(state["term_count"]),
                        state["facets"], state["upvotes"])

    def entries(self, digests: Iterable[bytes] | None = None) -> dict[bytes, Entry]:
        """Digest -> entry, for the given digests that are cached (all of them when None)."""
        if digests is None:
            return {row[0]: row_entry(row) for row in self.db.execute("select * from papers")}
        wanted, found = list(digests), {}
        for start in range(0, len(wanted), QUERY_BATCH):
            batch = wanted[start:start + QUERY_BATCH]
            rows = self.db.execute(f"select * from papers where digest in ({','.join('?' * len(batch))})", batch)
            found.update((row[0], row_entry(row)) for row in rows)
        return found

    def fragments(self) -> dict[bytes, bytes]:
        """Digest -> display fragment of every cached paper."""
        return dict(self.db.execute("select digest, fragment from papers"))

    def shards(self) -> dict[str, bytes]:
        """Shard name -> bytes, as the last build wrote them."""
        return dict(self.db.execute("select name, data from shards"))

    def saved_since(self, previous: Previous | None) -> bool:
        """Whether another build saved after `previous` was read."""
        state = self.state()
        if previous is None:
            return state.get("code") == code_key()
        return state.get("code") != code_key() or int(state["generation"]) != previous.generation

    def save(self, previous: Previous | None, update: Update) -> bool:
        """Write a build's changes in one transaction; False (nothing written) if another build saved first."""
        self.db.execute("begin immediate")
        try:
            if self.saved_since(previous):
                self.db.execute("rollback")
                return False
            self.write(previous, update)
            self.db.execute("commit")
            return True
        except BaseException:
            self.db.execute("rollback")
            raise

    def write(self, previous: Previous | None, update: Update) -> None:
        """The rows of one save: new papers in, stale papers out, changed shards, the new state."""
        db = self.db
        if previous is None or update.replace_papers:
            db.execute("delete from papers")
        else:
            db.executemany("delete from papers where digest = ?",
                           [(digest,) for digest in set(previous.digests).difference(update.digests)])
        db.executemany("insert or replace into papers values (?, ?, ?, ?, ?, ?, ?)", map(entry_row, update.entries))
        if update.replace_shards:
            db.execute("delete from shards")
        db.executemany("delete from shards where name = ?", [(name,) for name in update.removed_shards])
        db.executemany("insert or replace into shards values (?, ?)", update.shards.items())
        db.executemany("insert or replace into state values (?, ?)", [
            ("code", code_key()), ("generation", str(previous.generation + 1 if previous else 0).encode()),
            ("digests", b"".join(update.digests)),
            ("vocabulary", "".join(term + "\n" for term in update.vocabulary).encode("utf-8")),
            ("term_count", str(update.term_count).encode()), ("facets", update.facets), ("upvotes", update.upvotes),
        ])


def connected(path: Path) -> IndexCache:
    """The cache file at path; a file that is not an SQLite database (damaged) is replaced by an empty one."""
    try:
        index_cache = IndexCache(path)
    except sqlite3.OperationalError:  # busy or unreadable: not damaged, leave it to its owner
        raise
    except sqlite3.DatabaseError:
        path.unlink(missing_ok=True)
        index_cache = IndexCache(path)
    return index_cache


@contextlib.contextmanager
def opened_cache(cache_dir: Path) -> Iterator[IndexCache]:
    """The cache of cache_dir, open for one build."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    index_cache = connected(cache_dir / CACHE_FILE)
    try:
        yield index_cache
    finally:
        index_cache.close()


def discard(cache_dir: Path) -> None:
    """Remove a damaged cache file (the next build starts a new one)."""
    (cache_dir / CACHE_FILE).unlink(missing_ok=True)
