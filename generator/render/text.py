"""Untrusted text to HTML inside Markdown pages: markup shown as text, LaTeX kept for MathJax."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

# Math: $$...$$, \\[...\\] and \\(...\\) (display, display, inline), found with str.find (see find_math),
# and $...$ (inline; no space inside the dollars, no digit after, so "$5 and $10" is not math).
DELIMITERS = (("$$", "$$", True), ("\\[", "\\]", True), ("\\(", "\\)", False))
INLINE_DOLLARS = re.compile(r"(?<![\\$\w])\$(?P<tex>[^\s$](?:[^$]*?[^\s\\$])?)\$(?![$\d])", re.S)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without the control characters that XML, YAML and HTML cannot carry."""
    return XML_INVALID.sub("", text)


def escape_html(text: str) -> str:
    """HTML text that shows exactly `text`."""
    return html.escape(clean_text(text), quote=False)


def math_span(tex: str, display: bool) -> str:
    """A `.arithmatex` span (the markup pymdownx.arithmatex emits) holding escaped TeX for MathJax."""
    opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
    return f'<span class="arithmatex">{escape_html(opening + tex.strip() + closing)}</span>'


def find_math(paragraph: str) -> Iterator[tuple[int, int, str, bool]]:
    """(start, end, tex, display) of each math span, leftmost first, in linear time.

    A regex such as `\\\\\\((.+?)\\\\\\)` rescans to the end of the text from every opening
    delimiter that is never closed, which makes a hostile abstract of many `\\(` quadratic (minutes at
    100 kB). Here an opening without a closing delimiter after it rules out every later one of its kind.
    """
    position = 0
    found: dict[int, tuple[int, int, str, bool] | None] = {}
    while True:
        for kind, (opening, closing, display) in enumerate(DELIMITERS):
            if kind in found and (found[kind] is None or found[kind][0] >= position):
                continue  # still the next candidate of this kind, or no candidate left
            start = paragraph.find(opening, position)
            end = paragraph.find(closing, start + len(opening) + 1) if start >= 0 else -1
            found[kind] = (start, end + len(closing), paragraph[start + len(opening):end], display) if end >= 0 else None
        if len(DELIMITERS) not in found or (found[len(DELIMITERS)] or (position,))[0] < position:
            dollars = INLINE_DOLLARS.search(paragraph, position)  # None here means none later either
            found[len(DELIMITERS)] = (dollars.start(), dollars.end(), dollars.group("tex"), False) if dollars else None
        candidates = [match for match in found.values() if match is not None]
        if not candidates:
            return
        match = min(candidates, key=lambda candidate: candidate[0])  # min() keeps the first on ties
        yield match
        position = match[1]


def render_paragraph(paragraph: str) -> str:
    """One paragraph of untrusted text as one line of HTML text, math in `.arithmatex` spans."""
    parts: list[str] = []
    position = 0
    for start, end, tex, display in find_math(paragraph):
        parts.append(escape_html(paragraph[position:start]))
        parts.append(math_span(tex, display))
        position = end
    parts.append(escape_html(paragraph[position:]))
    return " ".join("".join(parts).split())


def render_abstract(abstract: str) -> str:
    """The abstract as Markdown made of raw HTML paragraphs, one `<p>` per line, blank lines between.

    Markdown passes a raw HTML block through untouched, so an abstract costs MkDocs no inline parsing (it
    was ~60% of the Markdown time of a build); its text is HTML-escaped, so no tag or entity can come from it.
    """
    paragraphs = re.split(r"\n\s*\n", abstract.strip())
    return "\n\n".join(f"<p>{line}</p>" for line in (render_paragraph(p) for p in paragraphs) if line)
