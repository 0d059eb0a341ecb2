"""One edit, timed in two parts: the generator (in this process, optionally under cProfile) and MkDocs.

    python bench/edit_split.py WORK N [abstract|title] [--profile] [--generator-only]

WORK holds content/ (bench/corpus.py) and, after a first full `papers build --content WORK/content
--docs-dir WORK/docs --site-dir WORK/site`, docs/ and site/. The N-th paper file is edited, then
generate_docs runs here and `papers build`'s MkDocs step (narrowed, dirty or full) as a subprocess; wall
and CPU seconds of each are printed, and with --profile the generator's cProfile (CPU time) is saved in
WORK/generator.prof; --generator-only skips MkDocs. PAPER_ARCHIVE_SITE_URL is set as the benchmark sets it (it is part of every fingerprint).
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SITE_URL = "http://127.0.0.1:8000/"


def edit(victim: Path, mode: str) -> None:
    """Append a unique sentence to the abstract, or put a unique word in front of the title."""
    text, mark = victim.read_text("utf-8"), f"Edited {time.time_ns()}"
    if mode == "title":
        victim.write_text(text.replace("title: ", f"title: {mark} ", 1), "utf-8")
    else:
        victim.write_text(text.rstrip("\n") + f" {mark}.\n", "utf-8")


def main() -> None:
    """CLI: see the module docstring."""
    os.environ["PAPER_ARCHIVE_SITE_URL"] = SITE_URL
    work, number = Path(sys.argv[1]), int(sys.argv[2])
    mode = sys.argv[3] if len(sys.argv) > 3 and not sys.argv[3].startswith("--") else "abstract"
    content, docs, site = work / "content", work / "docs", work / "site"
    victim = sorted((content / "papers").glob("*.md"))[number]
    edit(victim, mode)
    from generator.build import CONFIG_FILE, mkdocs_environment, update_site
    from generator.layout import default_cache_dir
    from generator.render import generate_docs

    profile = cProfile.Profile(time.process_time) if "--profile" in sys.argv else None
    wall, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    sync = generate_docs(content, docs, SITE_URL)
    if profile:
        profile.disable()
    print(f"{victim.stem} ({mode}) generator: wall {time.perf_counter() - wall:.2f} s, "
          f"CPU {time.process_time() - cpu:.2f} s; {sync.summary()}")
    if profile:
        profile.dump_stats(str(work / "generator.prof"))
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
        print(out.getvalue())
    if "--generator-only" in sys.argv:  # the next run's MkDocs step builds what this one left out
        return
    before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    how = update_site(CONFIG_FILE, mkdocs_environment(content, docs, site, SITE_URL), site, sync,
                      default_cache_dir(content), docs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"mkdocs ({how}): wall {time.perf_counter() - wall:.2f} s, "
          f"CPU {after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.2f} s")


if __name__ == "__main__":
    main()
