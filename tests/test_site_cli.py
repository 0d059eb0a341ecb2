"""`papers build`: generates the docs tree, runs `mkdocs build --strict`, reports what it did."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from sitebuild import fixture_papers, write_store


def test_build_command_builds_the_site(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    args = ["build", "--content", str(content), "--docs-dir", str(tmp_path / "docs"),
            "--site-dir", str(tmp_path / "site"), "--site-url", "https://papers.example.org"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pages: ")
    assert f"site built in {tmp_path / 'site'}" in result.output
    assert (tmp_path / "site/papers/deep-learning/index.html").is_file()
    assert "https://papers.example.org/papers/deep-learning/" in (tmp_path / "site/sitemap.xml").read_text()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and again.output.startswith("pages: 0 written,")


def test_build_command_reports_an_invalid_store_without_traceback(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    (content / "papers/broken.md").write_text("---\ntitle: ''\ndate: 2999-01-01\n---\n")
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "docs"),
                                       "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 1
    assert "broken.md" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_build_command_has_help() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0 and "mkdocs build --strict" in result.output
