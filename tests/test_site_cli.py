"""`papers build`: generates the docs tree, runs `mkdocs build --strict`, reports what it did."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from sitebuild import fixture_papers, write_store


def test_build_command_builds_the_site(tmp_path: Path) -> None:
    args = fixture_build(tmp_path)[2] + ["--site-url", "https://papers.example.org"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pages: ")
    assert f"site built in {tmp_path / 'site'}" in result.output
    assert "make preview" in result.output and "then open http://127.0.0.1:8000/" in result.output
    assert "index.html" not in result.output  # opened from disk, links and search break
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


def fixture_build(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    """The fixture store written under tmp_path, its site folder, and the `papers build` arguments for both."""
    content = write_store(tmp_path / "content", fixture_papers())
    site = tmp_path / "site"
    return content, site, ["build", "--content", str(content), "--docs-dir", str(tmp_path / "docs"), "--site-dir", str(site)]


def test_rebuilds_skip_mkdocs_or_render_only_changed_pages_and_stay_correct(tmp_path: Path) -> None:
    from generator.store import render_paper

    content, site, args = fixture_build(tmp_path)
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "(full)" in first.output, first.output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "(unchanged)" in again.output
    paper = fixture_papers()["deep-learning"]
    paper.abstract = "A freshly edited abstract about quokkas."
    (content / "papers/deep-learning.md").write_text(render_paper(paper))
    edited = CliRunner().invoke(main, args)
    assert edited.exit_code == 0 and "(narrowed)" in edited.output  # MkDocs gets the changed files alone
    assert "quokkas" in (site / "papers/deep-learning/index.html").read_text()
    assert any("quokkas" in path.read_text() for path in (site / "search-index/docs").rglob("*.json"))
    index_files = lambda root: {path.relative_to(root) for path in root.rglob("*") if path.is_file()}  # noqa: E731
    assert index_files(site / "search-index") == index_files(tmp_path / "docs/search-index")  # emptied shards gone too
    (content / "papers/xss.md").unlink()
    removed = CliRunner().invoke(main, args)
    assert removed.exit_code == 0 and "(narrowed)" in removed.output  # the narrowed build deletes its page
    assert not (site / "papers/xss").exists() and (site / "papers/deep-learning/index.html").is_file()


def test_a_docs_tree_regenerated_in_between_is_built(tmp_path: Path) -> None:
    """`mkdocs serve` regenerates the same docs tree for its own site folder: the next `papers build` finds
    nothing to generate, but its site is behind that tree and must be built (it said "unchanged")."""
    from generator.render import generate_docs
    from generator.store import render_paper

    content, site, args = fixture_build(tmp_path)
    assert "(full)" in CliRunner().invoke(main, args).output
    paper = fixture_papers()["deep-learning"]
    paper.abstract = "Edited while mkdocs serve was running, about wombats."
    (content / "papers/deep-learning.md").write_text(render_paper(paper))
    generate_docs(content, tmp_path / "docs", "")  # what the serve hook does (its site URL: none here either)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "pages: 0 written," in again.output, again.output
    assert "(unchanged)" not in again.output
    assert "wombats" in (site / "papers/deep-learning/index.html").read_text()
    assert "(unchanged)" in CliRunner().invoke(main, args).output


def test_a_hook_or_switch_change_forces_a_full_mkdocs_build(tmp_path: Path) -> None:
    """A dirty build cannot see that a hook or its PAPER_ARCHIVE_* switch changed: the fingerprint must."""
    from generator.build import CONFIG_FILE, build_fingerprint

    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG_FILE.read_text("utf-8"), "utf-8")
    (tmp_path / "hooks").mkdir()
    hook = tmp_path / "hooks" / "compact_html.py"
    hook.write_text("# one version\n", "utf-8")
    environment = {"PAPER_ARCHIVE_SITE_URL": "http://example.org/", "PAPER_ARCHIVE_SITE_DIR": "a"}
    first = build_fingerprint(config, environment)
    assert build_fingerprint(config, {**environment, "PAPER_ARCHIVE_SITE_DIR": "b"}) == first  # where, not what
    assert build_fingerprint(config, {**environment, "PAPER_ARCHIVE_COMPACT_HTML": "0"}) != first
    hook.write_text("# another version\n", "utf-8")
    assert build_fingerprint(config, environment) != first


def test_build_state_stays_out_of_the_published_site(tmp_path: Path) -> None:
    """The build stamp lives in the cache: site/ holds only what readers fetch, and rebuilds stay incremental."""
    content, site, args = fixture_build(tmp_path)
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and "(full)" in first.output, first.output
    hidden = [path for path in site.rglob("*") if any(part.startswith(".") for part in path.relative_to(site).parts)]
    assert hidden == []  # was site/.paper-archive-build, uploaded to Pages with the site
    from generator.build import LEGACY_STAMP, build_stamp_path

    stamp = build_stamp_path(tmp_path / ".paper-archive-cache", site)
    assert stamp.is_file() and stamp.parent == tmp_path / ".paper-archive-cache"
    assert "(unchanged)" in CliRunner().invoke(main, args).output
    (site / LEGACY_STAMP).write_text("stamp of an older build")  # MkDocs' clean build keeps dotfiles
    CliRunner().invoke(main, args)
    assert not (site / LEGACY_STAMP).exists()
    shutil.rmtree(site)  # `make clean`: the stamp outside must not vouch for a site that is gone
    rebuilt = CliRunner().invoke(main, args)
    assert rebuilt.exit_code == 0 and "(full)" in rebuilt.output, rebuilt.output
    assert (site / "papers/deep-learning/index.html").is_file()
    assert "(unchanged)" in CliRunner().invoke(main, args).output


def test_a_plain_mkdocs_build_forgets_the_stamp_of_its_site_folder(tmp_path: Path, monkeypatch) -> None:
    """`mkdocs build` (maybe with another site_url) writes site/ without `papers build` knowing: next one is full."""
    import importlib.util
    from types import SimpleNamespace

    from generator.build import ROOT, build_stamp_path

    spec = importlib.util.spec_from_file_location("generate_hook", ROOT / "hooks/generate.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    from generator.render import SyncReport

    monkeypatch.setattr(hook, "generate_docs", lambda *args, **kwargs: SyncReport())
    monkeypatch.delenv("PAPER_ARCHIVE_SKIP_GENERATE", raising=False)
    monkeypatch.setenv("PAPER_ARCHIVE_CONTENT_DIR", str(tmp_path / "content"))
    stamp = build_stamp_path(tmp_path / ".paper-archive-cache", tmp_path / "site")
    stamp.parent.mkdir()
    stamp.write_text("{}")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(tmp_path / "docs"),
                             site_dir=str(tmp_path / "site"), site_url="https://example.org/")
    monkeypatch.setenv("PAPER_ARCHIVE_SKIP_GENERATE", "1")  # `papers build` itself: the stamp is its own
    hook.on_pre_build(config)
    assert stamp.exists()
    monkeypatch.delenv("PAPER_ARCHIVE_SKIP_GENERATE")
    hook.on_pre_build(config)
    assert not stamp.exists()
