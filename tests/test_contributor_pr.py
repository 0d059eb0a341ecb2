"""A contributor's pull request, end to end, in a temporary copy of the repository.

The copy gets a paper from `papers add`, then runs the `papers` commands of .github/workflows/pr.yml
in order (`make test` is left out: it is this suite), stopping at the first failure as Actions does.
The good paper must reach the built site with its author and topic pages; each kind of bad file must
fail `papers check --format github` with its exact annotation (`::error file=...,line=...::message`, GitHub's
form of `file:line: field: message`) and leave the store as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.normalise import base_slug
from generator.render.identity import name_slug

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "generated-docs", "__pycache__", ".pytest_cache",
                                    ".hypothesis", "test-artifacts", "*.egg-info", ".lock", ".journal*")
TITLE = "Sparse Routers Learn to Forget: A Contributor's Test Paper"
SLUG = base_slug(TITLE)  # sparse-routers-learn-to-forget-a-contributor-s-test-paper
AUTHORS = ["Zoë Müller", "Jean-Luc Martin"]
TOPIC = "Contributor Testing"


@dataclass
class Clone:
    """A copy of the repository and the results of the workflow's commands in it."""

    root: Path
    added: subprocess.CompletedProcess
    workflow: list[subprocess.CompletedProcess]

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup((self.root / "site" / url / "index.html").read_text("utf-8"), "html.parser")


def papers(root: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The `papers` command of the copy (its own generator package, not this checkout's)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PAPER_ARCHIVE_")}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=root, env=environment, input=stdin,
                          capture_output=True, text=True, timeout=300)


SUMMARY_REDIRECT = '>> "$GITHUB_STEP_SUMMARY"'  # a step's output appended to the check's summary
SUMMARY = "step-summary.md"  # where the replay appends it


def workflow_runs(root: Path) -> list[str]:
    """The `papers ...` steps of the PR workflow, in order, as written."""
    data = yaml.safe_load((root / ".github" / "workflows" / "pr.yml").read_text("utf-8"))
    runs = [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]
    return [run for run in runs if run.startswith(".venv/bin/papers ")]


def workflow_commands(root: Path) -> list[list[str]]:
    """The `papers ...` commands of the PR workflow, in order, as argument lists."""
    return [run.replace(SUMMARY_REDIRECT, "").split()[1:] for run in workflow_runs(root)]


def run_workflow(root: Path) -> list[subprocess.CompletedProcess]:
    """Run the workflow's commands in order; stop at the first that fails, as the job would."""
    results = []
    for run, command in zip(workflow_runs(root), workflow_commands(root)):
        results.append(papers(root, *command))
        if SUMMARY_REDIRECT in run:
            with (root / SUMMARY).open("a", encoding="utf-8") as summary:
                summary.write(results[-1].stdout)
        if results[-1].returncode != 0:
            break
    return results


def snapshot(root: Path) -> dict[str, bytes]:
    content = root / "content"
    return {str(path.relative_to(content)): path.read_bytes()
            for path in sorted(content.rglob("*")) if path.is_file() and path.name != ".lock"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Clone:
    """The repository copied, a paper added, the workflow's commands run: once for this module."""
    root = tmp_path_factory.mktemp("contributor") / "paper-archive"
    shutil.copytree(ROOT, root, ignore=NOT_COPIED)
    shutil.copytree(root / "content", root / ".base" / "content")  # the base branch's store, as the PR job checks out
    added = papers(root, "add", "--title", TITLE, "--author", AUTHORS[0], "--author", AUTHORS[1],
                   "--date", "2024-05-17", "--topic", TOPIC, "--arxiv", "https://arxiv.org/abs/2405.99999v2",
                   stdin="We show that sparse routers forget.\n\nA second paragraph.\n")
    return Clone(root, added, run_workflow(root))


def test_the_workflow_runs_check_then_the_strict_build():
    assert workflow_commands(ROOT) == [["check", "--format", "github"], ["build"], ["store-summary", "--base", ".base/content"]]


def test_papers_add_writes_the_file_and_the_workflow_passes(clone):
    assert clone.added.returncode == 0, clone.added.stderr
    assert clone.added.stdout.startswith(f"wrote content/papers/{SLUG}.md\n")
    assert [result.returncode for result in clone.workflow] == [0, 0, 0], [r.stderr for r in clone.workflow]
    assert "store is valid" in clone.workflow[0].stdout
    assert "site built in site" in clone.workflow[1].stdout


def test_the_check_summary_shows_what_the_pull_request_adds(clone):
    summary = (clone.root / SUMMARY).read_text("utf-8")
    assert summary.startswith("### What this pull request adds to the archive\n")
    rows = {cells[0]: cells[1:] for line in summary.splitlines() if line.startswith("| ") and "---" not in line
            for cells in [[cell.strip() for cell in line.strip("|").split("|")]]}
    papers_in_base = len(list((ROOT / "content" / "papers").glob("*.md")))
    assert rows["papers"] == [f"{papers_in_base:,}", f"{papers_in_base + 1:,}", "+1"]
    assert rows["authors (distinct names)"][2] == "+2"  # Zoë Müller, Jean-Luc Martin
    assert rows["author pages"][2] == "+2" and int(rows["site pages"][2]) >= 4  # the paper, 2 authors, the topic


def test_the_copy_runs_its_own_code(clone):
    result = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"],
                            cwd=clone.root, capture_output=True, text=True)
    assert result.stdout.strip() == str(clone.root / "generator" / "__init__.py")  # like -m: the working dir first


def test_the_paper_page_is_built_with_its_authors_and_topic(clone):
    page = clone.html(f"papers/{SLUG}")
    assert page.find("h1").get_text(strip=True) == TITLE
    links = {a.get_text(strip=True): a["href"] for a in page.find_all("a", href=True)}
    for author in AUTHORS:
        assert links[author] == f"../../authors/{name_slug(author, 'author')}/"
    assert links[TOPIC] == f"../../topics/{name_slug(TOPIC, 'topic')}/"
    assert "We show that sparse routers forget." in page.get_text()


@pytest.mark.parametrize("url, heading", [
    *((f"authors/{name_slug(author, 'author')}", author) for author in AUTHORS),
    (f"topics/{name_slug(TOPIC, 'topic')}", TOPIC),
])
def test_author_and_topic_pages_list_the_paper(clone, url, heading):
    page = clone.html(url)
    assert page.find("h1").get_text(strip=True) == heading
    assert [a["href"] for a in page.select(".pa-papers > li > a")] == [f"../../papers/{SLUG}/"]


def test_adding_the_same_paper_again_is_refused_and_changes_nothing(clone):
    before = snapshot(clone.root)
    result = papers(clone.root, "add", "--title", "Sparse routers learn to forget - a contributor's test paper",
                    "--abstract", "Again.")
    assert result.returncode == 1
    assert result.stderr == (f"Error: papers add: content/papers/{SLUG}.md already holds this paper (the same title): "
                             f"edit that file instead of adding a new one\n")
    assert snapshot(clone.root) == before


BAD_FILES = {
    "missing title": ("untitled.md", "---\nauthors: [Ada Lovelace]\ndate: '2024-01-02'\n---\n\nAn abstract.\n",
                      "1: title: is missing or empty: every paper needs a title, "
                      "e.g. title: 'Attention Is All You Need'"),
    "bad date": ("bad-date-paper.md", "---\ntitle: Bad Date Paper\ndate: 2024-02-30\n---\n\nAn abstract.\n",
                 "3: date: '2024-02-30' is not a real calendar date"),
    "YAML syntax error": ("memory-a-survey.md", "---\ntitle: Memory: A Survey\n---\n\nAn abstract.\n",
                          "2: front matter: YAML syntax error: mapping values are not allowed here (quote a value "
                          "that contains ': ', e.g. title: 'Memory: A Survey', and start every field at the "
                          "beginning of the line)"),
    "tab indentation": ("tabbed-paper.md", "---\ntitle: Tabbed Paper\nauthors:\n\t- Ada Lovelace\n---\n\nText.\n",
                        "4: front matter: YAML syntax error: found character '\\t' that cannot start any token "
                        "(YAML does not allow tabs for indentation: use spaces)"),
    "duplicate": ("the-same-paper-again.md", f"---\ntitle: \"{TITLE.upper()}\"\n---\n\nThe same paper again.\n",
                  f"2: title: duplicate of content/papers/{SLUG}.md: it is the same paper, so merge the two files "
                  f"into one and delete this one"),
    "unknown field": ("unknown-field-paper.md", "---\ntitle: Unknown Field Paper\nauthor: Ada Lovelace\n---\n\nT.\n",
                      "3: author: unknown field: did you mean 'authors'? Otherwise remove it (allowed: title, "
                      "authors, author_count, authors_truncated, date, year_inferred, topics, arxiv_category, "
                      "arxiv, doi, score, upvotes, code, organisation, links, sources)"),
    "title with </script>": ("script-paper.md", "---\ntitle: Beating </script> Baselines\n---\n\nText.\n",
                             "2: title: contains HTML markup ('</script>'): write the title as plain text, "
                             "without tags; the site shows it exactly as written"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_each_bad_file_fails_the_workflow_with_its_exact_error(clone, kind):
    name, text, expected = BAD_FILES[kind]
    path = clone.root / "content" / "papers" / name
    before = snapshot(clone.root)
    path.write_text(text, "utf-8")
    try:
        with_bad_file = snapshot(clone.root)
        results = run_workflow(clone.root)
        assert len(results) == 1 and results[0].returncode == 1  # the check fails; the build never runs
        # The check prints GitHub annotations: the error lands on its line of the pull request's diff.
        line, field, message = expected.split(": ", 2)
        errors = [line for line in results[0].stdout.splitlines() if not line.startswith("::warning ")]
        assert errors == [f"::error file=content/papers/{name},line={line},title=papers check%3A {field}::{message}"]
        assert results[0].stderr.startswith("content: 1 errors, ")
        assert snapshot(clone.root) == with_bad_file  # the check changed nothing
    finally:
        path.unlink()
    assert snapshot(clone.root) == before
