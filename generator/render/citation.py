"""Machine-readable citations of a paper: BibTeX, Google Scholar meta tags, schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from ..models import Paper
from .text import clean_text

BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
BIBTEX_REPLACEMENTS = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX specials escaped, whitespace collapsed."""
    text = " ".join(clean_text(text).split())
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_key(slug: str, paper: Paper) -> str:
    """A citation key such as `lecun2015deep`: first author's surname, year, first title word."""
    surname = re.sub(r"[^a-z]", "", paper.authors[0].split()[-1].lower()) if paper.authors else ""
    word = next((w for w in re.findall(r"[a-z]+", paper.title.lower()) if len(w) > 3), "")
    key = f"{surname}{paper.year or ''}{word}"
    return key if surname and word else re.sub(r"[^a-z0-9]", "", slug)[:40] or "paper"


def bibtex_entry(slug: str, paper: Paper, url: str) -> str:
    """A BibTeX @misc/@article entry for the paper, with arXiv eprint fields when known."""
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(paper.title) + "}")]
    authors = [bibtex_escape(name) for name in paper.authors]
    if paper.authors_truncated and authors:
        authors.append("others")
    if authors:
        fields.append(("author", " and ".join(authors)))
    if paper.year:
        fields.append(("year", str(paper.year)))
    if paper.date and len(paper.date) >= 7:
        fields.append(("month", MONTHS[int(paper.date[5:7]) - 1]))
    if paper.arxiv:
        fields += [("eprint", bibtex_escape(paper.arxiv)), ("archivePrefix", "arXiv")]
        if paper.arxiv_category:
            fields.append(("primaryClass", bibtex_escape(paper.arxiv_category)))
    if paper.doi:
        fields.append(("doi", bibtex_escape(paper.doi)))
    fields.append(("url", bibtex_escape(url)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(slug, paper)},\n{body}\n}}"


def scholar_date(date: str) -> str:
    """Google Scholar wants 2024/05/03, 2024/05 or 2024."""
    return date.replace("-", "/")


def scholar_meta(paper: Paper, url: str) -> list[list[str]]:
    """Google Scholar (Highwire Press) meta tags as [name, content] pairs, one per author."""
    tags = [["citation_title", clean_text(paper.title)]]
    tags += [["citation_author", clean_text(name)] for name in paper.authors]
    if paper.date:
        tags.append(["citation_publication_date", scholar_date(paper.date)])
    if paper.arxiv:
        tags += [["citation_arxiv_id", paper.arxiv], ["citation_pdf_url", arxiv_url(paper.arxiv, "pdf")]]
    if paper.doi:
        tags.append(["citation_doi", paper.doi])
    tags += [["citation_keywords", clean_text(topic)] for topic in paper.topics]
    tags.append(["citation_abstract_html_url", url])
    return tags


def arxiv_url(arxiv_id: str, kind: str = "abs") -> str:
    """The arXiv abstract or PDF URL of an arXiv id."""
    return f"https://arxiv.org/{kind}/{arxiv_id}"


def json_ld(paper: Paper, url: str) -> dict[str, Any]:
    """The schema.org ScholarlyArticle describing the paper."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": clean_text(paper.title),
        "name": clean_text(paper.title),
        "url": url,
        "author": [{"@type": "Person", "name": clean_text(name)} for name in paper.authors],
    }
    if paper.date:
        data["datePublished"] = paper.date
    if paper.topics:
        data["keywords"] = [clean_text(topic) for topic in paper.topics]
    if paper.abstract.strip():
        data["abstract"] = clean_text(paper.abstract.strip())
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
