"""Author and topic identity: two spellings that slugify alike are one page (as in pelican)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from slugify import slugify

from ..normalise import short_hash


@lru_cache(maxsize=None)  # python-slugify costs ~0.1 ms a call, and a big archive names each author many times
def name_slug(name: str, prefix: str) -> str:
    """The URL slug that *is* a name's identity; never empty (falls back to a hash of the name)."""
    slug = slugify(name, max_length=80, word_boundary=True, save_order=True)
    if slug == "index" or (prefix == "author" and len(slug) == 1):  # would collide with the all-authors/
        return f"{slug}-{prefix}"  # all-topics page, or an initial's page of the all-authors list (authors/a/)
    return slug or f"{prefix}-{short_hash(name.casefold())}"


@dataclass
class Group:
    """One author, topic or year page: its identity, display name and the papers on it."""

    slug: str
    spellings: list[str] = field(default_factory=list)  # each carrying of the name, as spelled there
    papers: dict[str, None] = field(default_factory=dict)  # paper slugs, ordered, without repeats

    @cached_property
    def name(self) -> str:
        """The most common spelling; ties go to the alphabetically first, so output is stable. (Read once the
        group is complete: group_names builds it whole.) Counted only when spellings differ: most names have
        one, and a Counter per name was a fifth of gathering a 50,000-paper site."""
        first = self.spellings[0]
        if self.spellings.count(first) == len(self.spellings):
            return first
        return min(Counter(self.spellings).items(), key=lambda item: (-item[1], item[0]))[0]


def group_names(named: list[tuple[str, list[str]]], prefix: str,
                known: list[tuple[str, ...] | None] | None = None) -> dict[str, Group]:
    """Group (paper_slug, names) pairs by name identity: slug -> Group, in first-seen order (a paper is listed
    once however often it carries a name; each carrying counts as a spelling).

    known: each pair's name slugs when already computed (the parse cache keeps them), else None."""
    spellings: dict[str, list[str]] = {}
    papers: dict[str, dict[str, None]] = {}
    for number, (paper_slug, names) in enumerate(named):
        slugs = known[number] if known is not None else None
        for position, name in enumerate(names):
            slug = slugs[position] if slugs is not None else name_slug(name, prefix)
            found = spellings.get(slug)
            if found is None:
                spellings[slug], papers[slug] = [name.strip()], {paper_slug: None}
            else:
                found.append(name.strip())
                papers[slug][paper_slug] = None
    return {slug: Group(slug, spelled, papers[slug]) for slug, spelled in spellings.items()}
