"""`papers preview` (make preview-changes): a site of only the papers a branch changed, saying what it leaves out.

A git repository holds the fixture store on `main`; a branch edits one paper, adds one and removes one. The
preview must hold exactly those papers' pages, their author/topic/year pages, home and search, every page
with the banner naming what is left out, and nothing of the unchanged papers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.errors import PaperArchiveError
from generator.models import Paper
from generator.preview import changed_papers, named_papers
from generator.store import render_paper
from sitebuild import ROOT, fixture_papers, fixture_site, listed_urls, write_store

EDITED, ADDED, REMOVED = "deep-learning", "a-preview-of-tomorrow", "counted-authors"
NEW_PAPER = Paper(title="A Preview of <Tomorrow>", authors=["Grace Hopper", "Yoshua Bengio"], date="2025-02-03",
                  topics=["Preview Testing"], abstract="What the archive will hold tomorrow.")
# Whose pages the preview must have: the edited and the added paper's authors, topics and years, no others.
AUTHORS = {"yann-lecun", "yoshua-bengio", "grace-hopper"}
TOPICS = {"transformers", "preview-testing"}
YEARS = {"2015", "2025"}
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PAPER_ARCHIVE_CACHE_DIR"}


def git(repository: Path, *arguments: str) -> None:
    subprocess.run(["git", "-c", "user.email=test@example.org", "-c", "user.name=Test", *arguments],
                   cwd=repository, check=True, capture_output=True)


def papers_cli(repository: Path, *arguments: str, **options) -> subprocess.Popen | subprocess.CompletedProcess:
    """`papers ARGUMENTS` run in the repository, as a contributor runs it from their checkout."""
    command = [sys.executable, "-m", "generator", *arguments]
    if options.pop("background", False):
        return subprocess.Popen(command, cwd=repository, env=ENVIRONMENT, start_new_session=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(command, cwd=repository, env=ENVIRONMENT, capture_output=True, text=True, **options)


def contributor_branch(root: Path, main: str = "main") -> Path:
    """The fixture store committed on `main`; a branch with one paper edited, one added (untracked) and one
    removed."""
    repository = root / "archive"
    write_store(repository / "content", fixture_papers())
    git(repository, "init", "-q", "-b", main)
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "the archive")
    git(repository, "checkout", "-q", "-b", "my-papers")
    papers = repository / "content" / "papers"
    edited = papers / f"{EDITED}.md"
    edited.write_text(edited.read_text("utf-8").replace("multiple layers", "many layers, edited"), "utf-8")
    git(repository, "commit", "-q", "-am", "edit a paper")
    (papers / f"{ADDED}.md").write_text(render_paper(NEW_PAPER), "utf-8")
    (papers / f"{REMOVED}.md").unlink()
    return repository


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The contributor's branch, previewed with `papers preview --no-serve`."""
    repository = contributor_branch(tmp_path_factory.mktemp("preview"))
    result = papers_cli(repository, "preview", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "preview of 2 papers (since main) built in site-preview" in result.stdout
    return repository


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def folders(site: Path, section: str) -> set[str]:
    """The pages directly under a section: authors/<slug>/, ... (an author's one-letter initials pages aside)."""
    return {path.parent.name for path in (site / section).glob("*/index.html")
            if len(path.parent.name) > 1 and path.parent.name != "page"}


def test_the_preview_holds_exactly_the_changed_papers_and_their_author_topic_year_pages(preview: Path) -> None:
    site = preview / "site-preview"
    assert folders(site, "papers") == {EDITED, ADDED}
    assert folders(site, "authors") == AUTHORS
    assert folders(site, "topics") == TOPICS
    assert folders(site, "years") == YEARS
    assert (site / "index.html").is_file() and (site / "search" / "index.html").is_file()
    assert "many layers, edited" in page(site, f"papers/{EDITED}").select_one(".pa-abstract, article").get_text()
    assert sorted(listed_urls(page(site, "authors/yoshua-bengio"))) == sorted([ADDED, EDITED])


def test_unchanged_papers_are_absent_from_pages_lists_exports_and_search(preview: Path) -> None:
    site = preview / "site-preview"
    assert set(listed_urls(page(site, ""))) == {EDITED, ADDED}  # home's latest papers
    assert {paper["slug"] for paper in json.loads((site / "papers.json").read_text("utf-8"))["papers"]} \
        == {EDITED, ADDED}
    assert json.loads((site / "search-index" / "manifest.json").read_text("utf-8"))["count"] == 2
    assert not (site / "papers" / "attention-is-all-you-need").exists()
    assert "Attention Is All You Need" not in "".join(path.read_text("utf-8") for path in site.rglob("*.html"))
    # The preview never touches the full site's folders.
    assert not (preview / "site").exists() and not (preview / "generated-docs").exists()


def test_every_page_says_it_is_a_preview_and_what_it_leaves_out(preview: Path) -> None:
    pages = sorted((preview / "site-preview").rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        banner = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("section.pa-preview")
        assert banner is not None, path
        text = " ".join(banner.get_text(" ").split())
        assert "Preview of 2 changed papers (1 edited, 1 new, 1 removed since main)" in text, path
        # Six papers on main; the branch removes one and adds one: six, of which two shown and four left out.
        assert "other papers (4) are left out of lists, counts, feeds and search" in text, path
        assert "Removed in this change: A Paper With Only A Count (counted-authors.md)" in text, path
        assert banner.find_previous("link", rel="stylesheet")["href"].endswith("assets/stylesheets/pa-preview.css")
    assert (preview / "site-preview" / "assets" / "stylesheets" / "pa-preview.css").is_file()


def test_a_normal_build_has_no_banner_and_no_preview_stylesheet() -> None:
    site = fixture_site().site
    assert not any(BeautifulSoup(path.read_text("utf-8"), "html.parser").select(".pa-preview, link[href$='pa-preview.css']")
                   for path in [site / "index.html", site / "papers" / "deep-learning" / "index.html"])
    assert not (site / "assets" / "stylesheets" / "pa-preview.css").exists()


def test_the_changes_come_from_git_and_fall_back_to_uncommitted_ones(tmp_path: Path) -> None:
    repository = contributor_branch(tmp_path, main="trunk")  # neither origin/main nor main: uncommitted only
    content = repository / "content"
    selection = changed_papers(content)
    assert (selection.slugs, selection.new, selection.basis) == ([ADDED], {ADDED}, "in uncommitted changes")
    assert [slug for slug, _title in selection.removed] == [REMOVED]
    since = changed_papers(content, since="trunk")  # the committed edit too
    assert (since.slugs, since.basis) == ([ADDED, EDITED], "since trunk")
    with pytest.raises(PaperArchiveError, match="--since nowhere"):
        changed_papers(content, since="nowhere")


def test_papers_named_on_the_command_line_by_slug_or_path(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    selection = named_papers(content, ["xss", str(content / "papers" / "deep-learning.md"), "xss.md"])
    assert (selection.slugs, selection.compared) == (["deep-learning", "xss"], False)
    with pytest.raises(PaperArchiveError, match="no-such-paper: no such paper"):
        named_papers(content, ["no-such-paper"])


def test_nothing_changed_says_how_to_choose_papers(tmp_path: Path) -> None:
    repository = tmp_path / "archive"
    write_store(repository / "content", fixture_papers())
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "the archive")
    result = papers_cli(repository, "preview", "--no-serve")
    assert result.returncode == 1 and "no paper file since main" in result.stderr and "--since REF" in result.stderr


def test_an_invalid_changed_paper_is_reported_at_its_own_path(tmp_path: Path) -> None:
    repository = contributor_branch(tmp_path)
    (repository / "content" / "papers" / f"{ADDED}.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    result = papers_cli(repository, "preview", "--no-serve")
    assert result.returncode == 1 and f"content/papers/{ADDED}.md:3: front matter: YAML syntax error" in result.stderr
    assert not (repository / "site-preview").exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch_until(url: str, wanted: str, timeout: float = 60.0) -> str:
    """The page at url once it contains `wanted` (the server starts, or rebuilds after an edit)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} never showed {wanted!r}")
        time.sleep(0.3)


def test_the_served_preview_reloads_a_changed_paper_when_it_is_saved(tmp_path: Path) -> None:
    repository, port = contributor_branch(tmp_path), free_port()
    server = papers_cli(repository, "preview", "--port", str(port), background=True)
    try:
        url = f"http://127.0.0.1:{port}/papers/{ADDED}/"
        first = fetch_until(url, "What the archive will hold tomorrow.")
        assert "Preview of 2 changed papers" in first
        added = repository / "content" / "papers" / f"{ADDED}.md"
        added.write_text(added.read_text("utf-8").replace("hold tomorrow", "hold after an edit"), "utf-8")
        fetch_until(url, "What the archive will hold after an edit.")  # through the linked store, no restart
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert f"at http://127.0.0.1:{port}/" in output and (ROOT / "mkdocs.yml").is_file()
