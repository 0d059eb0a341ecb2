"""A stored name ("Given Family", as listings write it) split into the parts citation formats want.

RIS wants `Family, Given, Suffix`, CSL-JSON `{"family", "given", "suffix"}` and BibTeX `von Last, Jr, First`:
written "Jie Ren", citation-js and citeproc read "Ren" as a given name. A name that cannot be split with
confidence (one word, a CJK name written without a space like 王小明) stays whole, a literal.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..names import CJK_NAME, PARTICLES, is_suffix
from .text import clean_text


@dataclass(frozen=True)
class PersonName:
    """One person's name in parts; `family` None means the name is a literal that cannot be split."""

    whole: str
    family: str | None = None
    given: str = ""
    suffix: str = ""


def split_name(name: str) -> PersonName:
    """"Ada Lovelace" -> Lovelace / Ada; "Johannes van der Waals" -> van der Waals / Johannes;
    "Martin Luther King, Jr." -> King / Martin Luther / Jr.; "Lovelace, Ada" (already inverted) -> Lovelace / Ada."""
    whole = " ".join(clean_text(name).split())
    if "," in whole:
        return _inverted(whole)
    words = whole.split()
    suffix: list[str] = []
    while len(words) > 2 and is_suffix(words[-1]):
        suffix.insert(0, words.pop())
    if len(words) < 2 or CJK_NAME.match(whole):
        return PersonName(whole)
    start = len(words) - 1  # the family name starts at its lower-case particles: "van der Waals"
    while start > 1 and words[start - 1] in PARTICLES:
        start -= 1
    given = " ".join(words[:start]).rstrip(",")
    return PersonName(whole, " ".join(words[start:]).rstrip(","), given, " ".join(suffix))


def _inverted(whole: str) -> PersonName:
    """A name written `Family, Given` or `Given Family, Jr.` (a suffix after the comma)."""
    head, _, rest = whole.partition(",")
    head, rest = head.strip(), rest.strip()
    if rest and all(is_suffix(word.strip(",")) for word in rest.split()):
        inner = split_name(head)
        if inner.family is None:
            return PersonName(whole)
        return PersonName(whole, inner.family, inner.given, rest)
    if not head or not rest or "," in rest:
        return PersonName(whole)
    return PersonName(whole, head, rest)


def family_first(name: str) -> str:
    """`Family, Given` (RIS's AU order), `Family, Given, Suffix`; a name that cannot be split stays whole."""
    parts = split_name(name)
    if parts.family is None:
        return parts.whole
    return ", ".join(part for part in (parts.family, parts.given, parts.suffix) if part)
