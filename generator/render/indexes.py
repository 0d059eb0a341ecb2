"""Index pages: one paginated list per author, topic and year (by date, and by upvotes where that differs),
the all-authors (split by initial), all-topics and all-years directories (the home page: home.py)."""

from __future__ import annotations

from typing import Any

from .document import markdown_document
from .entries import paper_entry
from .features import group_export_links, listing_features
from .group_feeds import group_feed_paths
from .home import home_page
from .identity import Group
from .pages import escaped_title
from .paging import NAMES_PER_PAGE, PAPERS_PER_PAGE, PageSequence, counted, pagination, split_pages
from .site import Site, SiteGroup, SitePaper, author_url, topic_url, year_url
from .text import clean_text
from .units import unit_key

SORTS = (("date", "Newest"), ("upvotes", "Most upvoted"))
OTHER_INITIAL = "0"  # authors/0/: names whose slug starts with a digit (single-character author slugs are reserved)


def popularity(item: SitePaper) -> tuple[float, float]:
    """Sort key of the upvotes order: most upvotes first, then highest score; papers with neither last."""
    paper = item.paper
    return (-(paper.upvotes if paper.upvotes is not None else -1), -(paper.score if paper.score is not None else -1))


def sortable(papers: list[SitePaper]) -> bool:
    """Whether a group gets an upvotes order: more than one paper and any upvotes or score to sort by."""
    return len(papers) > 1 and any(item.paper.upvotes is not None or item.paper.score is not None for item in papers)


def group_sequence(group: SiteGroup, sort: str) -> PageSequence:
    """Where a group's pages in one order live: `topics/<slug>/` (date) or `topics/<slug>/upvotes/`."""
    folder = f"{group.kind}s/{group.key}"
    if sort == "date":
        return PageSequence(f"{folder}.md", folder)
    return PageSequence(f"{folder}/upvotes.md", f"{folder}/upvotes")


def page_features(site: Site, group: SiteGroup, first: bool, papers: list[str]) -> dict[str, Any]:
    """Trend and co-authors on the first page by date only; exports and feeds (per group) on every page."""
    if first:
        data = listing_features(site, group)
    else:
        data = {"exports": group_export_links(group.kind, group.key)}
        if group.kind != "year":
            data["feeds"] = group_feed_paths(group.kind, group.key)
    exports = data.get("exports")
    if exports and exports.get("assembled") and len(papers) > PAPERS_PER_PAGE:
        # paper-exports.js assembles the bulk file from every paper of the author, not only this page's
        data["exports"] = {**exports, "papers": paper_list_path(group)}
    return data


def paper_list_path(group: SiteGroup) -> str:
    """The slugs of a multi-page author's papers, one a line, beside the page: what paper-exports.js joins.

    A file, not an attribute on every page: a prolific author's list is ~60 bytes a paper, on each of its pages."""
    return f"{group.kind}s/{group.key}/papers.txt"


def group_pages(site: Site, group: SiteGroup) -> dict[str, str]:
    """Every page of an author, topic or year: its papers newest first, and by upvotes when sortable.

    A group that fits on one page gets no static upvotes copy: each entry carries its rank in that order
    (`data-rank`) and paper-list-sort.js reorders the page in the browser. Longer groups keep the static
    `upvotes/` sequence, since a page of the upvotes order holds papers other pages of the date order do not.
    """
    items = [site.paper(slug) for slug in group.papers]
    orders = {"date": items}
    ranks: dict[str, int] = {}
    if sortable(items):
        by_upvotes = sorted(items, key=popularity)  # stable: ties stay newest first
        if len(items) > PAPERS_PER_PAGE:
            orders["upvotes"] = by_upvotes
        else:
            ranks = {item.slug: rank for rank, item in enumerate(by_upvotes, 1)}
    sequences = {sort: group_sequence(group, sort) for sort in orders}
    skip_topic = group.key if group.kind == "topic" else ""
    pages: dict[str, str] = {}
    for sort, ordered in orders.items():
        chunks = split_pages(ordered, PAPERS_PER_PAGE)
        sequence = sequences[sort]
        for number, chunk in enumerate(chunks, 1):
            render = lambda sort=sort, number=number, chunk=chunk, count=len(chunks): listing_page(  # noqa: E731
                site, group, sequences, sort, number, count, chunk, len(items), skip_topic, ranks)
            if sort == "date" and number == 1:  # the trend and co-authors read every paper of the group
                pages[sequence.doc(number)] = render()
                continue
            key = unit_key(group.kind, group.key, group.name, sort, sorted(sequences), number, len(chunks), len(items),
                           [(item.slug, site.digests.get(item.slug) or repr(item.paper)) for item in chunk])
            pages[sequence.doc(number)] = site.previous.page(sequence.doc(number), key, render)
    if group.kind == "author" and len(items) > PAPERS_PER_PAGE:
        pages[paper_list_path(group)] = "".join(f"{slug}\n" for slug in group.papers)
    return pages


def listing_page(site: Site, group: SiteGroup, sequences: dict[str, PageSequence], sort: str, number: int,
                 count: int, chunk: list[SitePaper], total: int, skip_topic: str, ranks: dict[str, int]) -> str:
    """One listing page of a group: page `number` of `count` in one order (what group_pages keys and reuses)."""
    sorts = [{"label": label, "url": sequences[key].url(1), "current": key == sort}
             for key, label in SORTS if key in sequences] if len(sequences) > 1 else []
    listing = {"kind": group.kind, "heading": clean_text(group.name), "count": total,
               "count_text": counted(total, "paper"), "sort": sort, "sorts": sorts, "sort_in_page": bool(ranks) or None,
               "first": (number - 1) * PAPERS_PER_PAGE + 1, "last": (number - 1) * PAPERS_PER_PAGE + len(chunk),
               "pagination": pagination(sequences[sort], number, count),
               "papers": [ranked(paper_entry(item, skip_topic), ranks.get(item.slug)) for item in chunk]}
    notes = (["most upvoted"] if sort == "upvotes" else []) + ([f"page {number} of {count}"] if number > 1 else [])
    suffix = f" ({', '.join(notes)})" if notes else ""  # "2023 (most upvoted, page 9 of 30)"
    meta = {"template": "listing.html", "title": escaped_title(group.name) + suffix,
            "listing": {key: value for key, value in listing.items() if value not in (None, [])},
            "features": page_features(site, group, sort == "date" and number == 1, group.papers)}
    return markdown_document(meta)


def ranked(entry: dict[str, Any], rank: int | None) -> dict[str, Any]:
    """An entry with its place in the upvotes order, which the in-page sort control reads (`data-rank`)."""
    return {**entry, "rank": rank} if rank else entry


def group_entries(groups: dict[str, Group], url: Any) -> list[dict[str, Any]]:
    """Directory entries for authors or topics, alphabetical by display name, each with its initial."""
    entries = [{"name": clean_text(group.name), "url": url(slug), "count": len(group.papers)}
               for slug, group in groups.items()]
    entries.sort(key=lambda entry: (entry["name"].casefold(), entry["url"]))
    for entry in entries:
        initial = entry["name"][:1].upper()
        entry["letter"] = initial if initial.isalpha() else "#"
    return entries


def year_entries(site: Site) -> list[dict[str, Any]]:
    """Directory entries for years, newest first."""
    return [{"name": year, "url": year_url(year), "count": len(slugs)}
            for year, slugs in sorted(site.years.items(), reverse=True)]


def directory_pages_of(title: str, kind: str, entries: list[dict[str, Any]], sequence: PageSequence,
                       extra: dict[str, Any] | None = None) -> dict[str, str]:
    """A directory (names with their paper counts) in pages of NAMES_PER_PAGE."""
    chunks = split_pages(entries, NAMES_PER_PAGE)
    pages = {}
    for number, chunk in enumerate(chunks, 1):
        directory = {"kind": kind, "heading": title, "count_text": counted(len(entries), kind[:-1]),
                     "pagination": pagination(sequence, number, len(chunks)), "entries": chunk, **(extra or {})}
        suffix = f" (page {number} of {len(chunks)})" if number > 1 else ""
        meta = {"template": "directory.html", "title": escaped_title(title) + suffix,
                "directory": {key: value for key, value in directory.items() if value is not None}}
        pages[sequence.doc(number)] = markdown_document(meta)
    return pages


def author_initial(slug: str) -> str:
    """The initial an author is listed under: the first character of the (ASCII) slug, digits as '0'."""
    return slug[0] if "a" <= slug[0] <= "z" else OTHER_INITIAL


def initial_label(initial: str) -> str:
    """How an initial is shown: 'A', or '0–9' for names starting with a digit."""
    return "0–9" if initial == OTHER_INITIAL else initial.upper()


def author_directory(site: Site) -> dict[str, str]:
    """`authors/`: an A–Z index with counts; `authors/<initial>/`: that initial's names, paginated."""
    by_initial: dict[str, dict[str, Group]] = {}
    for slug, group in site.authors.items():
        by_initial.setdefault(author_initial(slug), {})[slug] = group
    initials = sorted(by_initial, key=lambda initial: (initial == OTHER_INITIAL, initial))
    letters = [{"label": initial_label(initial), "url": f"authors/{initial}/", "count": len(by_initial[initial]),
                "count_text": counted(len(by_initial[initial]), "author")} for initial in initials]
    index = {"kind": "authors", "heading": "All authors", "count_text": counted(len(site.authors), "author"),
             "letters": letters, "entries": []}
    pages = {"authors/index.md": markdown_document({"template": "directory.html", "title": "All authors",
                                                     "directory": index})}
    for initial in initials:
        current = [{**letter, "current": letter["url"] == f"authors/{initial}/"} for letter in letters]
        label = initial_label(initial)
        pages.update(directory_pages_of(f"Authors: {label}", "authors", group_entries(by_initial[initial], author_url),
                                        PageSequence(f"authors/{initial}.md", f"authors/{initial}"),
                                        {"letters": current, "index_url": "authors/"}))
    return pages


def directory_pages(site: Site) -> dict[str, str]:
    """The pages built from the whole store: home and the all-authors/topics/years directories."""
    pages = {"index.md": home_page(site)}
    pages.update(author_directory(site))
    pages.update(directory_pages_of("All topics", "topics", group_entries(site.topics, topic_url),
                                    PageSequence("topics/index.md", "topics")))
    pages.update(directory_pages_of("All years", "years", year_entries(site), PageSequence("years/index.md", "years")))
    return pages


def group_page(site: Site, group: SiteGroup) -> dict[str, str]:
    """The pages of one author, topic or year, keyed by their paths in the docs tree."""
    return group_pages(site, group)
