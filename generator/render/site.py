"""Gather the whole store into one consistent view (URLs, groups, order) before any page is written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Hashable, TypeVar

from ..models import Paper
from ..normalise import title_key
from ..site_url import normalise_site_url
from ..store import StoredPaper
from .. import names, normalise
from . import citation, identity, person_names, text
from .citation import bibtex_key
from .identity import Group, group_names, name_slug
from .previous import Previous

T = TypeVar("T")


@dataclass(frozen=True)
class SitePaper:
    """A paper with its place in the site."""

    slug: str
    paper: Paper
    source_path: Path

    @property
    def url(self) -> str:
        """Site-relative URL of the paper page."""
        return f"papers/{self.slug}/"

    @property
    def doc_path(self) -> str:
        """Path of the generated Markdown page inside the docs tree."""
        return f"papers/{self.slug}.md"


@dataclass
class Site:
    """Everything the pages need, computed once: papers newest first, authors, topics, years."""

    papers: list[SitePaper]
    authors: dict[str, Group]
    topics: dict[str, Group]
    years: dict[str, list[str]]
    listings: list[str]
    site_url: str  # the public URL with a trailing slash, or "" when none is configured (pages then carry none)
    related: dict[str, list[str]] = field(default_factory=dict)  # slug -> related slugs (generator/related/)
    digests: dict[str, str] = field(default_factory=dict)  # slug -> digest of its file (render/unit_keys.py)
    cache_dir: Path | None = None  # where the search index keeps each paper's terms between builds (search/)
    previous: Previous = field(default_factory=Previous)  # what this run may reuse of the last (previous.py)
    keys: dict[str, PaperKeys] = field(default_factory=dict)  # slug -> paper_keys, for every paper

    def memo(self, table: str, key: Hashable, compute: Callable[[], T]) -> T:
        """A value computed once per site (a paper's BibTeX is on its page, its export and every group file)."""
        values = self._memo.setdefault(table, {})
        if key not in values:
            values[key] = compute()
        return values[key]

    def forget_memos(self) -> None:
        """Drop every memoised value (what the paper and group pages shared: ~100 MB at 50,000 papers), so the
        whole-store outputs that come after reuse that memory."""
        self._memo.clear()

    def paper(self, slug: str) -> SitePaper:
        """The paper with this slug."""
        return self._by_slug[slug]

    def __post_init__(self) -> None:
        self._by_slug = {item.slug: item for item in self.papers}
        self._memo: dict[str, dict[Hashable, Any]] = {}

    def public_url(self, url: str) -> str | None:
        """The public absolute URL of a site-relative one, or None when no site URL is set: no URL beats a wrong one."""
        return self.site_url + url if self.site_url else None


def newest_first(papers: list[SitePaper], keys: dict[str, PaperKeys]) -> list[SitePaper]:
    """Deterministic order: newest date first, undated last, then by title and slug (two stable passes)."""
    ordered = sorted(papers, key=lambda item: (keys[item.slug][0], item.slug))
    return sorted(ordered, key=lambda item: item.paper.date or "", reverse=True)


# What the site derives from one paper alone: its title's sort key, its authors' and topics' slugs, and the
# citation key it would have without a clash (cite_files.citation_keys adds a, b, c... to clashing ones).
PaperKeys = tuple[str, tuple[str, ...], tuple[str, ...], str]
# Changes whenever that derivation may: the code of title_key/name_slug/bibtex_key and python-slugify's version.
KEYS_VERSION = hashlib.sha256(b"".join(Path(module.__file__).read_bytes()
                                       for module in (normalise, identity, citation, person_names, names, text))
                              + version("python-slugify").encode()).hexdigest()[:16]


def paper_keys(slug: str, paper: Paper) -> PaperKeys:
    """A paper's sort, group and citation keys (parse_cache.py keeps them with the parsed paper)."""
    return (title_key(paper.title), tuple(name_slug(name, "author") for name in paper.authors),
            tuple(name_slug(name, "topic") for name in paper.topics), bibtex_key(slug, paper))


def author_url(slug: str) -> str:
    """Site-relative URL of an author page."""
    return f"authors/{slug}/"


def topic_url(slug: str) -> str:
    """Site-relative URL of a topic page."""
    return f"topics/{slug}/"


def year_url(year: str) -> str:
    """Site-relative URL of a year page."""
    return f"years/{year}/"


@dataclass(frozen=True)
class SiteGroup:
    """An author, topic or year page: kind, URL key, display name and its papers (newest first)."""

    kind: str
    key: str
    name: str
    papers: list[str]


def site_groups(site: Site) -> list[SiteGroup]:
    """Every author, topic and year page of the site."""
    groups = [SiteGroup(kind, slug, group.name, list(group.papers))
              for kind, named in (("author", site.authors), ("topic", site.topics)) for slug, group in named.items()]
    return groups + [SiteGroup("year", year, year, slugs) for year, slugs in site.years.items()]


def gather_site(stored: list[StoredPaper], site_url: str | None, digests: dict[str, str] | None = None,
                cache_dir: Path | None = None, keys: dict[str, PaperKeys] | None = None) -> Site:
    """Build the site view of a loaded store (`keys`: paper_keys of some or all papers, from the parse cache)."""
    known = dict(keys) if keys else {}
    for item in stored:
        if item.slug not in known:
            known[item.slug] = paper_keys(item.slug, item.paper)
    papers = newest_first([SitePaper(item.slug, item.paper, item.path) for item in stored], known)
    authors = group_names([(item.slug, item.paper.authors) for item in papers], "author",
                          [known[item.slug][1] for item in papers])
    topics = group_names([(item.slug, item.paper.topics) for item in papers], "topic",
                         [known[item.slug][2] for item in papers])
    years: dict[str, list[str]] = {}
    for item in papers:
        if item.paper.year:
            years.setdefault(str(item.paper.year), []).append(item.slug)
    listings = sorted({source.listing for item in papers for source in item.paper.sources})
    return Site(papers, authors, topics, years, listings, normalise_site_url(site_url), digests=digests or {},
                cache_dir=cache_dir, keys=known)
