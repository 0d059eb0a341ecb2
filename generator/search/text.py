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


# ---- Forgiving search (issue 19): the client mirrors each of these in paper-search.js ----
FORM_MIN_LENGTH = 4  # shorter words have no other form ("gas", "bus", "its")
FORM_RULES = (  # (ending, replacement), the first that applies wins; "ss", "us", "is" keep their "s"
    ("sses", "ss"), ("yses", "ysis"), ("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("xes", "x"),
    ("ss", "ss"), ("us", "us"), ("is", "is"), ("s", ""),
)
FUZZY_MIN_LENGTH = 4  # words shorter than this are never corrected
FUZZY_LONG = 8  # words this long or longer may be two edits away; 4-7 letters one


def word_form(word: str) -> str:
    """The singular a word folds to, so 'models' and 'model', 'studies' and 'study' meet: plural folding
    by a few suffix rules (documented in README), applied alike to index terms and query words. It only
    changes a word's end, so both forms live in the same prefix shard."""
    if len(word) < FORM_MIN_LENGTH or not word.isalpha():
        return word
    for ending, replacement in FORM_RULES:
        if word.endswith(ending):
            if ending == "ies" and len(word) <= FORM_MIN_LENGTH:
                return word[:-1]  # "ties" -> "tie"
            return word[: len(word) - len(ending)] + replacement
    return word


def max_edits(word: str) -> int:
    """How many edits a query word may be from the term it is corrected to: none below 4 letters, one
    for 4-7 letters, two for longer words (issue 19)."""
    if len(word) < FUZZY_MIN_LENGTH or not word.isalpha():
        return 0
    return 1 if len(word) < FUZZY_LONG else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau edit distance (optimal string alignment: insert, delete, substitute, swap two neighbours),
    or limit + 1 when it is more than limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def fuzzy_keys(word: str) -> set[str]:
    """The keys that bring a word and its one-edit typos in its first letters together: its first three
    letters, and the first three after deleting its 1st, 2nd, 3rd or 4th letter (SymSpell's deletions,
    kept only where they touch the shard-choosing letters; typos further on stay in the word's own shard)."""
    head = word[:PREFIX_LENGTH + 1]
    keys = {head[:PREFIX_LENGTH]}
    for position in range(len(head)):
        keys.add((head[:position] + head[position + 1:])[:PREFIX_LENGTH])
    return keys


def fuzzy_bucket(key: str, buckets: int) -> int:
    """Which of the fuzzy files holds a key: 32-bit FNV-1a of its UTF-8 bytes, modulo the file count."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % buckets
