"""LaTeX in bibliographic fields to text: accents and escapes decoded, protective braces dropped, math kept as TeX."""

from __future__ import annotations

import functools
import re

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec, get_default_latex_context_db

# Kept as typed: '--' and quotes are how the archive's text (arXiv abstracts) writes dashes and quotes,
# so an exported '--' comes back as '--'; the escapes bibtex_escape writes come back as the characters.
VERBATIM_SPECIALS = ("--", "---", "''", "``", "!`", "?`")
ESCAPE_MACROS = {"textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\", "textbraceleft": "{",
                 "textbraceright": "}"}


@functools.cache
def _converter() -> LatexNodes2Text:
    """pylatexenc's LaTeX-to-text with math left exactly as written ($x^2$ stays $x^2$)."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "paper-archive", prepend=True,
        macros=[MacroTextSpec(name, text) for name, text in ESCAPE_MACROS.items()],
        specials=[SpecialsTextSpec(chars, chars) for chars in VERBATIM_SPECIALS])
    return LatexNodes2Text(latex_context=context, math_mode="verbatim", strict_latex_spaces=True,
                           keep_comments=False)


def latex_to_text(value: str) -> str:
    """'{\\"u}ber \\& {BERT}' -> 'über & BERT'; '$O(n^2)$' stays; whitespace collapsed to single spaces."""
    if "\\" not in value and "{" not in value and "~" not in value and "%" not in value and "-" not in value:
        return " ".join(value.split())
    try:
        text = _converter().latex_to_text(value, tolerant_parsing=True)
    except Exception:  # pylatexenc is tolerant, but a hostile field must never stop an import
        text = value.replace("{", "").replace("}", "")
    return " ".join(text.replace("\u00a0", " ").split())


def split_top_level(text: str, separator: str | re.Pattern[str]) -> list[str]:
    """Split at `separator` (a string, or a pattern matched where it starts) outside braces:
    '{Barnes, and Noble}, Inc' has one top-level comma."""
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            end = (index + len(separator) if text.startswith(separator, index) else None) \
                if isinstance(separator, str) else ((found := separator.match(text, index)) and found.end())
            if end:
                parts.append(text[start:index])
                index = start = end
                continue
        index += 1
    parts.append(text[start:])
    return parts


NAME_SEPARATOR = re.compile(r"\s+and\s+", re.IGNORECASE)


def split_bibtex_names(value: str) -> tuple[list[str], bool]:
    """BibTeX 'A and B and others' -> (['A', 'B'] as raw LaTeX, truncated?); 'and' inside braces is kept."""
    names = [name.strip() for name in split_top_level(" ".join(value.split()), NAME_SEPARATOR) if name.strip()]
    truncated = bool(names) and names[-1].lower() == "others"
    return (names[:-1] if truncated else names), truncated


def display_name(raw: str) -> str:
    """A BibTeX name as people write it: 'Lovelace, Ada' -> 'Ada Lovelace', 'King, Jr, Martin' -> 'Martin King Jr'.

    Parts are split on top-level commas of the LaTeX text (so '{Barnes and Noble, Inc.}' stays one
    corporate name), then decoded.
    """
    parts = [latex_to_text(part) for part in split_top_level(raw, ",")]
    parts = [part for part in parts if part]
    if len(parts) == 2:
        return f"{parts[1]} {parts[0]}"
    if len(parts) >= 3:
        return f"{' '.join(parts[2:])} {parts[0]} {parts[1]}"
    return parts[0] if parts else ""


def person_name(family: str, given: str) -> str:
    """'Ada Lovelace' from family 'Lovelace' and given 'Ada' (either may be empty)."""
    return " ".join(part for part in (given.strip(), family.strip()) if part)


def reorder_comma_name(name: str) -> str:
    """RIS writes 'Family, Given' ('Lovelace, Ada' -> 'Ada Lovelace'); a name without a comma stays."""
    parts = [part.strip() for part in name.split(",")]
    if len(parts) == 2 and all(parts):
        return person_name(parts[0], parts[1])
    if len(parts) == 3 and all(parts):  # 'King, Jr., Martin Luther'
        return f"{parts[2]} {parts[0]} {parts[1]}"
    return " ".join(name.split())

