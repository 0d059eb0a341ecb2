"""The Nu Html Checker (vnu.jar) finds no error in markup the project writes, on every page of the audit site.

Issue 14. One java process checks every HTML file of the audit site (tests/browser_support.audit_site) and,
where Chromium is installed, the DOM of each page type after its scripts ran (search results, copy buttons).
Errors that Material for MkDocs' own templates or scripts make are allowed only by exact message, one
entry each in UPSTREAM with its reason (README, "Checking the pages"); anything else fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import CHROMIUM, audit_site, launch, new_context, open_page, page_types, serve_site
from generator.normalise import find_links
from sitebuild import ROOT

VNU_JAR = ROOT / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


@dataclass(frozen=True)
class Upstream:
    """An error that comes from Material's templates or scripts, not from this project."""

    message: str  # a regular expression matched against vnu's whole message
    extract: str  # text that must appear in vnu's extract of the offending markup
    reason: str


UPSTREAM: list[Upstream] = []  # none since every template is ours and Material's JavaScript is not loaded
# Groups of pages, by where their file lies in site/; 'rendered' is a page type's DOM after its scripts ran.
GROUPS = ["home", "paper", "author", "all-authors", "topic", "all-topics", "year", "all-years", "search",
          "not-found", "rendered", "other"]


def group_of(relative: str) -> str:
    """The page group of a site-relative file name (or 'rendered/<type>.html')."""
    parts = relative.split("/")
    if parts[0] == "rendered":
        return "rendered"
    if relative == "index.html":
        return "home"
    if relative == "404.html":
        return "not-found"
    if parts[0] in ("authors", "topics", "years") and len(parts) == 2:
        return "all-" + parts[0]
    groups = {"papers": "paper", "authors": "author", "topics": "topic", "years": "year", "search": "search"}
    return groups.get(parts[0], "other")  # a page type added later is still checked, under 'other'


def render_page_types(site: Path, target: Path) -> list[Path]:
    """Each page type's DOM after its scripts ran, as HTML files (empty when Chromium is absent)."""
    if not CHROMIUM.exists():
        return []
    from playwright.sync_api import sync_playwright
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_site(site) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = new_context(browser, "desktop", "light").new_page()
        for kind, path in page_types(site).items():
            open_page(page, base_url, path)
            written.append(target / f"{kind}.html")
            written[-1].write_text("<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML"),
                                   encoding="utf-8")
        browser.close()
    return written


@pytest.fixture(scope="module")
def messages() -> Iterator[list[dict]]:
    """vnu's errors over every HTML file of the audit site and the rendered page types, from one java run."""
    if JAVA is None:
        pytest.skip("no java: `make vnu` installs default-jre-headless")
    if not VNU_JAR.exists():
        pytest.skip("vnu.jar is not installed: run `make vnu` (npm ci in tools/vnu)")
    site = audit_site()
    with tempfile.TemporaryDirectory(prefix="paper-archive-vnu-") as scratch:
        rendered = render_page_types(site, Path(scratch) / "rendered")
        files = sorted(site.rglob("*.html")) + rendered
        result = subprocess.run([JAVA, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always",
                                 *map(str, files)], capture_output=True, text=True, timeout=600)
        report = json.loads(result.stderr)
        for message in report["messages"]:
            path = Path(message.get("url", "").removeprefix("file:"))
            message["file"] = (path.relative_to(site) if path.is_relative_to(site)
                               else path.relative_to(Path(scratch))).as_posix()
        yield report["messages"], files, site


def upstream_reason(message: dict) -> str | None:
    """The allow-list entry that explains an error, if one does."""
    for entry in UPSTREAM:
        if re.fullmatch(entry.message, message["message"]) and entry.extract in message.get("extract", ""):
            return entry.reason
    return None


def test_every_group_has_pages(messages) -> None:
    _, files, site = messages
    found = {group_of(path.relative_to(site).as_posix() if path.is_relative_to(site) else "rendered/x")
             for path in files}
    expected = set(GROUPS) - {"other"} - (set() if CHROMIUM.exists() else {"rendered"})
    assert expected <= found


@pytest.mark.parametrize("group", GROUPS)
def test_no_errors_in_markup_the_project_writes(messages, group: str) -> None:
    if group == "rendered" and not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    found, _, _ = messages
    ours = [message for message in found if group_of(message["file"]) == group and not upstream_reason(message)]
    lines = [f"{message['file']}:{message.get('lastLine', '?')}: {message['message']}\n"
             f"    {' '.join(message.get('extract', '').split())[:160]}" for message in ours[:25]]
    assert not ours, f"{len(ours)} errors in {group} pages:\n" + "\n".join(lines)


def test_upstream_allow_list_is_current(messages) -> None:
    """An entry that no longer matches anything is stale: remove it (and its README line)."""
    found, _, _ = messages
    unused = [entry for entry in UPSTREAM if not any(
        re.fullmatch(entry.message, message["message"]) and entry.extract in message.get("extract", "")
        for message in found)]
    if not CHROMIUM.exists():
        unused = [entry for entry in unused if "rendered DOM" not in entry.reason]
    assert not unused, [entry.reason for entry in unused]


def test_links_found_in_abstracts_stop_where_a_url_must() -> None:
    """LaTeX in abstracts ('\\url{...}{Repo}') gave hrefs with '{' in them, which no browser or checker accepts."""
    text = (r"Code: https://github.com/a/b{Repo} and \href{https://x.org/p|q}{x}, https://y.org/c\d, "
            "https://z.org/e^f`g https://ok.org/path?a=1&b=2#frag.")
    assert find_links(text) == ["https://github.com/a/b", "https://x.org/p", "https://y.org/c", "https://z.org/e",
                                "https://ok.org/path?a=1&b=2#frag"]
