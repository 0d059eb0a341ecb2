"""Untrusted text to HTML inside Markdown pages: markup shown as text, LaTeX kept for MathJax."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from .tex import find_bare_math, render_text_tex, restore_math

# Math: $$...$$, \\[...\\] and \\(...\\) (display, display, inline), found with str.find (see find_math),
# and $...$ (inline; no space inside the dollars, no digit after, so "$5 and $10" is not math).
DELIMITERS = (("$$", "$$", True), ("\\[", "\\]", True), ("\\(", "\\)", False))
INLINE_DOLLARS = re.compile(r"(?<![\\$\w])\$(?P<tex>[^\s$](?:[^$]*?[^\s\\$])?)\$(?![$\d])", re.S)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without the control characters that XML, YAML and HTML cannot carry."""
    return XML_INVALID.sub("", text)


def one_line(text: str) -> str:
    """Text on one line, runs of whitespace and newlines collapsed: link text, RIS values, meta tags."""
    return " ".join(clean_text(text).split())


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


def render_paragraph(paragraph: str) -> tuple[str, bool]:
    """One paragraph of untrusted text as one line of HTML text, math in `.arithmatex` spans; and whether it has math.

    Presentation only (generator/render/tex.py): macro names a listing stripped are restored inside math,
    `mathcal{O}(n)`-like runs left without delimiters are typeset too, and text-mode TeX (`\\%`, `\\emph{x}`)
    outside math shows as the text it means.
    """
    parts: list[str] = []
    position = 0
    for start, end, tex, display in find_math(paragraph):
        parts.append(render_text(paragraph[position:start]))
        parts.append(math_span(restore_math(tex), display))
        position = end
    parts.append(render_text(paragraph[position:]))
    text = " ".join("".join(parts).split())
    return text, '<span class="arithmatex">' in text


def render_text(text: str) -> str:
    """Text outside math delimiters as HTML: bare `mathcal{O}(n)` runs as math, the rest through text-mode TeX."""
    parts: list[str] = []
    position = 0
    for start, end in find_bare_math(text):
        parts.append(render_text_tex(clean_text(text[position:start])))
        parts.append(math_span(restore_math(text[start:end]), False))
        position = end
    parts.append(render_text_tex(clean_text(text[position:])))
    return "".join(parts)


def abstract_html(abstract: str) -> tuple[str, bool]:
    """The abstract as Markdown made of raw HTML paragraphs, one `<p>` per line, blank lines between; and
    whether it holds math (the page then loads MathJax, which no other page does: 2 MB).

    Markdown passes a raw HTML block through untouched, so an abstract costs MkDocs no inline parsing (it
    was ~60% of the Markdown time of a build); its text is HTML-escaped, so no tag or entity can come from it.
    """
    rendered = [render_paragraph(paragraph) for paragraph in re.split(r"\n\s*\n", abstract.strip())]
    html_text = "\n\n".join(f"<p>{line}</p>" for line, _ in rendered if line)
    return html_text, any(math for line, math in rendered if line)


def render_abstract(abstract: str) -> str:
    """The abstract as raw HTML paragraphs (see abstract_html)."""
    return abstract_html(abstract)[0]
