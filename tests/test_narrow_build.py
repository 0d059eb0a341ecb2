"""A narrowed build (hooks/narrow_build.py: MkDocs gets only the docs files that changed) leaves exactly the site
a clean full build of the same store gives, byte for byte, after edits, additions and removals."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from generator.build import CONFIG_FILE, NARROWED, build_site, mkdocs_environment
from generator.models import Paper
from generator.narrow import markdown_pages, page_dest, walk_order
from generator.store import load_store, render_paper
from helpers import snapshot
from sitebuild import SITE_URL, fixture_papers, write_store


def rewrite(content: Path, slug: str, paper: Paper) -> None:
    """Write one paper file as the store does."""
    (content / "papers" / f"{slug}.md").write_text(render_paper(paper), encoding="utf-8")


def stored(content: Path, slug: str) -> Paper:
    """The paper a store file holds now."""
    return next(item.paper for item in load_store(content) if item.slug == slug)


def dirty_mkdocs(content: Path, docs: Path, site: Path) -> str:
    """`mkdocs build --dirty` with the generate hook (what every rebuild of `mkdocs serve --dirty` runs)."""
    environment = mkdocs_environment(content, docs, site, SITE_URL)
    del environment["PAPER_ARCHIVE_SKIP_GENERATE"]
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty", "--config-file", str(CONFIG_FILE)],
                            cwd=CONFIG_FILE.parent, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_narrowed_builds_leave_the_site_a_clean_build_gives(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "full"
    untouched = site / "papers" / "vision-transformer" / "index.html"
    before = untouched.stat().st_mtime_ns

    paper = stored(content, "deep-learning")  # an abstract: its page, its groups' pages, feeds, search
    rewrite(content, "deep-learning", replace(paper, abstract=paper.abstract + " Narrowed edit."))
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "narrowed"
    assert "Narrowed edit." in (site / "papers" / "deep-learning" / "index.html").read_text("utf-8")

    paper = stored(content, "attention-is-all-you-need")  # a title: home, listings, related papers
    rewrite(content, "attention-is-all-you-need", replace(paper, title="Attention Is Still All You Need"))
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "narrowed"

    added = Paper(title="A Narrowly Added Paper", authors=["Nadia Newcomer", "Ashish Vaswani"], date="2025-03-04",
                  topics=["Freshly Minted Topic"], abstract="Pages for a new author and a new topic appear.")
    rewrite(content, "a-narrowly-added-paper", added)  # new pages: the sitemap changes too
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "narrowed"
    assert (site / "authors" / "nadia-newcomer" / "index.html").is_file()

    (content / "papers" / "counted-authors.md").unlink()  # a removed page, through the serve path
    assert NARROWED in dirty_mkdocs(content, docs, site)
    assert not (site / "papers" / "counted-authors").exists()
    assert untouched.stat().st_mtime_ns == before  # never rebuilt: its inputs did not change

    fresh = tmp_path / "fresh"
    build_site(content, docs_dir=fresh / "docs", site_dir=fresh / "site", site_url=SITE_URL)
    narrowed, clean = snapshot(site), snapshot(fresh / "site")
    assert sorted(narrowed) == sorted(clean)
    assert [path for path in clean if narrowed[path] != clean[path]] == []
    assert b"nadia-newcomer" in narrowed["sitemap.xml"] and b"counted-authors" not in narrowed["sitemap.xml"]


def test_a_changed_theme_or_config_is_not_narrowed(tmp_path: Path, monkeypatch) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    docs, site = tmp_path / "docs", tmp_path / "site"
    build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL)
    paper = stored(content, "deep-learning")
    rewrite(content, "deep-learning", replace(paper, abstract=paper.abstract + " Again."))
    monkeypatch.setenv("PAPER_ARCHIVE_COMPACT_HTML", "0")  # a setting every page depends on
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "full"


def test_the_sitemap_lists_pages_in_the_order_mkdocs_walks_them(tmp_path: Path) -> None:
    for path in ("b/index.md", "a.md", "index.md", "b/a.md", "b/c/index.md", "about.md", "b/z.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x")
    (tmp_path / ".hidden.md").write_text("x")
    assert markdown_pages(tmp_path) == ["index.md", "a.md", "about.md", "b/index.md", "b/a.md", "b/z.md",
                                        "b/c/index.md"]
    assert sorted(["z/a.md", "z.md"], key=walk_order) == ["z.md", "z/a.md"]
    assert page_dest("index.md", True) == ("index.html", "./")
    assert page_dest("topics/index.md", True) == ("topics/index.html", "topics/")
    assert page_dest("papers/x.md", True) == ("papers/x/index.html", "papers/x/")


def many_papers() -> dict[str, Paper]:
    """The fixture and 55 more in one topic by one author: a topic and an author of two listing pages each,
    whose bulk .bib/.ris are joined from kept per-paper files after an edit (render/previous.py)."""
    papers = fixture_papers()
    for number in range(55):
        papers[f"bulk-paper-{number:02d}"] = Paper(
            title=f"Bulk Paper {number:02d} on {'Sparse' if number % 2 else 'Dense'} Models",
            authors=["Paula Prolific", f"Coauthor {number % 7}"], date=f"20{10 + number % 12}-0{1 + number % 9}-1{number % 10}",
            topics=["Bulk Topic", *(["Transformers"] if number % 5 == 0 else [])], upvotes=number % 4 or None,
            abstract=f"Paper {number} studies {{braces}} & specials_ in bulk, with $x^2$ math.")
    return papers


def assert_same_as_clean_build(content: Path, docs: Path, site: Path, fresh: Path) -> None:
    """The docs tree and the site equal, file for file and byte for byte, those of a clean build of the store."""
    build_site(content, docs_dir=fresh / "docs", site_dir=fresh / "site", site_url=SITE_URL)
    for ours, clean in ((docs, fresh / "docs"), (site, fresh / "site")):
        got, want = snapshot(ours), snapshot(clean)
        assert sorted(got) == sorted(want)
        assert [path for path in want if got[path] != want[path]] == []


def test_a_sequence_of_edits_moves_papers_between_listings_as_a_clean_build_does(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", many_papers())
    docs, site = tmp_path / "docs", tmp_path / "site"
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "full"

    def edit(slug: str, **changes: object) -> None:
        rewrite(content, slug, replace(stored(content, slug), **changes))
        assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "narrowed"

    edit("bulk-paper-07", abstract="An edited abstract: the topic's bulk files and papers.json are patched.")
    edit("bulk-paper-08", authors=["Nora Newname", "Coauthor 1"])  # leaves Paula's pages, makes an author page
    edit("bulk-paper-09", topics=["Transformers"])  # from one topic's listing to another's
    edit("deep-learning", date="2011-02-03", title="Deep Learning, Redated")  # year pages, order, home
    assert_same_as_clean_build(content, docs, site, tmp_path / "fresh-1")

    rewrite(content, "a-new-bulk-paper", Paper(title="A New Bulk Paper", authors=["Paula Prolific"], date="2026-01-01",
                                               topics=["Bulk Topic", "Brand New Topic"], abstract="Added."))
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "narrowed"
    (content / "papers" / "bulk-paper-10.md").unlink()
    (content / "papers" / "gradient-based-learning.md").unlink()  # yann lecun's last but one; 1998 goes
    assert build_site(content, docs_dir=docs, site_dir=site, site_url=SITE_URL).mkdocs == "narrowed"
    edit("bulk-paper-11", authors=["Coauthor 4"], topics=["Brand New Topic"])  # the last of the new topic's moves
    assert NARROWED in dirty_mkdocs(content, docs, site)  # nothing changed since: the serve path, narrowed
    assert not (site / "years" / "1998").exists() and (site / "authors" / "nora-newname" / "index.html").is_file()
    assert_same_as_clean_build(content, docs, site, tmp_path / "fresh-2")


def test_the_sitemap_pages_have_the_urls_mkdocs_joins(tmp_path: Path) -> None:
    """sitemap_pages appends a page's quoted URL to the site URL where urljoin would give the same."""
    from urllib.parse import urljoin, urlsplit

    from generator.narrow import sitemap_pages

    for path in ("index.md", "papers/a-b.md", "authors/x%y.md", "topics/ünï code.md", "years/index.md"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("# x\n", "utf-8")
    for site_url in ("https://x.org/", "https://x.org/archive", "https://x.org/a/?q=1#f"):
        base = site_url if site_url.endswith("/") else site_url + "/"
        expected = [(urljoin(base, url), urlsplit(urljoin(base, url)).path)
                    for url in (page_dest(src, True)[1] for src in markdown_pages(tmp_path))]
        found = [(item.page.canonical_url, item.page.abs_url) for item in sitemap_pages(tmp_path, site_url, True)]
        assert found == expected and len(found) == 5
    assert {item.page.canonical_url for item in sitemap_pages(tmp_path, None, True)} == {None}
