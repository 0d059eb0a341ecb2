"""`papers check`: the bundled store is valid; every broken file is reported as file:line: field: message."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.check import check_store
from generator.cli import main


def write(content: Path, name: str, text: str) -> Path:
    path = content / "papers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_bundled_store_is_valid_and_complete(bundled_content):
    errors, _ = check_store(bundled_content)
    assert errors == []
    assert len(list((bundled_content / "papers").glob("*.md"))) == 154


def test_check_reports_every_problem_at_once(content_dir):
    write(content_dir, "good.md", "---\ntitle: Good\n---\n\nFine.\n")
    write(content_dir, "no-title.md", "---\nauthors: [Ada]\n---\n\nText.\n")
    write(content_dir, "Bad Name.md", "---\ntitle: Bad name\n---\n\nText.\n")
    write(content_dir, "dupe.md", "---\ntopics: [x]\ntitle: GOOD!\n---\n\nAgain.\n")
    write(content_dir, "future.md", "---\ntitle: Later\ndate: 2999-01-01\n---\n\nSoon.\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content_dir)])
    assert result.exit_code == 1
    papers = content_dir / "papers"
    assert f"{papers}/no-title.md:1: title: is missing or empty" in result.output
    assert f"{papers}/Bad Name.md:1: file name: 'Bad Name.md' is not a valid slug" in result.output
    assert f"{papers}/future.md:3: date: '2999-01-01' is in the future" in result.output
    assert f"{papers}/good.md:2: title: duplicate of {papers}/dupe.md" in result.output \
        or f"{papers}/dupe.md:3: title: duplicate of {papers}/good.md" in result.output


def test_check_passes_with_warnings_only(content_dir):
    write(content_dir, "empty-abstract.md", "---\ntitle: No abstract yet\n---\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content_dir)])
    assert result.exit_code == 0
    assert "warning:" in result.output and "abstract: is empty" in result.output
