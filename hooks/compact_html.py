"""MkDocs hook: drop the indentation Material's templates print into every page (bytes per paper).

GitHub Pages caps a site at 1 GB, so every byte of a paper page counts ~10,000 times (see the issue "≤ 10 KB
per paper on disk"). Of a 17 KB paper page ~2 KB is template indentation and blank lines. This hook replaces
each run of whitespace that holds a newline and touches a tag (starts or ends a text node, or separates
attributes) with one newline: HTML shows a run of whitespace in normal flow as one space, so no page shows or
does anything differently. Left byte for byte as they are:

- <pre>, <textarea>, <script> and <style> elements, and <code> and <kbd>, which Material styles
  `white-space: pre-wrap` (each to its closing tag, or to the end of the page if it has none);
- quoted attribute values (an href or a title keeps its newlines);
- whitespace inside a text node, which is the page's own text (a title written on two lines);
- runs of whitespace without a newline, and characters HTML does not count as whitespace (U+00A0...).

Linear time on any input (page text is untrusted): an element without its closing tag keeps the rest of the
page, so the search for a closing tag fails at most once; a tag ends at the next `<` or `>`; every other
regex starts at a fixed character and stops at the end of one run. PAPER_ARCHIVE_COMPACT_HTML=0 switches the
hook off (tests/test_compact_html.py builds sites both ways and compares what every page shows).
"""

from __future__ import annotations

import os
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SWITCH = "PAPER_ARCHIVE_COMPACT_HTML"  # "0": hook off
KEPT_ELEMENTS = ("pre", "textarea", "script", "style", "code", "kbd")

SPACE = "[ \t\n\r\f]"  # whitespace to HTML; regex \s and str.split() also take U+00A0, which HTML shows

# After "<": an element kept whole, to its closing tag or else to the end; or a start tag spanning lines.
# One "<" in front of every alternative lets the regex engine skip from "<" to "<", and [^<]* crosses an
# element's content up to each "<" in one step (3x faster than .*? on inline scripts). re.ASCII: HTML folds
# the case of tag names in ASCII only (Unicode IGNORECASE reads "</ſcript>" as "</script>").
PROTECTED = re.compile(
    rf"<(?:(?P<name>{'|'.join(KEPT_ELEMENTS)})(?={SPACE}|/|>)"
    rf"(?:[^<]*(?:<(?!/(?P=name){SPACE}*>)[^<]*)*</(?P=name){SPACE}*>|.*)"  # to the closing tag, else the end
    r"|(?P<tag>[^<>\n]*\n[^<>]*>))",
    re.IGNORECASE | re.ASCII | re.DOTALL)
QUOTED = re.compile(r"""("[^"]*"|'[^']*')""")
SPACE_RUN = re.compile(f"{SPACE}+")
# A run holding a newline after ">"; a run before "<" is found after "<" in the reversed text. Starting at a
# fixed character, each lets the regex engine skip from one ">" (or "<") to the next.
AFTER_TAG = re.compile(rf">[ \t\r\f]*\n{SPACE}*")
BEFORE_TAG = re.compile(rf"<[ \t\r\f]*\n{SPACE}*")


def enabled() -> bool:
    """False when PAPER_ARCHIVE_COMPACT_HTML=0."""
    return os.environ.get(SWITCH, "1") != "0"


def squeeze_edges(text: str) -> str:
    """Text between tags (or a page's ends) with the runs of whitespace holding a newline at either end of
    each text node as one newline. Runs inside a text node are the page's own text (a title on two lines)."""
    text = AFTER_TAG.sub(">\n", ">" + text)[1:]
    return BEFORE_TAG.sub("<\n", "<" + text[::-1])[1:][::-1]


def squeeze_all(text: str) -> str:
    """Text with every run of whitespace holding a newline as one newline (between attributes in a tag)."""
    return SPACE_RUN.sub(lambda run: "\n" if "\n" in run.group() else run.group(), text)


def compact_html(html: str) -> str:
    """The page without indentation and blank lines; protected elements and attribute values untouched."""
    parts: list[str] = []
    position = 0
    for match in PROTECTED.finditer(html):
        parts.append(squeeze_edges(html[position:match.start()]))
        if match.group("tag"):
            pieces = QUOTED.split(match.group())
            parts.extend(piece if index % 2 else squeeze_all(piece) for index, piece in enumerate(pieces))
        else:
            parts.append(match.group())
        position = match.end()
    parts.append(squeeze_edges(html[position:]))
    return "".join(parts)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every Markdown page's HTML, compacted."""
    return compact_html(output) if enabled() else output


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Static HTML templates (404.html) too; sitemap.xml and other non-HTML output stay as they are."""
    if enabled() and template_name.endswith(".html"):
        return compact_html(output_content)
    return output_content
