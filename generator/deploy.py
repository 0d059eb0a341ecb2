"""Checks before publishing, and what a pull request adds: the deploy must fail rather than publish a wrong site.

`papers deploy-check` reads the built site itself (not the settings that should have made it): the sitemap
must list absolute URLs under a public address, never a missing or local one, and the whole site must fit
GitHub Pages' 1 GB limit. `papers store-summary` compares a pull request's store with its base branch's by
rendering both into docs trees (Markdown only, no MkDocs), so it counts the pages the site would gain.
"""

from __future__ import annotations

import ipaddress
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

PAGES_LIMIT_BYTES = 1_000_000_000  # GitHub Pages: "published sites may be no larger than 1 GB"
LOCAL_HOSTS = {"localhost", "localhost.localdomain", "ip6-localhost"}
LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>")


def site_size(site_dir: Path) -> tuple[int, int]:
    """(files, bytes) of a built site."""
    sizes = [path.stat().st_size for path in site_dir.rglob("*") if path.is_file()]
    return len(sizes), sum(sizes)


def is_local(url: str) -> bool:
    """True for an address only this machine can open (localhost, 127.0.0.0/8, ::1, 0.0.0.0) or no host."""
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if not host or host in LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def deploy_problems(site_dir: Path, limit: int = PAGES_LIMIT_BYTES) -> list[str]:
    """Why the built site must not be published (empty: publish)."""
    if not (site_dir / "index.html").is_file():
        return [f"{site_dir}/index.html is missing: build the site first"]
    problems = []
    sitemap = site_dir / "sitemap.xml"
    locations = [match.decode("utf-8", "replace") for match in LOC.findall(sitemap.read_bytes())] \
        if sitemap.is_file() else []
    if not locations:
        problems.append("the site was built without a site URL (sitemap.xml lists no page): set site_url in "
                        "mkdocs.yml or pass SITE_URL")
    local = sorted({url for url in locations if is_local(url) or urlsplit(url).scheme not in ("http", "https")})
    if local:
        problems.append(f"the site URL is local or not http(s): {local[0]} (and {len(local) - 1} more)")
    files, size = site_size(site_dir)
    if size > limit:
        problems.append(f"the site is {size / 1e6:,.1f} MB, over the GitHub Pages limit of {limit / 1e6:,.0f} MB")
    return problems


def size_line(site_dir: Path, limit: int = PAGES_LIMIT_BYTES) -> str:
    """One line for the deploy log: files, size, share of the limit."""
    files, size = site_size(site_dir)
    return f"{site_dir}: {files:,} files, {size / 1e6:,.1f} MB ({100 * size / limit:.1f}% of the {limit / 1e6:,.0f} MB limit)"


@dataclass(frozen=True)
class StoreCounts:
    """What a store puts on the site: papers, distinct author names, author pages, pages."""

    papers: int
    authors: int
    author_pages: int
    pages: int


def store_counts(content_dir: Path) -> StoreCounts:
    """Render a store's docs tree into a temporary folder and count its pages (no related papers: faster,
    the same pages). A missing or empty store (a base branch before the first paper) counts zero."""
    from .render import generate_docs
    from .store import load_store

    if not any((content_dir / "papers").glob("*.md")):
        return StoreCounts(0, 0, 0, 0)
    authors = {name.casefold() for stored in load_store(content_dir) for name in stored.paper.authors}
    with tempfile.TemporaryDirectory(prefix="paper-archive-count-") as work:
        docs = Path(work) / "docs"
        generate_docs(content_dir, docs, "", related="off", cache_dir=Path(work) / "cache")
        pages = [path.relative_to(docs).parts for path in docs.rglob("*.md")]
    return StoreCounts(papers=sum(1 for parts in pages if parts[0] == "papers" and parts[-1] != "index.md"),
                       authors=len(authors),
                       author_pages=sum(1 for parts in pages if parts[0] == "authors" and parts[-1] != "index.md"),
                       pages=len(pages))


def store_summary(base: StoreCounts, head: StoreCounts) -> str:
    """Markdown for a check summary: what the pull request adds (or removes) to the site."""
    def change(before: int, after: int) -> str:
        return f"{after - before:+,}"

    rows = [("papers", base.papers, head.papers), ("authors (distinct names)", base.authors, head.authors),
            ("author pages", base.author_pages, head.author_pages), ("site pages", base.pages, head.pages)]
    lines = ["### What this pull request adds to the archive", "",
             "| | base branch | this pull request | change |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {before:,} | {after:,} | {change(before, after)} |" for name, before, after in rows]
    return "\n".join(lines) + "\n"
