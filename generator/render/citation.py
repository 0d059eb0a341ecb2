"""Machine-readable citations of a paper: BibTeX, Google Scholar / Zotero / OpenGraph meta tags, schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from ..models import Paper
from .person_names import split_name
from .text import clean_text, one_line

# LaTeX's ten special characters. A matched pair of braces is `\{ \}` (what LaTeX, biber and pylatexenc
# read back as braces); a lone brace is \textbraceleft{}/\textbraceright{}, since BibTeX counts a brace
# even after a backslash and a lone `\{` would unbalance the entry.
BIBTEX_SPECIAL = re.compile(r"([&%$#_~^\\])")
BIBTEX_REPLACEMENTS = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
LONE_BRACES = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
WORD_ESCAPE = re.compile(r"(^| )\\")  # an escape at the start of a word (bibtex_name_piece)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX specials escaped, braces kept balanced, whitespace collapsed."""
    chars = list(one_line(text))
    pieces = [BIBTEX_REPLACEMENTS.get(char, "\\" + char) if BIBTEX_SPECIAL.match(char) else char for char in chars]
    opened: list[int] = []
    for position, char in enumerate(chars):
        if char == "{":
            opened.append(position)
        elif char == "}" and opened:
            pieces[opened.pop()], pieces[position] = "\\{", "\\}"
    return "".join(LONE_BRACES.get(piece, piece) for piece in pieces)


def bibtex_verbatim(text: str) -> str:
    """A url or doi as written (the url package and biber read them verbatim); only braces, which would
    unbalance the entry, are percent-encoded and whitespace removed."""
    return "".join(clean_text(text).split()).replace("{", "%7B").replace("}", "%7D")


def bibtex_name(name: str) -> str:
    """A name in BibTeX's `von Last, Jr, First` form, so no reader has to guess where the family name starts.

    A name that cannot be split (one word, 王小明) is one brace group: BibTeX takes it whole as the last name,
    and a literal ` and ` or comma inside it cannot split it into two people.
    """
    parts = split_name(name)
    whole = literal_name(name)
    if parts.family is None or re.search(r"\band\b", whole, re.I):  # a word `and` starts a second person
        if re.search(r",|\band\b", whole, re.I):
            return "{" + bibtex_escape(whole) + "}"
        return bibtex_name_piece(whole)
    pieces = [parts.family, parts.suffix, parts.given] if parts.suffix else [parts.family, parts.given]
    return ", ".join(bibtex_name_piece(piece) for piece in pieces)


def bibtex_name_piece(text: str) -> str:
    """Part of a name, escaped; a word that starts with an escape (`\\%`, `\\{`) gets an empty group `{}` first.

    bibtexparser's name splitter skips the character after a backslash without noticing that a word began,
    so `Ada and \\%` stayed one person and `\\% and others` lost the `\\%`; `{}` ends that state and prints nothing.
    """
    return WORD_ESCAPE.sub(r"\1{}\\", bibtex_escape(text))


def literal_name(name: str) -> str:
    """A name as one literal, rebuilt from its CSL parts (`Given Family Suffix`), as pa-cite.js can rebuild it."""
    parts = split_name(name)
    return parts.whole if parts.family is None else " ".join(p for p in (parts.given, parts.family, parts.suffix) if p)


def bibtex_key(slug: str, paper: Paper) -> str:
    """A citation key such as `lecun2015deep`: first author's surname, year, first title word."""
    surname = ""
    if paper.authors:
        parts = split_name(paper.authors[0])
        surname = re.sub(r"[^a-z]", "", (parts.family or parts.whole).split()[-1].lower())
    word = next((w for w in re.findall(r"[a-z]+", paper.title.lower()) if len(w) > 3), "")
    key = f"{surname}{paper.year or ''}{word}"
    return key if surname and word else re.sub(r"[^a-z0-9]", "", slug)[:40] or "paper"


def bibtex_entry(key: str, paper: Paper, url: str | None) -> str:
    """A BibTeX entry: @inproceedings/@article with the venue a listing gave, else @misc; arXiv's eprint fields.

    arXiv's own export is `@misc{..., eprint=, archivePrefix=arXiv, primaryClass=}`; biblatex and Zotero
    read those. Text fields are escaped; url and doi are written verbatim (escaping `_` there breaks links).
    """
    kind, _ = item_type(paper)
    venue = published_venue(paper)
    entry_type = {"conferencePaper": "inproceedings", "journalArticle": "article"}.get(kind, "misc")
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(paper.title) + "}")]
    authors = [bibtex_name(name) for name in paper.authors]
    if paper.authors_truncated and authors:
        authors.append("others")
    if authors:
        fields.append(("author", " and ".join(authors)))
    if venue and entry_type != "misc":
        fields.append(("booktitle" if entry_type == "inproceedings" else "journal", bibtex_escape(venue)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.date and len(paper.date) >= 7:
        fields.append(("month", MONTHS[int(paper.date[5:7]) - 1]))
    if paper.arxiv:
        fields += [("eprint", bibtex_verbatim(paper.arxiv)), ("archivePrefix", "arXiv")]
        if paper.arxiv_category:
            fields.append(("primaryClass", bibtex_escape(paper.arxiv_category)))
    if paper.doi:
        fields.append(("doi", bibtex_verbatim(paper.doi)))
    if url:
        fields.append(("url", bibtex_verbatim(url)))
    note = author_note(paper)
    if note and not (paper.authors_truncated and authors):  # `and others` already says the list is cut
        fields.append(("note", bibtex_escape(note)))
    # month is BibTeX's predefined macro (jan ... dec), unbraced: biblatex reads a braced {may} as text, not a month
    body = ",\n".join(f"  {name} = " + (value if name == "month" else f"{{{value}}}") for name, value in fields)
    return f"@{entry_type}{{{key},\n{body}\n}}"


def scholar_date(date: str) -> str:
    """Google Scholar wants 2024/05/03, 2024/05 or 2024."""
    return date.replace("-", "/")


ARXIV_VENUE = re.compile(r"^\s*arxiv\b", re.I)
CONFERENCE_VENUE = re.compile(r"conference|proceedings|workshop|symposium|\b(?:neurips|nips|icml|iclr|cvpr|iccv|"
                              r"eccv|acl|emnlp|naacl|coling|aaai|ijcai|kdd|sigir|colt|uai|aistats|interspeech|"
                              r"icassp|icra|iros|corl|siggraph)\b", re.I)
ARXIV_LISTINGS = {"hf-daily-papers"}  # Hugging Face Daily Papers lists arXiv papers only
# Search results and link previews show ~155-160 characters of a description; the whole abstract is in the page's
# text and, once, in citation_abstract (Zotero's abstractNote), so the short copies stop there.
DESCRIPTION_LENGTH = 160


def published_venue(paper: Paper) -> str | None:
    """The first venue a listing gave that is not arXiv (a journal or a conference), if any."""
    venues = (clean_text(source.venue).strip() for source in paper.sources if source.venue)
    return next((venue for venue in venues if venue and not ARXIV_VENUE.match(venue)), None)


def on_arxiv(paper: Paper) -> bool:
    """Whether the paper is known to be on arXiv: an id, a category, an arXiv venue or an arXiv-only listing."""
    return bool(paper.arxiv or paper.arxiv_category or any(
        source.format in ARXIV_LISTINGS or (source.venue and ARXIV_VENUE.match(source.venue))
        for source in paper.sources))


def item_type(paper: Paper) -> tuple[str, list[list[str]]]:
    """Zotero's item type and the Highwire tags that make its Embedded Metadata translator choose it.

    A journal or conference venue is the strongest signal (citation_journal_title / citation_conference_title
    set the type outright); otherwise a paper is a preprint, named by `z.itemType` (read through the RDF
    translator), never a journal article without a journal, the translator's guess from citation_title alone.
    """
    venue = published_venue(paper)
    if venue and CONFERENCE_VENUE.search(venue):
        return "conferencePaper", [["citation_conference_title", venue]]
    if venue:
        return "journalArticle", [["citation_journal_title", venue]]
    return "preprint", [["citation_publisher", "arXiv"]] if on_arxiv(paper) else []


def plain_abstract(paper: Paper) -> str:
    """The abstract as one line of plain text; math stays as the TeX the authors wrote ($O(n^2)$)."""
    return one_line(paper.abstract)


def meta_description(paper: Paper) -> str:
    """A search-result description: the abstract cut at a word before DESCRIPTION_LENGTH characters."""
    text = plain_abstract(paper)
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"


def author_note(paper: Paper) -> str | None:
    """What a reference manager must be told about authors not listed by name (None when all are named)."""
    named, count = len(paper.authors), paper.author_count
    if not paper.authors_truncated and (count is None or count <= named):
        return None
    if not named:
        return f"Authors: {count}, not named in the source" if count else "Authors: not named in the source"
    total = f" of {count}" if count and count > named else ""
    return f"Authors: the source named only the first {named}{total}"


def zotero_extra(paper: Paper) -> str | None:
    """Lines for Zotero's Extra field: the author note and the arXiv id (its `Key: value` convention)."""
    lines = [line for line in (author_note(paper), f"arXiv: {paper.arxiv}" if paper.arxiv else None) if line]
    return "\n".join(lines) or None


def scholar_meta(paper: Paper, url: str | None) -> list[list[str]]:
    """Meta tags for Google Scholar (Highwire Press), Zotero and OpenGraph as [name, content] pairs.

    One citation_author per known name and no other creator (a page without one makes Zotero guess
    authors from the byline); `url` is the public page URL, or None when no site URL is set.
    """
    kind, venue_tags = item_type(paper)
    title = clean_text(paper.title)
    tags = [["citation_title", title]]
    tags += [["citation_author", clean_text(name)] for name in paper.authors]
    if paper.date:
        tags += [["citation_publication_date", scholar_date(paper.date)], ["citation_date", scholar_date(paper.date)]]
    tags += venue_tags
    if paper.abstract.strip():
        tags.append(["citation_abstract", plain_abstract(paper)])
    if paper.arxiv:
        tags += [["citation_arxiv_id", paper.arxiv], ["citation_pdf_url", arxiv_url(paper.arxiv, "pdf")]]
    doi = paper.doi or (f"10.48550/arXiv.{paper.arxiv}" if paper.arxiv else None)  # arXiv's DOI for every paper
    if doi:
        tags.append(["citation_doi", doi])
    tags += [["citation_keywords", clean_text(topic)] for topic in paper.topics]
    if url:
        tags.append(["citation_abstract_html_url", url])
    tags.append(["z.itemType", kind])
    extra = zotero_extra(paper)
    if extra:  # with z.itemType, Zotero's RDF import reads DC.description as Extra (as in Zotero RDF)
        tags.append(["DC.description", extra])
    return tags + open_graph(paper, url)


def open_graph(paper: Paper, url: str | None) -> list[list[str]]:
    """OpenGraph tags (link previews); printed with `property=` by overrides/paper.html."""
    tags = [["og:type", "article"], ["og:site_name", "Paper Archive"], ["og:title", clean_text(paper.title)]]
    if paper.abstract.strip():
        tags.append(["og:description", meta_description(paper)])
    if url:
        tags.append(["og:url", url])
    if paper.date:
        tags.append(["article:published_time", paper.date])
    return tags + [["article:tag", clean_text(topic)] for topic in paper.topics]


def arxiv_url(arxiv_id: str, kind: str = "abs") -> str:
    """The arXiv abstract or PDF URL of an arXiv id."""
    return f"https://arxiv.org/{kind}/{arxiv_id}"


def json_ld(paper: Paper, url: str | None) -> dict[str, Any]:
    """The schema.org ScholarlyArticle describing the paper (`url` only when the public site URL is known)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": clean_text(paper.title),
        "name": clean_text(paper.title),
        **({"url": url} if url else {}),
    }
    if paper.authors:  # only the names known; a list a listing cut or only counted is not said to be whole
        data["author"] = [{"@type": "Person", "name": clean_text(name)} for name in paper.authors]
    if paper.date:
        data["datePublished"] = paper.date
    if paper.topics:
        data["keywords"] = [clean_text(topic) for topic in paper.topics]
    # No `abstract`: no consumer of schema.org data needs it (Google reads headline, author, dates; Zotero and
    # Google Scholar read the citation_* tags), and it would be the page's third copy of the whole abstract.
    identifiers = []
    if paper.arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv})
        data["sameAs"] = arxiv_url(paper.arxiv)
    if paper.doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
    if identifiers:
        data["identifier"] = identifiers
    return data


def script_json(data: Any) -> str:
    """JSON safe inside <script>: '<', '>' and '&' as \\u escapes, so no '</script>' can appear."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
