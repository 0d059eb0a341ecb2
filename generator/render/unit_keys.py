"""What each rendering unit reads, as a key: when the key is unchanged, its files are too (see units.py).

A paper page reads its own file, its site-wide citation key and its related papers (shown by title
and authors). A group page (author, topic, year) reads its display name and its papers, with their
citation keys (bulk exports); an author page also shows its co-authors by their display names, which
depend on other papers, so author keys include a digest of every author's display name.

Each paper's part of a key (slug, file digest, citation key) is one line, made once: a 50,000-paper
archive has ~500,000 paper places in its groups, and every run keys them all.
"""

from __future__ import annotations

import hashlib
from functools import cached_property

from .cite_files import citation_keys
from .site import Site, SiteGroup, SitePaper
from .units import unit_key


def lines_key(lines: list[str]) -> str:
    """A digest of lines in their order."""
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class UnitKeys:
    """The keys of a site's units."""

    def __init__(self, site: Site) -> None:
        self.site = site
        keys = citation_keys(site)
        self.lines = {item.slug: f"{item.slug}\0{self.digest(item.slug)}\0{keys[item.slug]}" for item in site.papers}

    def digest(self, slug: str) -> str:
        """The paper file's digest; without one (a site built in memory), a digest of the parsed paper."""
        known = self.site.digests.get(slug)
        return known if known is not None else unit_key(repr(self.site.paper(slug).paper))

    @cached_property
    def author_names(self) -> str:
        """A digest of every author's display name (co-author lists show them), in slug order: the authors' own
        order follows the papers', which a new title or date changes."""
        return lines_key(sorted(f"{slug}\0{group.name}" for slug, group in self.site.authors.items()))

    def paper(self, item: SitePaper) -> str:
        """Key of a paper page: its paper and its related papers."""
        related = self.site.related.get(item.slug, [])
        return lines_key([self.lines[item.slug], *map(self.lines.__getitem__, related)])

    def group(self, group: SiteGroup) -> str:
        """Key of an author, topic or year page with its exports and feeds."""
        names = self.author_names if group.kind == "author" else ""
        return unit_key(group.kind, group.key, group.name, lines_key(list(map(self.lines.__getitem__, group.papers))),
                        names)
