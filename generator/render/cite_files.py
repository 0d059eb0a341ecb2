"""Citation data for the reader's browser, and the reference writers of the formats the browser produces.

The site holds no citation files: a paper page carries its `cite_data` (CSL-JSON without the abstract, which
the page's citation_abstract meta tag already holds), a topic or year a `cite.json` of its papers' data, and
overrides/assets/javascripts/pa-cite.js writes BibTeX, RIS and CSL-JSON from them. The writers below
(bibtex_file_entry, ris_record, csl_item, paper_exports, bulk_exports) are the specification that script
follows: tests/test_cite_browser.py checks its output against them byte for byte, and the round-trip tests
import their output.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..models import Paper, shows_text
from .citation import author_note, bibtex_entry, bibtex_escape, item_type, published_venue
from .exports import compact
from .person_names import family_first, split_name
from .site import Site, SitePaper
from .text import clean_text, one_line

# RIS types by Zotero's item type (citation.item_type): a preprint is GEN, as Zotero itself exports one.
RIS_TYPES = {"journalArticle": "JOUR", "conferencePaper": "CPAPER"}


def key_suffix(occurrence: int) -> str:
    """'' for the first paper with a key, then 'a' ... 'z', then '-28', '-29' ..."""
    if occurrence == 1:
        return ""
    return chr(ord("a") + occurrence - 2) if occurrence <= 27 else f"-{occurrence}"


def citation_keys(site: Site) -> dict[str, str]:
    """slug -> BibTeX key, unique across the site (a clash gets a, b, c... in slug order); memoised on the site."""
    return site.memo("citation keys", None, lambda: _unique_keys(site))


def _unique_keys(site: Site) -> dict[str, str]:
    keys: dict[str, str] = {}
    seen: dict[str, int] = {}
    for item in sorted(site.papers, key=lambda item: item.slug):
        base = site.keys[item.slug][3]  # bibtex_key, kept in the parse cache
        seen[base] = seen.get(base, 0) + 1
        keys[item.slug] = base + key_suffix(seen[base])
    return keys


def paper_bibtex(site: Site, item: SitePaper) -> str:
    """The BibTeX entry of a paper with its site-wide unique key."""
    return site.memo("bibtex", item.slug, lambda: _bibtex(site, item))


def _bibtex(site: Site, item: SitePaper) -> str:
    return bibtex_entry(citation_keys(site)[item.slug], item.paper, site.public_url(item.url))


def bibtex_file_entry(site: Site, item: SitePaper, abstract: bool = True) -> str:
    """The entry of the .bib files: the page's entry plus what moving the paper to another archive needs.

    The day of the date (BibLaTeX `date`), the topics (`keywords`) and the abstract (not in bulk exports), so
    that `papers import` of an archive's .bib gives back the same papers; the page's Cite box stays the short entry.
    """
    return site.memo("bibtex file", (item.slug, abstract), lambda: _bibtex_file(site, item, abstract))


def _bibtex_file(site: Site, item: SitePaper, abstract: bool) -> str:
    paper = item.paper
    extra: list[tuple[str, str]] = []
    if paper.date and len(paper.date) == 10:
        extra.append(("date", paper.date))
    if topics := cited_topics(paper):
        extra.append(("keywords", ", ".join(bibtex_escape(topic) for topic in topics)))
    if abstract and paper.abstract.strip():
        extra.append(("abstract", bibtex_escape(paper.abstract)))
    entry = paper_bibtex(site, item)
    if not extra:
        return entry
    return entry[:-2] + "".join(f",\n  {name} = {{{value}}}" for name, value in extra) + "\n}"


def ris_record(site: Site, item: SitePaper, abstract: bool = True) -> str:
    """One RIS record (TY ... ER) of a paper (without AB in bulk exports)."""
    return site.memo("ris", (item.slug, abstract), lambda: _ris(site, item, abstract))


def _ris(site: Site, item: SitePaper, abstract: bool) -> str:
    paper = item.paper
    kind, _ = item_type(paper)
    lines = [("TY", RIS_TYPES.get(kind, "GEN")), ("ID", citation_keys(site)[item.slug]), ("TI", one_line(paper.title))]
    lines += [("AU", one_line(family_first(name))) for name in paper.authors]  # RIS: Lastname, Firstname, Suffix
    if kind in RIS_TYPES:
        lines.append(("T2", one_line(published_venue(paper) or "")))
    if paper.year:
        lines.append(("PY", str(paper.year)))
    if paper.date and len(paper.date) >= 7:
        parts = (paper.date.split("-") + [""])[:3]
        lines.append(("DA", f"{parts[0]}/{parts[1]}/{parts[2]}/"))
    lines += [("KW", one_line(topic)) for topic in cited_topics(paper)]
    if abstract and paper.abstract.strip():
        lines.append(("AB", one_line(paper.abstract)))
    if paper.doi:
        lines.append(("DO", paper.doi))
    if paper.arxiv:
        lines.append(("N1", f"arXiv:{paper.arxiv}"))
    lines.append(("N1", author_note(paper) or ""))  # RIS has no "et al.": a cut or counted list is said in a note
    lines.append(("UR", site.public_url(item.url) or ""))  # empty values are left out
    body = "".join(f"{tag}  - {value}\n" for tag, value in lines if value)
    return body + "ER  - \n"


def csl_name(name: str) -> dict[str, str]:
    """A CSL name: family (with its particles), given and suffix; a name that cannot be split stays literal."""
    parts = split_name(name)
    if parts.family is None:
        return {"literal": parts.whole}
    data = {"family": parts.family, "given": parts.given}
    return data | {"suffix": parts.suffix} if parts.suffix else data


CSL_TYPES = {"journalArticle": "article-journal", "conferencePaper": "paper-conference"}
# A cut author list is the names known and a `note` ("Authors: the source named only the first 3 of 31"):
# `{"literal": "others"}` is printed by citeproc-py (and citeproc-js) as an author called "others"
# ("Ren, J., Zhao, Y., & others"), since CSL-JSON has no et-al marker; the note is what Zotero keeps as Extra.


def csl_item(site: Site, item: SitePaper) -> dict[str, Any]:
    """A CSL-JSON item (the format of citeproc, Zotero and pandoc) of a paper."""
    paper = item.paper
    kind, _ = item_type(paper)
    data: dict[str, Any] = {"id": citation_keys(site)[item.slug], "type": CSL_TYPES.get(kind, "article")}
    title = clean_text(paper.title)
    if title:  # empty for a title of control characters only; CSL-JSON has no empty values
        data["title"] = title
    if paper.authors:  # only the names known: CSL has no "et al." marker (see above CSL_TYPES)
        data["author"] = [csl_name(name) for name in paper.authors]
    venue = published_venue(paper) if kind in CSL_TYPES else None
    if venue:
        data["container-title"] = venue
    if site.site_url:
        data["URL"] = site.public_url(item.url)
    if paper.date:
        data["issued"] = {"date-parts": [[int(part) for part in paper.date.split("-")]]}
    if paper.abstract.strip():
        data["abstract"] = clean_text(paper.abstract.strip())
    if topics := cited_topics(paper):
        data["keyword"] = ", ".join(topics)
    if paper.doi:
        data["DOI"] = paper.doi
    if paper.arxiv:
        data["archive"] = "arXiv"
        data["archive_location"] = paper.arxiv
    note = author_note(paper)
    if note:
        data["note"] = note
    return data


def cited_topics(paper: Paper) -> list[str]:
    """The topics as citations carry them: cleaned, and none that shows nothing (the store's own rule,
    models.shows_text: a paper made in memory is not checked, and an empty keyword is no keyword)."""
    return [clean_text(topic) for topic in paper.topics if shows_text(topic)]


def cite_data(site: Site, item: SitePaper, abstract: bool = False) -> dict[str, Any]:
    """What pa-cite.js writes a paper's BibTeX, RIS and CSL-JSON from: its CSL-JSON item and three extras.

    The item leaves out `keyword` (written from `topics`, which keeps a topic holding a comma whole) and, unless
    asked, `abstract` (a paper page holds it in citation_abstract; bulk exports leave it out). The extras are
    what CSL-JSON cannot say: the arXiv category (BibTeX primaryClass) and a cut author list (`and others`).
    """
    paper = item.paper
    csl = {name: value for name, value in csl_item(site, item).items()
           if name != "keyword" and (abstract or name != "abstract")}
    data: dict[str, Any] = {"csl": csl}
    if topics := cited_topics(paper):
        data["topics"] = topics
    if paper.arxiv and paper.arxiv_category:
        data["primaryClass"] = clean_text(paper.arxiv_category)
    if paper.authors_truncated and paper.authors:
        data["truncated"] = True
    return data


def cite_fragment(site: Site, slug: str) -> bytes:
    """A paper's cite_data as cite.json holds it; memoised, as a paper is in a year and several topics."""
    return site.memo("cite fragment", slug, lambda: compact(cite_data(site, site.paper(slug))))


def cite_fragment_key(site: Site, slug: str) -> str:
    """What a paper's fragment is made of besides the settings: its file and its site-wide citation key. One
    string per paper, shared by every cite.json it is in (the pickled offsets then hold it once)."""
    return site.memo("cite fragment key", slug, lambda: f"{site.digests.get(slug, '')}:{citation_keys(site)[slug]}")


def group_cite_data(site: Site, path: str, slugs: Iterable[str]) -> bytes:
    """A topic's or year's cite.json at `path`: its papers' cite_data (no abstracts), in the page's order, the
    same bytes as json.dumps of the list. Fragments of unchanged papers are cut from last run's file."""
    if not site.digests:  # a site built in memory: nothing to compare with
        return b"[" + b",".join(cite_fragment(site, slug) for slug in slugs) + b"]\n"
    pieces = ((slug, cite_fragment_key(site, slug), lambda slug=slug: cite_fragment(site, slug)) for slug in slugs)
    return site.previous.assemble(path, b"[", b"]\n", b",", pieces)


def paper_export_paths(item: SitePaper) -> dict[str, str]:
    """The file names pa-cite.js gives a paper's downloads (the reference writers' paths too)."""
    base = f"papers/{item.slug}"
    return {"bib": f"{base}.bib", "ris": f"{base}.ris", "csl": f"{base}.csl.json"}


def paper_exports(site: Site, item: SitePaper) -> dict[str, bytes]:
    """The three citation files of one paper, as pa-cite.js writes them (reference; not written to the site)."""
    paths = paper_export_paths(item)
    csl = json.dumps([csl_item(site, item)], ensure_ascii=False, separators=(",", ":")) + "\n"
    return {paths["bib"]: (bibtex_file_entry(site, item) + "\n").encode("utf-8"),
            paths["ris"]: ris_record(site, item).encode("utf-8"), paths["csl"]: csl.encode("utf-8")}


def bulk_exports(site: Site, base: str, slugs: Iterable[str]) -> dict[str, bytes]:
    """base.bib, base.ris and base.csl.json of every listed paper, without abstracts, as pa-cite.js writes a
    group's (reference)."""
    items = [site.paper(slug) for slug in slugs]
    bib = "\n\n".join(bibtex_file_entry(site, item, abstract=False) for item in items) + "\n"
    ris = "\n".join(ris_record(site, item, abstract=False) for item in items)
    csl = [{name: value for name, value in csl_item(site, item).items() if name != "abstract"} for item in items]
    return {f"{base}.bib": bib.encode("utf-8"), f"{base}.ris": ris.encode("utf-8"),
            f"{base}.csl.json": (json.dumps(csl, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")}
