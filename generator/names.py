"""Author names as people type them: a comma may separate two people or a family name from a given name.

"Ada Lovelace, Alan Turing" is two people, "Lovelace, Ada" is one, "Martin Luther King, Jr." is one,
and "Ada Lovelace, Turing" cannot be told apart without asking. `papers add` splits what it is sure of,
asks about the rest, and `papers check` warns about a stored name that holds a second full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME_SEPARATORS = re.compile(r"[;；]")  # the documented separator (and its full-width form)
COMMAS = re.compile(r"[,，、]")  # ASCII, full-width and ideographic commas: CJK lists use the last two
# Words that end a name rather than start one: "King, Jr." is one person.
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "phd", "ph.d", "md", "esq"}
# Lower-case words that begin a family name: "van der Waals, J." and "de la Cruz, Juan" are one person.
PARTICLES = {"van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "la", "le",
             "ten", "ter", "bin", "ibn", "al", "el", "af", "zu", "op", "'t"}
CONJUNCTION = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)  # "Ada Lovelace, Alan Turing, and Grace Hopper"
# A., A.M., J.-P. and bare capitals (Vancouver style "Turing AM"): initials, never a whole name.
INITIALS = re.compile(r"^(?:[^\W\d_]\.)+$|^[^\W\d_]$|^(?:[^\W\d_]\.?-)+[^\W\d_]\.?$")
# Han, kana and Hangul: such names are written without a space ("王小明"), two characters or more.
CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2,}$")


@dataclass
class NameReading:
    """How one typed name reads: the people it holds, and whether that reading is certain."""

    typed: str
    people: list[str]
    certain: bool

    @property
    def several(self) -> bool:
        """Whether the typed text names more than one person."""
        return len(self.people) > 1


def is_initials(token: str) -> bool:
    """A., A.M., J.-P., A or AM: a given name reduced to initials."""
    return bool(INITIALS.match(token)) or (token.isalpha() and token.isupper() and len(token) <= 3)


def is_suffix(piece: str) -> bool:
    """Jr., Sr., III, PhD: a piece that belongs to the name before it."""
    return piece.lower().rstrip(".") in SUFFIXES


def is_family_name(piece: str) -> bool:
    """One family name, perhaps with particles: Lovelace, van der Waals, de la Cruz (not initials)."""
    if CJK_NAME.match(piece):
        return False  # 王小明 is a whole name: family and given name written together
    *particles, last = piece.split()
    return not is_initials(last) and all(word.lower() in PARTICLES for word in particles)


def is_full_name(piece: str) -> bool:
    """A name that stands for a person on its own: Ada Lovelace, A. Turing, Juan de la Cruz, 王小明."""
    words = piece.split()
    if len(words) == 1:
        return bool(CJK_NAME.match(piece))
    return not is_family_name(piece) and not all(is_initials(word) for word in words)


def _pieces(text: str) -> list[str]:
    """The comma-separated pieces of a name, with a suffix kept on the piece before it."""
    pieces: list[str] = []
    for position, raw in enumerate(COMMAS.split(text)):
        piece = " ".join(raw.split())
        if position:
            piece = CONJUNCTION.sub("", piece)
        if not piece:
            continue
        if pieces and is_suffix(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.append(piece)
    return pieces


def _group(pieces: list[str]) -> list[str]:
    """The likeliest people in pieces that are not all full names: a family name followed by a given
    name or initials ("Lovelace, Ada, Alan Turing") makes one person, any other piece its own."""
    people: list[str] = []
    position = 0
    while position < len(pieces):
        piece = pieces[position]
        following = pieces[position + 1] if position + 1 < len(pieces) else None
        if following is not None and is_family_name(piece) and not is_full_name(following):
            people.append(f"{piece}, {following}")
            position += 2
        else:
            people.append(piece)
            position += 1
    return people


def read_name(typed: str) -> NameReading:
    """How one typed name (no ';' in it) reads: one person, several for sure, or several perhaps."""
    text = " ".join(typed.split())
    pieces = _pieces(text)
    if len(pieces) <= 1:
        return NameReading(typed, pieces or [text], True)  # no comma, "Martin Luther King, Jr.", "Ada,"
    if len(pieces) == 2 and is_family_name(pieces[0]):
        return NameReading(typed, [text], True)  # "Lovelace, Ada", "van der Waals, J. D."
    if all(is_full_name(piece) for piece in pieces):
        return NameReading(typed, pieces, True)  # "Ada Lovelace, Alan Turing"
    return NameReading(typed, _group(pieces), False)


def read_names(typed: str) -> list[NameReading]:
    """Every name in one answer or --author value: ';' always separates, commas as read_name decides."""
    return [read_name(part) for part in NAME_SEPARATORS.split(typed) if part.strip()]


def holds_second_person(name: str) -> NameReading | None:
    """The reading of a stored name that holds a comma and then a second full name, or None."""
    reading = read_name(name)
    if reading.several and any(is_full_name(piece) for piece in _pieces(name)[1:]):
        return reading
    return None


def yaml_list(names: list[str]) -> str:
    """names as a YAML flow list a contributor can paste: quoted where a comma would split them."""
    quoted = [name if re.fullmatch(r"[^\W\d_][^,:#\[\]{}'\"]*", name) and not COMMAS.search(name)
              else "'" + name.replace("'", "''") + "'" for name in names]
    return "[" + ", ".join(quoted) + "]"
