"""Validate a built site's sitemaps against the sitemaps.org schemas (tests/schemas/*.xsd, offline)."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SCHEMA_OF_ROOT = {f"{NAMESPACE}urlset": "sitemap.xsd", f"{NAMESPACE}sitemapindex": "siteindex.xsd"}


@cache
def schema(name: str) -> etree.XMLSchema:
    """One of the vendored sitemaps.org schemas, parsed once."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def published_sitemaps(site: Path) -> list[Path]:
    """Every sitemap file in a site: sitemap.xml (and its .gz copy) at the root and in any folder."""
    return sorted(path for pattern in ("sitemap*.xml", "sitemap*.xml.gz") for path in site.rglob(pattern))


def sitemap_problems(path: Path, *, allow_empty: bool = False) -> list[str]:
    """Why a sitemap file fails the sitemaps.org schema; [] when valid.

    allow_empty: accept a <urlset> with no <url>, which the schema rejects (it wants one or more) but
    which is all a build without an absolute site URL can publish, since a sitemap names full URLs only.
    """
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        document = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"{path}: not well-formed XML: {error}"]
    if document.tag not in SCHEMA_OF_ROOT:
        return [f"{path}: root element {document.tag} is neither a sitemaps.org urlset nor a sitemapindex"]
    empty = document.tag == f"{NAMESPACE}urlset" and len(document) == 0 and not (document.text or "").strip()
    if allow_empty and empty:
        return []
    validator = schema(SCHEMA_OF_ROOT[document.tag])
    if validator.validate(etree.ElementTree(document)):
        return []
    return [f"{path}:{error.line}: {error.message}" for error in validator.error_log]


def site_sitemap_problems(site: Path, *, allow_empty: bool = False) -> list[str]:
    """Every schema problem of every sitemap the site publishes (none published is no problem)."""
    return [problem for path in published_sitemaps(site) for problem in sitemap_problems(path, allow_empty=allow_empty)]
