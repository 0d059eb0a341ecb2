"""The benchmark's tables: one row per metric, a column per corpus size, targets checked at the largest."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

from search_measures import TYPING_DELAY_MS, TYPO_QUERY

NA = "n/a"


def fmt(value, unit: str = "", base=None, digits: int = 1) -> str:
    """A cell: value with unit, and its ratio to the baseline when one is given."""
    if value is None:
        return NA
    text = f"{value:,.{digits}f}{unit}"
    if base:
        text += f" ({value / base:.2g}×)"
    return text


def timed(value, base=None, load_avg=None) -> str:
    """A time cell with its ratio to the baseline and the load average it was measured under."""
    text = fmt(value, " s", base)
    return text + (f" [load {load_avg:.1f}]" if value is not None and load_avg is not None else "")


# Why a target is missed, from profiles (bench/RESULTS.md has the detail).
WHY = {
    "full": "the baseline is MkDocs on one plain page per paper; here the generator first parses the store, "
            "ranks related papers (TF-IDF over every abstract) and builds the search index, then MkDocs renders "
            "~1.3 pages per paper (paper, author, topic, year pages) through our template; both use one core",
    "memory": "the generator's peak: the store and site model (~420 MB at 50,000), the TF-IDF fit of every "
              "abstract and the search index build; MkDocs keeps each page's HTML and only a short meta until "
              "the build ends",
    "again": "stat of every paper file + the docs tree to prove nothing changed",
    "serve": "an edit recomputes only the units that read the paper, but the site model and the whole-store "
             "outputs still scale with the archive",
    "edit": "as for the serve path, plus a new process: Python, MkDocs imports and the parse cache",
    "index": "per-paper work in CPython (display-fragment JSON, author and topic terms, records, shards; "
             "titles and abstracts are tokenised in numpy batches) and writing ~15,000 files, slower right "
             "after the old index folder was deleted",
    "size": "each paper is listed on ~6.5 author pages, its topics' and its year's; its own page's metadata "
            "(Scholar/Zotero tags, JSON-LD, OpenGraph) and related papers; the search index and papers.json "
            "(bytes by kind below)",
    "later": "broad one-word queries rank many hits",
    "floor": "MkDocs alone, with the generator's work already done, is over the target: no generator change "
             "can meet it while MkDocs renders the site",
    "preview": "the preview reads only the changed papers; what is left is MkDocs' start-up and the site model",
    "page": "a paper page's own head metadata and article are over the budget before any shared chrome",
}


def target_note(value, limit, why: str) -> str:
    """'met' or how far off a target is, and why."""
    if value is None:
        return NA
    if value <= limit:
        return "met"
    return f"**missed**, {value / limit:.1f}× the target: {WHY.get(why, why)}"


def make_table(rows: dict[int, dict]) -> str:
    """One Markdown table, a column per corpus size, ratios against the baseline (a), and the targets
    checked at the largest size measured."""
    sizes = sorted(rows)
    top = sizes[-1]
    lines = ["| metric | " + " | ".join(f"N={n:,}" for n in sizes) + f" | target | at N={top:,} |",
             "|---|" + "---|" * len(sizes) + "---|---|"]

    def row(label: str, cell, target: str = "", check=None) -> None:
        note = ""
        if check is not None:
            try:
                note = check(rows[top], top)
            except (KeyError, TypeError, ZeroDivisionError):
                note = NA
        cells = []
        for n in sizes:
            try:
                cells.append(cell(rows[n], n))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append(NA)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {target} | {note} |")

    kb, mb = 1024, 1024 * 1024
    a = lambda r: r.get("a") or {}  # noqa: E731
    b = lambda r: r.get("b") or {}  # noqa: E731
    row("(a) baseline mkdocs-material build", lambda r, n: timed(a(r)["build_s"], None, a(r).get("load")))
    row("(a) baseline peak memory", lambda r, n: fmt(a(r)["peak_mb"], " MB", digits=0))
    row("(a) baseline site / paper", lambda r, n: fmt(a(r)["site_bytes"] / n / kb, " KB"))
    row("(a) baseline search_index.json raw / gzip",
        lambda r, n: f"{a(r)['index_raw'] / mb:,.1f} MB / {a(r)['index_gz'] / mb:,.2f} MB")
    row("(b) `papers build`, full (clean dirs, no cache)",
        lambda r, n: timed(b(r)["full_s"], a(r).get("build_s"), b(r).get("full_load")), "≤ 1.5× (a)",
        lambda r, n: target_note(b(r)["full_s"] / a(r)["build_s"], 1.5, "full"))
    row("(b) the same against the long-term target", lambda r, n: fmt(b(r)["full_s"] / a(r)["build_s"], "×", digits=2),
        "≤ 0.6× (a)", lambda r, n: target_note(b(r)["full_s"] / a(r)["build_s"], 0.6, "full"))
    row("(b) `papers build` peak memory", lambda r, n: fmt(b(r)["full_mb"], " MB", a(r).get("peak_mb"), 0),
        "≤ 1.5× (a)", lambda r, n: target_note(b(r)["full_mb"] / a(r)["peak_mb"], 1.5, "memory"))
    row("(b) of which MkDocs alone: `mkdocs build` on the generated docs tree", lambda r, n: timed(
        b(r)["floor_s"], a(r).get("build_s"), b(r).get("floor_load")) + f", {b(r)['floor_mb']:,.0f} MB",
        "≤ 0.6× (a)", lambda r, n: target_note(b(r)["floor_s"] / a(r)["build_s"], 0.6, "floor"))
    row("(c) `papers build`, nothing changed", lambda r, n: timed(b(r)["again_s"], a(r).get("build_s"), b(r).get("again_load")),
        "≤ 5 s", lambda r, n: target_note(b(r)["again_s"], 5, "again"))
    def edit_row(label: str, key: str, limit: float, why: str, flag: str = "updated", missing: str = "not updated") -> None:
        """A timed step with the check that its output shows the change (b[key + '_' + flag])."""
        row(label, lambda r, n: timed(b(r)[f"{key}_s"], a(r).get("build_s"), b(r).get(f"{key}_load"))
            + ("" if b(r).get(f"{key}_{flag}") else f" **{missing}**"),
            f"≤ {limit:g} s", lambda r, n: target_note(b(r)[f"{key}_s"], limit, why))

    edit_row("(d) one paper edited → served page shows it, `mkdocs serve --dirty` running (quick rebuild of its page)",
             "live", 5, "serve", missing="rest not updated")
    row("(d) … and the rest of the site (listings, search, whole-store files) after the rebuild that follows",
        lambda r, n: timed(b(r)["live_rest_s"], a(r).get("build_s"), b(r).get("live_rest_load"))
        + ("" if b(r).get("live_updated") else " **index not updated**"))
    edit_row("(d) one paper edited, `mkdocs build --dirty` in a new process (hook + dirty build; the second in a row)",
             "serve", 5, "serve")
    edit_row("(d) one paper edited, `papers build` (the second edit in a row)", "edit", 10, "edit")
    edit_row("(h) preview of 2 changed papers: `papers preview` from start to a built site", "preview", 30, "preview",
             flag="ok", missing="papers missing")
    row("(d) of which MkDocs alone: `mkdocs build --dirty`, one page changed",
        lambda r, n: timed(b(r)["floor_dirty_s"], a(r).get("build_s")), "≤ 5 s",
        lambda r, n: target_note(b(r)["floor_dirty_s"], 5, "floor"))
    row("(e) search index build (store in memory → files)", lambda r, n: timed(r["e"]["build_s"], None, r["e"].get("load")),
        "≤ 10 s", lambda r, n: target_note(r["e"]["build_s"], 10, "index"))
    row("(e) search index no-change rebuild",
        lambda r, n: f"{r['e']['again_build_s']:.2f} s, {r['e']['again_written']} files written")
    row("(e) index process peak memory (incl. loading store)", lambda r, n: fmt(r["e"]["peak_mb"], " MB", a(r).get("peak_mb"), 0),
        "≤ 1,024 MB", lambda r, n: target_note(r["e"]["peak_mb"], 1024, "index"))
    row("(f) first query bytes, gzip (incl. JS+CSS)",
        lambda r, n: fmt(r["f"]["first"]["gz"] / kb, " KB", a(r).get("index_gz", 0) / kb or None),
        "≤ 300 KB", lambda r, n: target_note(r["f"]["first"]["gz"] / kb, 300, ""))
    row("(f) first query bytes, uncompressed", lambda r, n: fmt(r["f"]["first"]["raw"] / kb, " KB"))
    row(f"(f) first query typed at {TYPING_DELAY_MS} ms/key, gzip",
        lambda r, n: fmt(r["f"]["typed"]["gz"] / kb, " KB", a(r).get("index_gz", 0) / kb or None),
        "≤ 300 KB", lambda r, n: target_note(r["f"]["typed"]["gz"] / kb, 300, ""))
    row("(f) first query: ms after bytes arrive / total",
        lambda r, n: f"{r['f']['first']['compute_ms']:.1f} / {r['f']['first']['total_ms']:.0f} ms",
        "≤ 100 ms after bytes", lambda r, n: target_note(r["f"]["first"]["compute_ms"], 100, "later"))
    row("(f) later queries: max ms after bytes / max total",
        lambda r, n: f"{r['f']['later_compute_ms_max']:.1f} / {r['f']['later_total_ms_max']:.0f} ms",
        "≤ 30 ms", lambda r, n: target_note(r["f"]["later_compute_ms_max"], 30, "later"))
    row("(f) later queries: bytes gzip median / max",
        lambda r, n: f"{r['f']['later_bytes_gz_median'] / kb:.1f} / {r['f']['later_bytes_gz_max'] / kb:.1f} KB")
    row(f"(f) typo'd query \"{TYPO_QUERY}\" as the first query: gzip (incl. JS+CSS) / ms after bytes / total",
        lambda r, n: (f"{r['f']['typo_first']['gz'] / kb:.1f} KB / {r['f']['typo_first']['compute_ms']:.1f} / "
                      f"{r['f']['typo_first']['total_ms']:.0f} ms, {r['f']['typo_first']['results']}"),
        "≤ 300 KB, ≤ 100 ms", lambda r, n: target_note(r["f"]["typo_first"]["gz"] / kb, 300, ""))
    row(f"(f) typo'd query \"{TYPO_QUERY}\" after the others: gzip / ms after bytes / total",
        lambda r, n: (f"{r['f']['typo_later']['gz'] / kb:.1f} KB / {r['f']['typo_later']['compute_ms']:.1f} / "
                      f"{r['f']['typo_later']['total_ms']:.0f} ms"))
    row("(f) opening topic/category/source facets (once)", lambda r, n: fmt(r["f"]["facet_panel_gz"] / kb, " KB gz"))
    row("(g) search index on disk / paper", lambda r, n: fmt(r["e"]["bytes"] / n / kb, " KB", digits=2))
    row("(g) `papers build` site / paper, excl. shared assets",
        lambda r, n: fmt(b(r)["site_bytes"] / n / kb, " KB", a(r)["site_bytes"] / n / kb if a(r) else None),
        "≤ 10 KB", lambda r, n: target_note(b(r)["site_bytes"] / n / kb, 10, "size"))
    row("(g) one paper page (HTML, chrome included), mean", lambda r, n: fmt(b(r)["paper_page_bytes"] / kb, " KB"))
    row("(g) floor: a paper page's own bytes (head metadata + article, no shared chrome), mean",
        lambda r, n: fmt(b(r)["paper_content_bytes"] / kb, " KB"), "≤ 10 KB",
        lambda r, n: target_note(b(r)["paper_content_bytes"] / kb, 10, "page"))
    return "\n".join(lines)


def bytes_table(rows: dict[int, dict]) -> str:
    """Where the site's bytes go: KB per paper and files, by kind (measuring.kind_of), a column per size."""
    sizes = [n for n in sorted(rows) if (rows[n].get("b") or {}).get("bytes_by_kind")]
    if not sizes:
        return ""
    kinds = {kind for n in sizes for kind in rows[n]["b"]["bytes_by_kind"] if not kind.endswith(" files")}
    top = rows[sizes[-1]]["b"]["bytes_by_kind"]
    lines = ["| bytes by kind | " + " | ".join(f"N={n:,}: KB/paper (files)" for n in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for kind in sorted(kinds, key=lambda k: -top.get(k, 0)):
        cells = []
        for n in sizes:
            sizes_here = rows[n]["b"]["bytes_by_kind"]
            cells.append(f"{sizes_here.get(kind, 0) / n / 1024:,.2f} ({sizes_here.get(kind + ' files', 0):,})")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    """nproc, CPU model, Python and date."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    from importlib.metadata import version

    return (f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
            f"mkdocs-material {version('mkdocs-material')}, {dt.date.today().isoformat()}, load average at the end "
            f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1/5/15 min; the machine is shared)")


