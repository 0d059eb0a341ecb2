"""One paper page: front matter for overrides/paper.html (see paper_view.py) plus a Markdown body holding the abstract."""

from __future__ import annotations

import html
from typing import Any

from .citation import json_ld, meta_description, scholar_meta, script_json
from .document import markdown_document
from .paper_view import paper_view
from .site import Site, SitePaper
from .text import abstract_html, clean_text


def escaped_title(title: str) -> str:
    """The title as HTML text: mkdocs-material prints `page.meta.title` unescaped in <title> and the header."""
    return html.escape(clean_text(title), quote=True)


def paper_body(abstract: str) -> str:
    """The abstract under its heading: raw HTML paragraphs (see text.abstract_html), so Markdown has little to do.

    The title block, actions, related papers and sources come from the front matter (overrides/paper.html).
    """
    return f"## Abstract\n\n{abstract or '<p><em>No abstract available.</em></p>'}"


def paper_meta(site: Site, item: SitePaper, has_math: bool = False) -> dict[str, Any]:
    """Front matter of a paper page; raw values go under `paper` and templates escape them.

    `math` is set only when the abstract holds math: paper.html then loads MathJax (2 MB), no other page does.
    """
    from .cite_files import cite_data  # these modules import this one
    from .features import paper_features
    paper = item.paper
    url = site.public_url(item.url)  # None without a site URL: no absolute URL rather than a wrong one
    # Material prints page.meta.description unescaped, and the site's description when it is empty, which
    # Zotero would save as the abstract of a paper without one: " " makes the tag say nothing instead.
    description = html.escape(meta_description(paper), quote=True) or " "
    meta: dict[str, Any] = {
        "template": "paper.html",
        "title": escaped_title(paper.title),
        "description": description,
        "paper": paper_view(paper),
        "citation_meta": scholar_meta(paper, url),
        "jsonld": script_json(json_ld(paper, url)),
        "cite": script_json(cite_data(site, item)),  # pa-cite.js writes BibTeX, RIS and CSL-JSON from it
        "features": paper_features(site, item),
    }
    if has_math:
        meta["math"] = True
    return meta


def paper_page(site: Site, item: SitePaper) -> str:
    """The generated Markdown page of one paper."""
    abstract, has_math = abstract_html(item.paper.abstract)
    return markdown_document(paper_meta(site, item, has_math), paper_body(abstract))


def paper_unit(site: Site, item: SitePaper) -> dict[str, bytes]:
    """A paper's page (its citation formats are written in the reader's browser from the data it holds)."""
    return {item.doc_path: paper_page(site, item).encode("utf-8")}
