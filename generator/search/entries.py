"""Cache entries for papers the cache does not hold: tokenised and encoded.

One process: a forked second worker measured slower on the shared 2-core machine (copy-on-write
faults on the loaded store, and the other core is usually busy), see bench/RESULTS.md."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..store import StoredPaper
from .cache import Entry
from .documents import fragment_bytes
from .postings import TermEncoder, Vocabulary
from .records import FIELDS, facts_of, record_of


@dataclass
class Ordered:
    """The papers of a build in id order, with their result URLs and digests."""

    papers: list[StoredPaper]
    urls: list[str]
    digests: list[bytes]


def paper_entry(ordered: Ordered, number: int, encoder: TermEncoder) -> Entry:
    """Tokenise and encode the paper with id `number`."""
    record = record_of(number, ordered.papers[number])
    return Entry(ordered.digests[number], fragment_bytes(record, ordered.urls[number]), encoder.encode(record),
                 facts_of(record))


def new_entries(ordered: Ordered, numbers: list[int], vocabulary: Vocabulary) -> list[Entry]:
    """Entries of the papers with these ids, new terms added to `vocabulary`."""
    encoder = TermEncoder(vocabulary)
    return [paper_entry(ordered, number, encoder) for number in numbers]


def renumbered(entries: list[Entry], mapping: np.ndarray) -> list[Entry]:
    """Entries with every term id replaced by mapping[id] (one numpy gather per field, not one per paper)."""
    fields = []
    for field in range(len(FIELDS)):
        blobs = [entry.terms[field] for entry in entries]
        data = mapping[np.frombuffer(b"".join(blobs), dtype=np.int32)].astype(np.int32).tobytes()
        ends = np.cumsum([len(blob) for blob in blobs]).tolist()
        fields.append([data[end - len(blob):end] for blob, end in zip(blobs, ends)])
    return [Entry(entry.digest, entry.fragment, tuple(field[index] for field in fields), entry.facts)
            for index, entry in enumerate(entries)]
