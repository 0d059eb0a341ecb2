"""Papers per year as a small static SVG bar chart, styled by the site's CSS for dark mode.

Drawn here rather than with a charting library: a bar chart of whole numbers is a few rectangles, lines
and labels. pygal drew it before, at ~5 ms and ~3.3 KB a chart once its style and script were stripped;
an archive of 50,000 papers has ~12,000 distinct author and topic charts, so pygal was a minute of a full
build and ~1 KB of every paper's share of the site. This takes microseconds and ~1 KB a chart.

The chart holds only years and counts (no untrusted text); the site stylesheet colours it with
`currentColor` on a transparent background, so it follows the light and dark schemes; a table of the same
numbers beside it is there for screen readers (partials/trend.html).
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any, Iterable

from ..models import Paper

WIDTH, HEIGHT = 640, 200
LEFT, TOP, RIGHT, BOTTOM = 26, 6, 6, 26  # margins: room for the count labels (left) and years (below)
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
BAR_SHARE = .7  # of a year's band; the rest is the gap between bars
LABEL_EVERY_YEAR_UP_TO = 12  # with more years than this, label every fifth
Counts = tuple[tuple[int, int], ...]


def year_counts(papers: Iterable[Paper]) -> list[tuple[int, int]]:
    """(year, papers) for every year from the first to the last, gaps included as zero; undated left out."""
    counts = Counter(paper.year for paper in papers if paper.year)
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


def number(value: float) -> str:
    """A coordinate with one decimal at most: precise enough, and the same text for the same chart."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def y_ticks(top: int) -> list[int]:
    """At most five whole-number ticks from 0 to at least `top` (a count of papers is never 0.4)."""
    step = -(-max(top, 1) // 4)
    return list(range(0, -(-max(top, 1) // step) * step + 1, step))


@lru_cache(maxsize=4096)
def draw_chart(counts: Counts) -> str:
    """The bar chart of (year, count) pairs as compact inline SVG (many pages share a shape: drawn once)."""
    ticks = y_ticks(max(count for _, count in counts))
    scale = PLOT_H / ticks[-1]
    band = PLOT_W / len(counts)
    parts = [f'<svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg" class="pa-trend__chart" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}"><rect class="background" width="{WIDTH}" height="{HEIGHT}"/>'
             f'<g transform="translate({LEFT} {TOP})">']
    for tick in ticks:
        y = number(PLOT_H - tick * scale)
        kind = "axis major line" if tick == 0 else "guide line"
        parts.append(f'<path class="{kind}" d="M0 {y}h{PLOT_W}"/><text x="-5" y="{number(float(y) + 3.5)}" '
                     f'text-anchor="end">{tick}</text>')
    labelled = len(counts) <= LABEL_EVERY_YEAR_UP_TO
    bars = []
    for index, (year, count) in enumerate(counts):
        middle = band * (index + .5)
        if labelled or index % 5 == 0:
            parts.append(f'<text x="{number(middle)}" y="{PLOT_H + 15}" text-anchor="middle">{int(year)}</text>')
        height = count * scale
        bars.append(f'<rect x="{number(middle - band * BAR_SHARE / 2)}" y="{number(PLOT_H - height)}" '
                    f'width="{number(band * BAR_SHARE)}" height="{number(height)}"/>')
    parts.append('<g class="bar">' + "".join(bars) + "</g></g></svg>")
    return "".join(parts)


def trend(papers: Iterable[Paper]) -> dict[str, Any] | None:
    """Front matter of a papers-per-year block: the chart SVG and the rows of its table; None when undated."""
    counts = year_counts(papers)
    if not counts:
        return None
    return {"svg": draw_chart(tuple(counts)), "rows": [{"year": year, "count": count} for year, count in counts]}
