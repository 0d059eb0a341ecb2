"""Every machine-readable output of a built site read back by the third-party parser its consumers use.

bibtexparser 2 (with its LaTeX-decoding and name-splitting middlewares) for .bib, rispy for .ris,
citeproc-py for .csl.json, feedparser for the Atom feeds, extruct for JSON-LD / OpenGraph / microdata.
Used on the fixture site (tests/test_exports.py) and on the bundled store (tests/test_site_bundled.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

import bibtexparser
import extruct
import feedparser
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text

from generator.models import Paper
from generator.render.citation import author_note, literal_name
from generator.render.person_names import family_first, split_name

LATEX = LatexNodes2Text()  # pylatexenc, the decoder bibtexparser's LatexDecodingMiddleware uses
CSL_STYLE = "harvard-cite-them-right"  # the style citeproc-py bundles (author-date, "Family, G." like APA)
ET_AL_MIN = 4  # from 4 authors that style prints the first and "et al."
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
NOT_A_PERSON = re.compile(r"^\s*(?:\d+\s+authors?|unknown|others|et al\.?)\s*$", re.I)


def parse_bib(text: str, decode: bool = True) -> list[Any]:
    """The entries of a .bib text; no failed block allowed. `decode` splits names and decodes LaTeX in the other fields.

    Names are split first, as BibTeX does: decoding first would drop the braces that keep `{Tom and Jerry}` one
    person. Name parts stay LaTeX; `unlatex` or `latex_text` decodes them.
    """
    middleware = [SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware()] if decode else []
    library = bibtexparser.parse_string(text, append_middleware=middleware)
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library.entries


def latex_text(latex: str) -> str:
    """LaTeX as the text a reader sees (pylatexenc reads \\textasciicircum{} as U+02C6, mapped back to ^)."""
    return LATEX.latex_to_text(latex).replace("\u02c6", "^")


UNLATEX = {r"\textasciitilde{}": "~", r"\textasciicircum{}": "^", r"\textbackslash{}": "\\",
           r"\textbraceleft{}": "{", r"\textbraceright{}": "}"}


def unlatex(text: str) -> str:
    """Undo bibtex_escape: the inverse a LaTeX reader applies (every escape it writes, lone braces too, and the
    empty group a name's word gets before an escape).

    Not pylatexenc, which knows no \\textbraceleft and reads `--` and backquotes as typographic ligatures."""
    return re.sub(r"\\textasciitilde\{\}|\\textasciicircum\{\}|\\textbackslash\{\}|\\textbrace(?:left|right)\{\}|\\([&%$#_{}])|\{\}",
                  lambda m: m.group(1) or UNLATEX.get(m.group(0), ""), text)


def check_bibtex(text: str, paper: Paper, url: str | None) -> None:
    """One paper's .bib: one entry of the right type, names split as stored, arXiv fields, url verbatim."""
    [entry] = parse_bib(text)
    [raw] = parse_bib(text, decode=False)
    fields = {field.key: field.value for field in raw.fields}
    assert entry.entry_type in {"misc", "article", "inproceedings"}
    if entry.entry_type == "article":
        assert entry["journal"]
    if entry.entry_type == "inproceedings":
        assert entry["booktitle"]
    if paper.arxiv:
        assert (fields["eprint"], fields["archivePrefix"]) == (paper.arxiv, "arXiv")
    assert fields.get("url") == url and fields.get("doi") == paper.doi
    names = entry.fields_dict["author"].value if "author" in entry.fields_dict else []
    expected = list(paper.authors) + (["others"] if paper.authors_truncated and paper.authors else [])
    assert len(names) == len(expected), (names, expected)
    for parsed, name in zip(names, expected):
        if name == "others":
            assert parsed.last == ["others"]
            continue
        parts = split_name(name)
        read = (parsed.von + parsed.last, parsed.first, parsed.jr)
        family, given, suffix = (unlatex(" ".join(words)) for words in read)
        if parts.family is None or re.search(r"\band\b", name, re.I):  # a literal, all "last"
            literal = literal_name(name)
            if re.search(r",|\band\b", literal, re.I):  # kept one person by one brace group
                assert family[:1] + family[-1:] == "{}"
                family = family[1:-1]
            assert (family, given, suffix) == (literal, "", "")
        else:
            assert (family, given, suffix) == (parts.family, parts.given, parts.suffix)


def check_ris(text: str, paper: Paper) -> None:
    """One paper's .ris: authors `Family, Given`, a note when the author list is cut or only counted."""
    [record] = rispy.loads(text)
    assert record.get("authors", []) == [" ".join(family_first(name).split()) for name in paper.authors]
    note = author_note(paper)
    assert (note in record.get("notes", [])) if note else not any("Authors:" in n for n in record.get("notes", []))
    assert all(not NOT_A_PERSON.match(name) for name in record.get("authors", []))


def render_csl(items: list[dict[str, Any]]) -> list[str]:
    """The bibliography citeproc-py prints for CSL-JSON items, plain text."""
    style = CitationStylesStyle(CSL_STYLE, validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def check_csl(text: str, paper: Paper) -> str:
    """One paper's .csl.json rendered: family names first, no author called 'others', no empty property."""
    [item] = json.loads(text)
    assert not empty_properties(item), empty_properties(item)
    [rendered] = render_csl([{**item, "id": item["id"].lower()}])  # citeproc-py lower-cases ids it looks up
    position = 0
    for name in paper.authors[:1] if len(paper.authors) >= ET_AL_MIN else paper.authors:  # the style's "et al."
        parts = split_name(name)
        shown = parts.whole if parts.family is None else parts.family
        found = rendered.find(" ".join(shown.split()), position)
        assert found >= 0, (shown, rendered)
        position = found
    assert "others" not in [author.get("literal") for author in item.get("author", [])]
    if author_note(paper):
        assert item["note"] == author_note(paper)
    return rendered


def empty_properties(data: Any, path: str = "") -> list[str]:
    """Paths of every empty value ([], {}, '', None) inside a JSON document."""
    if data in ([], {}, "", None):
        return [path or "."]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in empty_properties(value, f"{path}/{key}")]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in empty_properties(value, f"{path}/{index}")]
    return []


def check_page_metadata(html: str, url: str, paper: Paper) -> dict[str, Any]:
    """A paper page's JSON-LD, OpenGraph and microdata as extruct reads them: no empty property, only names known."""
    data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph", "microdata"], uniform=True)
    [article] = [item for item in data["json-ld"] if item.get("@type") == "ScholarlyArticle"]
    assert not empty_properties(article), empty_properties(article)
    assert [author["name"] for author in article.get("author", [])] == paper.authors
    for item in data["opengraph"] + data["microdata"]:
        assert not empty_properties(item), empty_properties(item)
    return data


def check_feed(document: bytes, known_names: set[str]) -> list[Any]:
    """An Atom feed: valid, no invented date, authors only real names of papers."""
    feed = feedparser.parse(document)
    assert not feed.bozo, feed.get("bozo_exception")
    assert RFC3339.match(feed.feed.updated), feed.feed.updated
    for entry in feed.entries:
        assert RFC3339.match(entry.updated) and not entry.updated.startswith("1970")
        assert not entry.get("published", "").startswith("1970")
        names = [author.get("name", "") for author in entry.get("authors", [])]
        assert all(name in known_names and not NOT_A_PERSON.match(name) for name in names), names
    return feed.entries


def site_feeds(site_dir: Path) -> Iterable[Path]:
    """Every Atom feed of a built site."""
    yield site_dir / "feed.xml"
    yield from sorted(path for path in (site_dir / "feeds").glob("*.xml") if path.name != "sitemap.xml")
