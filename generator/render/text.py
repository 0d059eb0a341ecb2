"""Untrusted text to safe Markdown: HTML shown as text, Markdown syntax inert, LaTeX kept for MathJax."""

from __future__ import annotations

import html
import re

# Python-Markdown's escapable characters (plus '|' which the always-loaded tables extension adds):
# a backslash before each makes it literal, and nothing else in Markdown can turn text into markup
# once '<' and '&' are entities and each paragraph is a single line.
MARKDOWN_ESCAPABLE = frozenset("\\`*_{}[]()#+-.!|")
MATH = re.compile(
    r"\$\$(?P<display>.+?)\$\$"
    r"|\\\[(?P<display2>.+?)\\\]"
    r"|\\\((?P<inline>.+?)\\\)"
    r"|(?<![\\$\w])\$(?P<inline2>[^\s$](?:[^$]*?[^\s\\$])?)\$(?![$\d])",
    re.S,
)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without the control characters that XML, YAML and HTML cannot carry."""
    return XML_INVALID.sub("", text)


def escape_markdown(text: str) -> str:
    """Markdown that renders exactly `text` as plain text, whatever it contains."""
    escaped = html.escape(clean_text(text), quote=False)
    return "".join("\\" + char if char in MARKDOWN_ESCAPABLE else char for char in escaped)


def inline_markdown(text: str) -> str:
    """Markdown for text that must stay on one line (a link label): whitespace and newlines collapsed.

    A name holding a blank line would otherwise split its `[name](url)` link into two paragraphs.
    """
    return escape_markdown(" ".join(text.split()))


def math_span(tex: str, display: bool) -> str:
    """A `.arithmatex` span (the markup pymdownx.arithmatex emits) holding escaped TeX for MathJax."""
    opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
    return f'<span class="arithmatex">{escape_markdown(opening + tex.strip() + closing)}</span>'


def render_paragraph(paragraph: str) -> str:
    """One paragraph of untrusted text as one line of safe Markdown, math in `.arithmatex` spans."""
    parts: list[str] = []
    position = 0
    for match in MATH.finditer(paragraph):
        parts.append(escape_markdown(paragraph[position:match.start()]))
        display = match.group("display") or match.group("display2")
        parts.append(math_span(display or match.group("inline") or match.group("inline2"), bool(display)))
        position = match.end()
    parts.append(escape_markdown(paragraph[position:]))
    return " ".join("".join(parts).split())


def render_abstract(abstract: str) -> str:
    """The abstract as safe Markdown paragraphs (blank lines in the source separate paragraphs)."""
    paragraphs = re.split(r"\n\s*\n", abstract.strip())
    return "\n\n".join(line for line in (render_paragraph(p) for p in paragraphs) if line)
