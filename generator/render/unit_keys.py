"""What each rendering unit reads, as a key: when the key is unchanged, its files are too (see units.py).

A paper page reads its own file, its site-wide citation key and its related papers (shown by title
and authors). A group page (author, topic, year) reads its display name and its papers, with their
citation keys (bulk exports); an author page also shows its co-authors by their display names, which
depend on other papers, so author keys include a digest of every author's display name.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

from .cite_files import citation_keys
from .site import Site, SiteGroup, SitePaper
from .units import unit_key


class UnitKeys:
    """The keys of a site's units."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.citation_keys = citation_keys(site)

    def digest(self, slug: str) -> str:
        """The paper file's digest; without one (a site built in memory), a digest of the parsed paper."""
        known = self.site.digests.get(slug)
        return known if known is not None else unit_key(repr(self.site.paper(slug).paper))

    @cached_property
    def author_names(self) -> str:
        """A digest of every author's display name (co-author lists show them)."""
        names = "\n".join(f"{slug}\0{group.name}" for slug, group in self.site.authors.items())
        return hashlib.blake2b(names.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def paper(self, item: SitePaper) -> str:
        """Key of a paper page and its citation files."""
        related = tuple((slug, self.digest(slug)) for slug in self.site.related.get(item.slug, []))
        return unit_key(item.slug, self.digest(item.slug), self.citation_keys[item.slug], related)

    def group(self, group: SiteGroup) -> str:
        """Key of an author, topic or year page with its exports and feeds."""
        papers = tuple((slug, self.digest(slug), self.citation_keys[slug]) for slug in group.papers)
        names = self.author_names if group.kind == "author" else ""
        return unit_key(group.kind, group.key, group.name, papers, names)
