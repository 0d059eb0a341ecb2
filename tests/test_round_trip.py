"""Round trip: the archive's own .bib, .ris and .csl.json exports import back as the same papers.

The site holds no citation files: readers' browsers write them (pa-cite.js). Most tests here import the reference
writers' text (generator/render/cite_files.py), which tests/test_cite_browser.py proves the browser's equals byte for
byte; test_a_built_sites_citations_import_back imports what Chromium writes from a built site.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from browser_support import browser  # noqa: F401 - the fixture (skips without Chromium)
from generator.formats import parse_listing
from generator.importer import import_listings
from generator.models import Paper
from generator.render.cite_files import bulk_exports, paper_exports
from generator.render.site import gather_site
from generator.store import StoredPaper, load_store

ROOT = Path(__file__).resolve().parent.parent
CAPTURED = dt.date(2025, 12, 26)
KINDS = {"bib": ".bib", "ris": ".ris", "csl": ".csl.json"}


def spaced(text: str) -> str:
    return " ".join(text.split())


def export_store(content: Path, target: Path) -> dict[str, list[Path]]:
    """Write every paper's three citation files as a site build does (papers/<slug>.bib ...), by kind."""
    site = gather_site(load_store(content), None)
    files: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for item in site.papers:
        for path, data in paper_exports(site, item).items():
            out = target / path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
            files[next(kind for kind, suffix in KINDS.items() if path.endswith(suffix))].append(out)
    return files


def comparable(paper: Paper, kind: str = "") -> tuple:
    """What every format carries: title, authors (a cut list and a count too), date, identifiers, topics, abstract.

    A .bib says a cut list with `and others` and then has no count (the export writes no note).
    """
    count = None if kind == "bib" and paper.authors_truncated and paper.authors else paper.known_author_count
    return (spaced(paper.title), paper.authors, paper.authors_truncated, count, paper.date,
            paper.arxiv, paper.doi, paper.topics, spaced(paper.abstract))


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, list[Path]]:
    return export_store(ROOT / "content", tmp_path_factory.mktemp("exports"))


@pytest.mark.parametrize("kind", list(KINDS))
def test_exports_import_into_an_empty_store_as_the_same_papers(exports, kind, tmp_path):
    original = {item.slug: comparable(item.paper, kind) for item in load_store(ROOT / "content")}
    report = import_listings(exports[kind], tmp_path / "content", CAPTURED)
    assert (report.read, report.new, report.rejected) == (len(original), len(original), [])
    imported = {item.slug: comparable(item.paper, kind) for item in load_store(tmp_path / "content")}
    assert imported.keys() == original.keys()  # same titles, so the same slugs
    differing = [slug for slug in original if imported[slug] != original[slug]]
    assert differing == []
    if kind == "bib":  # only BibTeX can say 'and others'
        truncated = {item.slug for item in load_store(ROOT / "content") if item.paper.authors_truncated}
        assert truncated and {item.slug for item in load_store(tmp_path / "content")
                              if item.paper.authors_truncated} == truncated


@pytest.mark.parametrize("kind", list(KINDS))
def test_importing_exports_into_their_archive_changes_nothing(exports, kind, bundled_content):
    before = {path.name: path.read_bytes() for path in (bundled_content / "papers").iterdir()}
    report = import_listings(exports[kind], bundled_content, CAPTURED)
    assert (report.unchanged, report.written) == (len(before), [])
    assert {path.name: path.read_bytes() for path in (bundled_content / "papers").iterdir()} == before


def test_a_topic_bulk_export_imports_too(tmp_path):
    stored = load_store(ROOT / "content")
    site = gather_site(stored, None)
    slugs = [item.slug for item in stored if "Rote Learning" in item.paper.topics]
    files = bulk_exports(site, "topics/rote-learning", slugs)
    for name, data in files.items():
        path = tmp_path / Path(name).name
        path.write_bytes(data)
        result = parse_listing(path, CAPTURED)
        assert (len(result.records), result.rejected) == (len(slugs), [])


# --- any text survives export -> import -----------------------------------------------------------
# Control characters are dropped by every export (XML/YAML cannot carry them) and whitespace runs are
# folded (RIS and BibTeX are line-based); the README lists what else each format cannot carry.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), min_size=1, max_size=80).filter(
    lambda text: text.strip())
# A name is words of letters, marks, '.', "'" and '-': no comma (BibTeX and RIS read 'Family, Given'),
# not 'and' nor 'others' (BibTeX's separator and truncation mark).
WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Mn"), whitelist_characters=".'-"),
               min_size=1, max_size=12).filter(lambda word: word.lower() not in ("and", "others") and
                                               any(char.isalpha() for char in word))
NAME = st.lists(WORD, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(title=TEXT, abstract=TEXT, authors=st.lists(NAME, min_size=1, max_size=4, unique=True))
@pytest.mark.parametrize("kind", list(KINDS))
def test_any_text_survives_export_and_import(kind, title, abstract, authors, tmp_path):
    paper = Paper(title=title, authors=authors, date="2024-05-03", abstract=abstract)
    site = gather_site([StoredPaper("any-paper", tmp_path / "any-paper.md", paper)], None)
    path, data = next((path, data) for path, data in paper_exports(site, site.papers[0]).items()
                      if path.endswith(KINDS[kind]))
    listing = tmp_path / Path(path).name
    listing.write_bytes(data)
    result = parse_listing(listing, CAPTURED)
    assert result.rejected == []
    (record,) = result.records
    assert (record.title, record.abstract, record.authors, record.date) == (
        spaced(title), spaced(abstract), [spaced(name) for name in authors], "2024-05-03")


@pytest.mark.browser
def test_a_built_sites_citations_import_back(tmp_path, browser):  # noqa: ANN001 - browser_support's fixture
    """What a reader of a built site downloads (written in Chromium by pa-cite.js from each page, with a site URL,
    so each names its page) imports back: every paper's three files, and a topic's "Cite all" files."""
    from cite_browser import browser_citations, group_download
    from generator.normalise import base_slug
    from sitebuild import SITE_URL, fixture_papers, fixture_site, listed_urls

    built = fixture_site()
    papers = fixture_papers()
    written = browser_citations(built.site, browser)
    assert written.keys() == papers.keys()
    topic = listed_urls(built.html("topics/transformers/"))
    for kind, suffix in KINDS.items():
        files = []
        for slug, texts in written.items():
            files.append(tmp_path / "downloads" / f"{slug}{suffix}")
            files[-1].parent.mkdir(exist_ok=True)
            files[-1].write_text(texts[kind], "utf-8")
        name, text = group_download(built.site, "topics/transformers/", kind, browser)
        (tmp_path / name).write_text(text, "utf-8")
        group = import_listings([tmp_path / name], tmp_path / f"group-{kind}", CAPTURED)
        assert (group.new, group.rejected) == (len(topic), [])
        content = tmp_path / suffix.strip(".")
        report = import_listings(files, content, CAPTURED)
        assert (report.new, report.rejected) == (len(papers), [])
        imported = {item.paper.title: item for item in load_store(content)}
        assert {title: comparable(item.paper, kind) for title, item in imported.items()} == {
            paper.title: comparable(paper, kind) for paper in papers.values()}
        # The page URL an export names is not a link (a page whose file was renamed away from its title's
        # slug, like 'counted-authors', is recognised only by the archive it came from).
        renamed = {paper.title: f"{SITE_URL}papers/{slug}/" for slug, paper in papers.items() if slug != base_slug(paper.title)}
        assert {title: item.paper.links for title, item in imported.items() if item.paper.links} == {
            title: [url] for title, url in renamed.items()}
        same = shutil.copytree(built.content, tmp_path / f"same-{suffix.strip('.')}")
        assert import_listings(files, same, CAPTURED).written == []
