"""Deploy hygiene (generator/deploy.py): no site published without a public URL, with a local one, or over
1 GB; and the summary of what a pull request adds to the archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.deploy import StoreCounts, deploy_problems, is_local, store_counts, store_summary
from sitebuild import fixture_papers, fixture_site, write_store

URLSET = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>\n'


def built_site(root: Path, *locations: str, padding: int = 0) -> Path:
    """A minimal built site: index.html, a sitemap listing locations, and padding bytes of assets."""
    root.mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    (root / "sitemap.xml").write_text(URLSET.format("".join(f"<url><loc>{url}</loc></url>" for url in locations)),
                                      "utf-8")
    if padding:
        (root / "big.bin").write_bytes(b"\0" * padding)
    return root


@pytest.mark.parametrize(("url", "local"), [
    ("http://127.0.0.1:8000/", True), ("http://127.1.2.3/x/", True), ("http://localhost/", True),
    ("http://[::1]:8000/", True), ("http://0.0.0.0/", True), ("http://app.localhost/", True), ("/papers/", True),
    ("https://example.github.io/paper-archive/", False), ("https://10.0.0.1/", False),
    ("https://localhost.example.org/", False),
])
def test_local_addresses(url: str, local: bool) -> None:
    assert is_local(url) is local


def test_a_public_site_under_the_limit_is_published(tmp_path: Path) -> None:
    site = built_site(tmp_path / "site", "https://example.github.io/paper-archive/", padding=1000)
    assert deploy_problems(site, limit=10_000) == []
    result = CliRunner().invoke(main, ["deploy-check", str(site), "--max-bytes", "10000"])
    assert result.exit_code == 0 and "3 files, 0.0 MB" in result.output and "ready to publish" in result.output


def test_a_site_without_a_url_is_refused(tmp_path: Path) -> None:
    problems = deploy_problems(built_site(tmp_path / "site"))
    assert len(problems) == 1 and "without a site URL" in problems[0]


def test_the_fixture_site_built_for_127_0_0_1_is_refused_with_its_size_printed() -> None:
    result = CliRunner().invoke(main, ["deploy-check", str(fixture_site().site)])
    assert result.exit_code == 1
    assert "the site URL is local or not http(s): http://127.0.0.1:8000/archive/" in result.output
    assert "% of the 1,000 MB limit" in result.output and "ready to publish" not in result.output


def test_a_site_over_the_limit_is_refused(tmp_path: Path) -> None:
    site = built_site(tmp_path / "site", "https://example.org/", padding=20_000)
    (problem,) = deploy_problems(site, limit=10_000)
    assert "over the GitHub Pages limit" in problem


def test_a_missing_site_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["deploy-check", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "index.html is missing" in result.output


def test_the_summary_counts_what_the_pull_request_adds(tmp_path: Path) -> None:
    papers = fixture_papers()
    head = write_store(tmp_path / "head", papers)
    base = write_store(tmp_path / "base", {slug: paper for slug, paper in papers.items()
                                           if slug not in ("deep-learning", "vision-transformer")})
    before, after = store_counts(base), store_counts(head)
    assert after.papers - before.papers == 2
    assert after.authors - before.authors == 2  # Yoshua Bengio, Alexey Dosovitskiy; "Yann LeCun" = "yann lecun"
    assert after.pages > before.pages + 2 and after.author_pages >= before.author_pages
    assert store_counts(tmp_path / "no-store") == StoreCounts(0, 0, 0, 0)
    table = store_summary(before, after)
    assert "| papers | 4 | 6 | +2 |" in table
    result = CliRunner().invoke(main, ["store-summary", "--content", str(head), "--base", str(base)])
    assert result.exit_code == 0 and result.output == table
