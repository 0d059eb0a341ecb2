"""Papers per year as a small static SVG bar chart (pygal), styled by the site's CSS for dark mode.

pygal draws the chart; we keep only its shapes and text. Its inline stylesheet, tooltip data and
script are dropped, and the site stylesheet colours the chart with `currentColor` on a transparent
background, so it follows mkdocs-material's light and slate schemes. The chart only holds years and
counts (no untrusted text), and a table of the same numbers is there for screen readers.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Iterable

import pygal
from pygal.style import Style

from ..models import Paper
from .cache import read_pickle, write_pickle

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


Counts = tuple[tuple[int, int], ...]
_CHARTS: dict[Counts, str] = {}  # every chart drawn or read from the cache in this process
PARALLEL_FROM = 64  # drawing more charts than this at once is spread over the CPU cores
CHARTS_VERSION = b"charts-1"
CHARTS_KEPT = 200_000  # the on-disk cache starts afresh beyond this many charts


def chart_svg(counts: Counts) -> str:
    """The chart of these counts, drawn once per process (many pages share a shape); see draw_charts."""
    if counts not in _CHARTS:
        _CHARTS[counts] = draw_chart(counts)
    return _CHARTS[counts]


def charts_file(cache_dir: Path) -> Path:
    """The on-disk chart cache: one file per pygal version and per version of this module's code."""
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return cache_dir / f"charts-pygal{version('pygal')}-{code}.pickle"


def draw_charts(needed: Iterable[Counts], cache_dir: Path | None = None) -> None:
    """Make sure every chart in `needed` is drawn: from the cache beside the store, else with pygal,
    on every core when there are many (pygal takes ~10 ms a chart; a full build of 50,000 papers
    draws ~12,000 of them). Drawn charts are added to the cache."""
    missing = {counts for counts in needed if counts and counts not in _CHARTS}
    if not missing:
        return
    stored = read_charts(cache_dir) if cache_dir else {}
    _CHARTS.update({counts: stored[counts] for counts in missing if counts in stored})
    missing -= stored.keys()
    if not missing:
        return
    ordered = sorted(missing)
    drawn = draw_in_parallel(ordered) if len(ordered) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 else None
    if drawn is None:
        drawn = [draw_chart(counts) for counts in ordered]
    _CHARTS.update(zip(ordered, drawn))
    if cache_dir:
        stored = stored if len(stored) < CHARTS_KEPT else {}
        write_charts(cache_dir, {**stored, **dict(zip(ordered, drawn))})


def draw_in_parallel(ordered: list[Counts]) -> list[str] | None:
    """Draw on every core in fresh processes (spawn: safe beside `mkdocs serve`'s threads); None when
    worker processes cannot start, e.g. from a script without an `if __name__ == "__main__"` guard."""
    try:
        with ProcessPoolExecutor(os.cpu_count(), mp_context=get_context("spawn")) as pool:
            return list(pool.map(draw_chart, ordered, chunksize=32))
    except (BrokenProcessPool, OSError, RuntimeError):
        return None


def read_charts(cache_dir: Path) -> dict[Counts, str]:
    """The cached charts ({} when missing or unreadable: a cache miss only)."""
    charts = read_pickle(charts_file(cache_dir), CHARTS_VERSION)
    return charts if isinstance(charts, dict) else {}


def write_charts(cache_dir: Path, charts: dict[Counts, str]) -> None:
    """Replace the chart cache atomically, dropping caches of other versions."""
    target = charts_file(cache_dir)
    write_pickle(target, CHARTS_VERSION, charts)
    for old in cache_dir.glob("charts-*.pickle"):
        if old != target:
            old.unlink(missing_ok=True)


def draw_chart(counts: Counts) -> str:
    """The bar chart of (year, count) pairs as compact inline SVG, drawn by pygal."""
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


def trend_counts(papers: Iterable[Paper]) -> Counts:
    """The counts a trend chart of these papers draws (what draw_charts takes)."""
    return tuple(year_counts(papers))


def trend(papers: Iterable[Paper]) -> dict[str, Any] | None:
    """Front matter of a papers-per-year block: the chart SVG and the rows of its table; None when undated."""
    counts = year_counts(papers)
    if not counts:
        return None
    return {"svg": chart_svg(tuple(counts)), "rows": [{"year": year, "count": count} for year, count in counts]}
