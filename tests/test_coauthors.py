"""Author pages: co-authors with counts and links, and the author's papers per year."""

from __future__ import annotations

from collections import Counter

from generator.render.identity import name_slug
from sitebuild import fixture_papers, fixture_site


def expected_coauthors(author_slug: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for paper in fixture_papers().values():
        slugs = {name_slug(name, "author") for name in paper.authors}
        if author_slug in slugs:
            counts.update(slugs - {author_slug})
    return counts


def coauthors_on_page(slug: str) -> dict[str, int]:
    soup = fixture_site().html(f"authors/{slug}")
    return {item.a["href"].strip("./").split("/")[-1]: int(item.select_one(":scope > span").get_text())
            for item in soup.select(".pa-coauthors li")}


def test_every_author_page_lists_its_coauthors_with_counts_and_links() -> None:
    site = fixture_site()
    for path in (site.site / "authors").glob("*/index.html"):
        slug = path.parent.name
        assert coauthors_on_page(slug) == dict(expected_coauthors(slug)), slug


def test_coauthor_links_lead_to_author_pages_and_names_are_shown() -> None:
    site = fixture_site()
    soup = site.html("authors/ashish-vaswani")
    names = [a.get_text() for a in soup.select(".pa-coauthors a")]
    assert names == ["Alexey Dosovitskiy", "Noam Shazeer"]  # equal counts: by name
    for link in soup.select(".pa-coauthors a"):
        assert (site.site / "authors/ashish-vaswani" / link["href"] / "index.html").resolve().exists()
    assert "1 co-author" not in soup.select_one("#coauthors + p").get_text()
    assert soup.select_one("#coauthors + p").get_text() == "2 co-authors, each with the number of papers together"


def test_spellings_of_one_author_meet_and_count_once() -> None:
    # 'Yann LeCun' and 'yann lecun' are one author; Yoshua Bengio wrote one paper with him
    assert coauthors_on_page("yann-lecun") == {"yoshua-bengio": 1}


def test_author_page_shows_papers_per_year() -> None:
    soup = fixture_site().html("authors/yann-lecun")
    rows = {row.th.get_text(): int(row.td.get_text()) for row in soup.select("table.pa-sr-only tbody tr")}
    assert rows["1998"] == 1 and rows["2015"] == 1 and rows["2000"] == 0 and len(rows) == 2015 - 1998 + 1
    assert soup.select_one("figure.pa-trend svg") is not None
