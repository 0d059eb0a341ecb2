"""Tokenising shared with the browser client: the JS mirrors these rules exactly."""

from __future__ import annotations

import re
import unicodedata

# Words too common to help find a paper; shipped in the manifest so the client drops the same ones.
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or our that the their this to "
    "we were which with".split()
)
PREFIX_LENGTH = 3  # terms are sharded by their first three characters
NAME_JOINER = "_"  # full author names are indexed as one term: "yann_lecun" (never a plain token)
WORD = re.compile(r"[^\W_]+")
SAFE_SHARD = re.compile(r"^[a-z0-9]+$")


COMBINING = re.compile("[\u0300-\u036f]+")
# Fast path for ASCII text: lower-case A-Z, turn every other non-alphanumeric byte into a space.
ASCII_TABLE = bytes(c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 else 32
                    for c in range(256))


def fold(text: str) -> str:
    """Lower-case text with accents removed ('Schölkopf' -> 'scholkopf')."""
    text = text.lower()
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFKD", text))


def tokenize(text: str) -> list[str]:
    """Folded words of a text, stopwords kept (callers decide)."""
    if text.isascii():
        return text.encode("ascii").translate(ASCII_TABLE).decode("ascii").split()
    return WORD.findall(fold(text))


def index_terms(text: str) -> set[str]:
    """Distinct searchable terms of a text."""
    terms = set(tokenize(text))
    terms.difference_update(STOPWORDS)
    return terms


def name_key(name: str) -> str:
    """One term for a full author name: 'Yann LeCun' -> 'yann_lecun'."""
    return NAME_JOINER.join(tokenize(name))


def shard_name(term: str) -> str:
    """File stem of the shard holding a term: its first characters, hex-escaped when not [a-z0-9]."""
    prefix = term[:PREFIX_LENGTH] if NAME_JOINER not in term else "n" + NAME_JOINER + term[:PREFIX_LENGTH]
    if SAFE_SHARD.match(prefix.replace(NAME_JOINER, "")):
        return prefix
    return "x" + prefix.encode("utf-8").hex()
