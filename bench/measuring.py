"""What every benchmark step shares: a timed subprocess with its peak memory, tree sizes, the load average."""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from pathlib import Path


def measured(command: list[str], cwd: Path | None = None, env: dict | None = None) -> tuple[float, float, str]:
    """Run a command under /usr/bin/time: wall seconds, peak RSS in MB, stdout."""
    report = Path(f"/tmp/bench-time-{os.getpid()}.txt")
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report), *command], cwd=cwd, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:4])} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak = int(report.read_text().strip().splitlines()[-1]) / 1024
    return seconds, peak, done.stdout


def tree_bytes(directory: Path) -> int:
    """Apparent size of every file below a directory."""
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())



def site_bytes_without_assets(site: Path) -> int:
    """The site's size per the target: everything but shared assets (theme, MathJax, search JS)."""
    return tree_bytes(site) - tree_bytes(site / "assets")


# What each file of a built site is, by where it sits: the issue asks for bytes by kind.
def kind_of(relative: Path) -> str:
    """A reader's name for a site file: paper page, citation file, author listing, feed, search index..."""
    parts = relative.parts
    top, name = parts[0], parts[-1]
    if top == "assets":
        return "shared assets (excluded)"
    if top == "search-index":
        return "search index"
    if top == "feeds" or name.endswith((".xml", ".atom")) and top in ("authors", "topics", "years"):
        return "group feeds"
    if top == "papers":
        return "paper pages" if name.endswith(".html") else "per-paper citation exports"
    if top in ("authors", "topics", "years"):
        if not name.endswith(".html"):
            return f"{top[:-1]} exports/data"
        if len(parts) == 2 or len(parts[1]) == 1:  # authors/, authors/a/ (an initial's page)
            return "directories (all authors/topics/years)"
        return f"{top[:-1]} listings" + (" (most upvoted)" if "upvotes" in parts else "")
    if name.startswith("sitemap"):
        return "sitemap"
    return name if len(parts) == 1 else f"{top}/"


def bytes_by_kind(site: Path) -> Counter:
    """Bytes of a built site by kind_of, plus a count of files under the key '<kind> files' (no kind ends so)."""
    sizes: Counter = Counter()
    for path in site.rglob("*"):
        if path.is_file():
            kind = kind_of(path.relative_to(site))
            sizes[kind] += path.stat().st_size
            sizes[f"{kind} files"] += 1
    return sizes


def load() -> float:
    """The 1-minute load average: the machine is shared, so every timing carries it."""
    return os.getloadavg()[0]


