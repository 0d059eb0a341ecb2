"""Papers per year: a static SVG on the home, topic and author pages, readable in dark mode, with a table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.render.trends import draw_chart, year_counts
from sitebuild import fixture_papers, fixture_site

try:  # reuse the browser fixtures (served fixture site, Debian chromium) rather than duplicating them
    from test_browser import base_url, browser, page, shot  # noqa: F401
    BROWSER_SKIP = None
except pytest.skip.Exception as skipped:
    BROWSER_SKIP = str(skipped)


def table(soup) -> dict[str, int]:
    return {row.th.get_text(): int(row.td.get_text()) for row in soup.select("figure.pa-trend table tbody tr")}


@pytest.mark.parametrize("page_url,expected", [
    ("", {"1998": 1, "2015": 1, "2017": 1, "2020": 1, "2024": 1}),
    ("topics/transformers", {"2015": 1, "2017": 1, "2020": 1}),
    ("authors/ashish-vaswani", {"2017": 1, "2020": 1}),
])
def test_chart_and_table_on_home_topic_and_author_pages(page_url: str, expected: dict[str, int]) -> None:
    soup = fixture_site().html(page_url)
    figure = soup.select_one("figure.pa-trend")
    rows = table(soup)
    assert {year: count for year, count in rows.items() if count} == expected
    assert list(rows) == [str(year) for year in range(int(min(rows)), int(max(rows)) + 1)]  # gaps shown as 0
    svg = figure.select_one("svg.pa-trend__chart")
    assert svg["aria-hidden"] == "true" and "pa-sr-only" in figure.table["class"]
    assert len(svg.select("g.bar rect")) == len(rows)
    assert not svg.select("script, style") and "onload" not in str(svg)


def test_svg_is_small_deterministic_and_transparent() -> None:
    counts = tuple(year_counts(fixture_papers().values()))
    first = draw_chart(counts)
    assert draw_chart(counts) == first  # no random chart id: unchanged input, unchanged page bytes
    assert len(first.encode()) < 8_000
    assert not re.search(r"fill:\s*#fff|background-color", first)  # colours come from the site stylesheet


@pytest.mark.browser
@pytest.mark.skipif(BROWSER_SKIP is not None, reason=f"browser tests unavailable: {BROWSER_SKIP}")
def test_topic_chart_in_chromium_light_and_dark(page, base_url: str) -> None:
    page.goto(base_url + "topics/transformers/")
    chart = page.locator("svg.pa-trend__chart")
    chart.wait_for()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 80
    assert page.locator("figure.pa-trend table tbody tr").count() == 2020 - 2015 + 1  # there for screen readers
    shot(page, "topic-trend-light")
    fill = "getComputedStyle(document.querySelector('svg.pa-trend__chart text')).fill"
    light = page.evaluate(fill)
    # mkdocs-material's slate scheme: light text variables on a dark background (its palette values)
    page.evaluate("""document.body.setAttribute('data-md-color-scheme', 'slate');
        document.body.style.setProperty('--md-default-fg-color', 'hsla(232, 75%, 95%, 0.82)');
        document.body.style.setProperty('--md-default-bg-color', 'hsla(232, 15%, 14%, 1)');
        document.body.style.background = 'hsla(232, 15%, 14%, 1)';""")
    dark = page.evaluate(fill)
    shot(page, "topic-trend-dark")
    background = page.evaluate("getComputedStyle(document.querySelector('svg.pa-trend__chart .background')).fill")
    assert light != dark, "axis text must follow the scheme's text colour"
    channels = [int(value) for value in re.findall(r"\d+", dark)[:3]]
    assert sum(channels) / 3 > 150, f"dark-mode text must be light, got {dark}"
    assert background in ("transparent", "rgba(0, 0, 0, 0)", "none")
    assert page.errors == [] and page.offsite == []
