"""Term ids of many ASCII texts at once, with numpy: per text the same distinct ids as Vocabulary.encode_text,
without a Python object per word (at 50,000 papers, titles and abstracts hold 8 million words).

The texts are joined with spaces and translated like text.tokenize's ASCII path, so words are the runs of
bytes that are not spaces. Each word is hashed from its 8-byte pieces and looked up in an open-addressing table
of the words seen so far; the distinct words the table lacks are added through the vocabulary (one Python dict
lookup per new word). A match counts only if the word's length and pieces equal the table entry's: a hash
collision raises HashCollision, and the caller takes the per-text path instead."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .text import ASCII_TABLE

PIECE = 8  # bytes per uint64 piece
SPACE = ord(" ")
KEEP_BYTES = np.array([(1 << (8 * count)) - 1 for count in range(PIECE + 1)], dtype=np.uint64)  # first n bytes
MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # odd, bits well spread: a multiply mixes each piece into the hash
EMPTY = 0  # hash of an empty slot (word hashes are odd)
Pieces = list[tuple[np.ndarray, np.ndarray]]  # per 8-byte offset: (which words, their bytes there)


class HashCollision(Exception):
    """Two different words have the same hash."""


def windows(data: bytes) -> np.ndarray:
    """uint64 view where item i is bytes i..i+7 of data (little-endian, zeros past the end): no copy per item."""
    return np.ndarray((len(data) + 1,), dtype="<u8", buffer=data + bytes(PIECE), strides=(1,))


def word_spans(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of non-space bytes starts, and its length."""
    flags = np.zeros(len(data) + 2, dtype=np.int8)
    np.not_equal(np.frombuffer(data, dtype=np.uint8), SPACE, out=flags[1:-1].view(np.bool_))
    edges = np.flatnonzero(np.diff(flags))  # alternately a word's start and its end
    return edges[0::2], edges[1::2] - edges[0::2]


def piece_at(view: np.ndarray, starts: np.ndarray, lengths: np.ndarray, offset: int) -> np.ndarray:
    """Bytes offset..offset+7 of each word (from `view`, see windows), the bytes past its end zeroed."""
    piece = view[starts + offset]
    piece &= KEEP_BYTES[np.minimum(lengths - offset, PIECE)]
    return piece


def later_pieces(view: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> Pieces:
    """The pieces after each word's first: piece k (k >= 1) of the words longer than 8k bytes."""
    pieces: Pieces = []
    longer = np.arange(len(lengths))
    for offset in range(PIECE, int(lengths.max(initial=0)), PIECE):
        longer = longer[lengths[longer] > offset]  # fewer each time: one very long word costs little
        pieces.append((longer, piece_at(view, starts[longer], lengths[longer], offset)))
    return pieces


def word_hashes(first: np.ndarray, later: Pieces, lengths: np.ndarray) -> np.ndarray:
    """An odd 64-bit hash of each word from its length and pieces."""
    hashes = (lengths.astype(np.uint64) ^ first) * MULTIPLIER
    for which, piece in later:
        hashes[which] = (hashes[which] ^ piece) * MULTIPLIER
    hashes ^= hashes >> np.uint64(32)  # the slot is taken from the top bits: let the low bits reach them too
    hashes *= MULTIPLIER
    return hashes | np.uint64(1)


class WordTable:
    """Word hash -> term id (or the stopword id), open addressing, with every word's bytes kept to check matches."""

    def __init__(self, word_id: Callable[[str], int]) -> None:
        self.word_id = word_id
        self.text = b""  # the words held, one after another
        self.size = 0
        self.allocate(16)

    def allocate(self, bits: int) -> None:
        """Empty slots, 2**bits of them."""
        self.bits = bits
        self.hashes = np.full(1 << bits, EMPTY, dtype=np.uint64)
        self.ids = np.zeros(1 << bits, dtype=np.int32)
        self.firsts = np.zeros(1 << bits, dtype=np.uint64)  # the word's first piece: all of a word of <= 8 bytes
        self.starts = np.zeros(1 << bits, dtype=np.int64)  # where the word is in self.text
        self.lengths = np.zeros(1 << bits, dtype=np.int64)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Each hash's slot: the one holding it, or the empty slot where it would go."""
        slots = (hashes >> np.uint64(64 - self.bits)).astype(np.int64)
        probing = np.arange(len(hashes))
        while len(probing):
            held = self.hashes[slots[probing]]
            probing = probing[(held != hashes[probing]) & (held != EMPTY)]
            slots[probing] = (slots[probing] + 1) & ((1 << self.bits) - 1)
        return slots

    def place(self, hashes: np.ndarray, columns: tuple[np.ndarray, ...]) -> None:
        """Put words the table lacks (distinct hashes; columns: ids, firsts, starts, lengths) in empty slots,
        one word per slot and round."""
        waiting = np.arange(len(hashes))
        while len(waiting):
            slots, first = np.unique(self.find(hashes[waiting]), return_index=True)
            placed = waiting[first]
            self.hashes[slots] = hashes[placed]
            for held, column in zip(self.columns(), columns):
                held[slots] = column[placed]
            waiting = np.delete(waiting, first)

    def columns(self) -> tuple[np.ndarray, ...]:
        """What the table holds per slot besides the hash."""
        return self.ids, self.firsts, self.starts, self.lengths

    def grow(self, needed: int) -> None:
        """More slots, so that `needed` words fill at most half of them."""
        bits = self.bits
        while 2 * needed > 1 << bits:
            bits += 1
        if bits > self.bits:
            held = self.hashes != EMPTY
            hashes, columns = self.hashes[held], tuple(column[held] for column in self.columns())
            self.allocate(bits)
            self.place(hashes, columns)

    def add(self, data: bytes, starts: np.ndarray, lengths: np.ndarray, firsts: np.ndarray, hashes: np.ndarray) -> None:
        """Add the distinct words among these (given by where they are in data), ids from the vocabulary."""
        distinct, first = np.unique(hashes, return_index=True)
        words = [data[start:start + length] for start, length in zip(starts[first].tolist(), lengths[first].tolist())]
        ids = np.fromiter((self.word_id(word.decode("ascii")) for word in words), dtype=np.int32, count=len(words))
        word_lengths = lengths[first]
        word_starts = len(self.text) + np.cumsum(word_lengths) - word_lengths
        self.text += b"".join(words)
        self.grow(self.size + len(words))
        self.place(distinct, (ids, firsts[first], word_starts, word_lengths))
        self.size += len(words)

    def check(self, first: np.ndarray, later: Pieces, lengths: np.ndarray, slots: np.ndarray) -> None:
        """Raise HashCollision unless each word equals the word held in its slot."""
        if not (np.array_equal(lengths, self.lengths[slots]) and np.array_equal(first, self.firsts[slots])):
            raise HashCollision
        held = later_pieces(windows(self.text), self.starts[slots], lengths)
        if not all(np.array_equal(piece, other) for (_, piece), (_, other) in zip(later, held)):
            raise HashCollision

    def term_ids(self, data: bytes, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The term id of each word (given by where it is in data), new words added."""
        view = windows(data)
        first, later = piece_at(view, starts, lengths, 0), later_pieces(view, starts, lengths)
        hashes = word_hashes(first, later, lengths)
        slots = self.find(hashes)
        new = np.flatnonzero(self.hashes[slots] == EMPTY)
        if len(new):
            self.add(data, starts[new], lengths[new], first[new], hashes[new])
            slots[new] = self.find(hashes[new])
        self.check(first, later, lengths, slots)
        return self.ids[slots]


def text_ids(texts: list[str], table: WordTable, skipped: int) -> list[bytes]:
    """Per ASCII text, its distinct term ids as int32 bytes (ascending), words with id `skipped` left out."""
    data = " ".join(texts).encode("ascii").translate(ASCII_TABLE)
    starts, lengths = word_spans(data)
    ids = table.term_ids(data, starts, lengths)
    text_ends = np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1) - 1
    per_text = np.diff(np.searchsorted(starts, text_ends), prepend=0)
    owners = np.repeat(np.arange(len(texts), dtype=np.int64), per_text)
    kept = ids != skipped
    keys = (owners[kept] << 32) | ids[kept]  # sorting groups them by text, ids ascending
    keys.sort()
    distinct = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])
    keys = keys[distinct]
    data = keys.astype(np.int32).tobytes()  # the low 32 bits: the id
    ends = (np.searchsorted(keys >> 32, np.arange(len(texts) + 1)) * 4).tolist()
    return [data[start:end] for start, end in zip(ends, ends[1:])]
