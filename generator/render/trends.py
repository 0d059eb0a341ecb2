"""Papers per year as a small static SVG bar chart (pygal), styled by the site's CSS for dark mode.

pygal draws the chart; we keep only its shapes and text. Its inline stylesheet, tooltip data and
script are dropped, and the site stylesheet colours the chart with `currentColor` on a transparent
background, so it follows mkdocs-material's light and slate schemes. The chart only holds years and
counts (no untrusted text), and a table of the same numbers is there for screen readers.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any, Iterable

import pygal
from pygal.style import Style

from ..models import Paper

MAJOR_LABELS_WHEN = 12  # with more years than this, label only every fifth year
_CLEANUPS = (
    (re.compile(r"<!--.*?-->|<defs>.*?</defs>|<script.*?</script>|<desc[^>]*>.*?</desc>", re.S), ""),
    (re.compile(r'<g transform="[^"]*" class="plot tooltip-overlay">.*?</g></g>'), ""),
    (re.compile(r"<title>[^<]*</title>"), ""),
    (re.compile(r' id="chart-[0-9a-f-]+"'), ""),  # a random uuid: would change the page on every build
    (re.compile(r"(\d+\.\d)\d+"), r"\1"),  # 0.1 px is precise enough and halves the size
)


def year_counts(papers: Iterable[Paper]) -> list[tuple[int, int]]:
    """(year, papers) for every year from the first to the last, gaps included as zero; undated left out."""
    counts = Counter(paper.year for paper in papers if paper.year)
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]


@functools.lru_cache(maxsize=4096)
def chart_svg(counts: tuple[tuple[int, int], ...]) -> str:
    """The bar chart of (year, count) pairs as compact inline SVG (memoised: many pages share a shape)."""
    labels = [str(int(year)) for year, _ in counts]
    chart = pygal.Bar(width=640, height=200, margin=6, show_legend=False, js=[], css=[],
                      disable_xml_declaration=True, explicit_size=False, pretty_print=False,
                      style=Style(transition="none"), show_minor_x_labels=len(labels) <= MAJOR_LABELS_WHEN,
                      x_labels_major_every=5, truncate_label=-1)
    chart.x_labels = labels
    top = max(count for _, count in counts) or 1
    step = -(-top // 4)  # at most five whole-number ticks: a count of papers is never 0.4
    chart.y_labels = list(range(0, top + step, step))
    chart.add("Papers", [int(count) for _, count in counts])
    svg = chart.render(is_unicode=True)
    for pattern, replacement in _CLEANUPS:
        svg = pattern.sub(replacement, svg)
    svg = svg.replace('class="pygal-chart"', 'class="pygal-chart pa-trend__chart"', 1)
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def trend(papers: Iterable[Paper]) -> dict[str, Any] | None:
    """Front matter of a papers-per-year block: the chart SVG and the rows of its table; None when undated."""
    counts = year_counts(papers)
    if not counts:
        return None
    return {"svg": chart_svg(tuple(counts)), "rows": [{"year": year, "count": count} for year, count in counts]}
