"""Cache entries for papers the cache does not hold: tokenised and encoded, a batch of papers at a time.

One process: a forked second worker measured slower on the shared 2-core machine (copy-on-write
faults on the loaded store, and the other core is usually busy), see bench/RESULTS.md. Measured again
with the batch tokeniser's predecessor: each worker's first 6,250 papers cost 35,000 copy-on-write
faults (+0.4 s), and two workers saved 0-0.6 s of an 8.5 s render at load 1.3."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..store import StoredPaper
from .cache import Entry
from .documents import fragment_bytes
from .postings import TermEncoder, Vocabulary
from .records import FIELDS, facts_of, record_of

BATCH = 5_000  # papers tokenised together: numpy's per-call costs are shared, its arrays stay small


@dataclass
class Ordered:
    """The papers of a build in id order, with their result URLs and digests."""

    papers: list[StoredPaper]
    urls: list[str]
    digests: list[bytes]


def batch_entries(ordered: Ordered, numbers: list[int], encoder: TermEncoder) -> list[Entry]:
    """Tokenise and encode the papers with these ids, together."""
    records = [record_of(number, ordered.papers[number]) for number in numbers]
    return [Entry(ordered.digests[record.id], fragment_bytes(record, ordered.urls[record.id]), terms, facts_of(record))
            for record, terms in zip(records, encoder.encode(records))]


def new_entries(ordered: Ordered, numbers: list[int], vocabulary: Vocabulary) -> list[Entry]:
    """Entries of the papers with these ids, new terms added to `vocabulary`."""
    encoder = TermEncoder(vocabulary)
    return [entry for start in range(0, len(numbers), BATCH)
            for entry in batch_entries(ordered, numbers[start:start + BATCH], encoder)]


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
