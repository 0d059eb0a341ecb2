"""The same commit builds the same site: two checkouts in different folders, built at different times and in
different time zones, give byte-identical sites (the bundled store, with a public URL so the sitemap is full)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import snapshot

ROOT = Path(__file__).resolve().parent.parent
COMMIT_DATE = "2025-12-30T12:00:00+00:00"  # the checkout's commit: what the sitemap's <lastmod> must say
SITE_URL = "https://example.org/archive/"


# What a fresh clone would not have (built output, caches, venv); git is not asked, since CI's container may
# not own the checkout it runs in.
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "__pycache__", ".pytest_cache", ".hypothesis",
                                    "test-artifacts", "*.egg-info", ".lock", ".journal*", ".paper-archive-cache",
                                    ".base")


def checkout(destination: Path) -> Path:
    """This working tree's files as a fresh git repository with one commit, dated COMMIT_DATE."""
    shutil.copytree(ROOT, destination, ignore=NOT_COPIED)
    for leftover in (destination / "generated-docs").iterdir():
        if leftover.name != ".gitignore":  # committed empty; a local build's pages are not part of a commit
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    dated = os.environ | {"GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
    for command in (["init", "-q"], ["add", "-A"],
                    ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *command], cwd=destination, env=dated, check=True, capture_output=True)
    return destination


def build(repository: Path, timezone: str) -> dict[str, bytes]:
    """`papers build` run from the checkout itself (its generator, hooks and mkdocs.yml): the site's files."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PAPER_ARCHIVE_") and key != "SOURCE_DATE_EPOCH"}
    environment |= {"TZ": timezone, "PYTHONPATH": str(repository), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--site-url", SITE_URL], cwd=repository,
                            env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return snapshot(repository / "site")


def test_two_checkouts_built_apart_give_identical_sites(tmp_path: Path) -> None:
    first = build(checkout(tmp_path / "one" / "paper-archive"), "UTC")
    second = build(checkout(tmp_path / "elsewhere" / "clone"), "Pacific/Kiritimati")  # UTC+14: another day
    assert len(first) > 500 and sorted(first) == sorted(second)
    different = [path for path in first if first[path] != second[path]]
    assert different == [], different[:10]
    lastmods = set(re.findall(rb"<lastmod>([^<]*)</lastmod>", first["sitemap.xml"]))
    assert lastmods == {b"2025-12-30"}  # the commit's date, not the day of the build
    assert not any(str(tmp_path).encode() in content for content in first.values())  # no build folder leaks
