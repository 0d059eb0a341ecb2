"""Every sitemap the site publishes is valid against the sitemaps.org schemas (vendored in tests/schemas/)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sitebuild import SITE_URL, fixture_site
from sitemaps import NAMESPACE, published_sitemaps, sitemap_problems, site_sitemap_problems


def test_every_published_sitemap_is_valid() -> None:
    site = fixture_site().site
    found = {path.relative_to(site).as_posix() for path in published_sitemaps(site)}
    assert {"sitemap.xml", "sitemap.xml.gz", "feeds/sitemap.xml"} <= found
    assert site_sitemap_problems(site) == []


def test_the_feeds_folder_sitemap_is_an_index_naming_the_site_sitemap() -> None:
    """mkdocs-material fetches feeds/sitemap.xml beside every feed link: it must exist, and be a valid sitemap."""
    site = fixture_site().site
    root = etree.parse(str(site / "feeds/sitemap.xml")).getroot()
    assert root.tag == f"{NAMESPACE}sitemapindex"
    assert [loc.text for loc in root.iter(f"{NAMESPACE}loc")] == [SITE_URL + "sitemap.xml"]
    assert (site / "sitemap.xml").is_file()


def test_the_validator_rejects_what_the_schema_rejects(tmp_path: Path) -> None:
    """The check is real: an empty file, an empty <urlset> (the old feeds/sitemap.xml) and a relative URL fail."""
    urlset = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>')
    cases = {"empty-file": "", "empty-urlset": urlset.format(""),
             "relative": urlset.format("<url><loc>/papers/x/</loc></url>"),
             "bad-date": urlset.format("<url><loc>https://example.org/</loc><lastmod>May 2024</lastmod></url>"),
             "good": urlset.format("<url><loc>https://example.org/</loc><lastmod>2024-05-17</lastmod></url>")}
    problems = {}
    for name, text in cases.items():
        path = tmp_path / name / "sitemap.xml"
        path.parent.mkdir()
        path.write_text(text, "utf-8")
        problems[name] = sitemap_problems(path)
    assert [name for name, found in problems.items() if not found] == ["good"]
    assert sitemap_problems(tmp_path / "empty-urlset/sitemap.xml", allow_empty=True) == []
    assert site_sitemap_problems(tmp_path / "nowhere") == []  # a site publishing no sitemap has none to fail
