"""Related papers, both modes: quality (share of related papers sharing a topic or an author) and time.

    python bench/related.py [--sizes 10000 50000] [--modes lexical semantic]
    python bench/related.py --edit-stores /tmp/pb/10000/content /tmp/c50k [--modes lexical]

Rows: the bundled store (content/) and generated corpora (bench/corpus.py, in memory). `random` is
the share a random pick of 5 other papers would reach: the baseline to beat. The generated corpus
draws topics and authors independently of the words, so there only time is meaningful.

`--edit-stores`: for each store on disk, the incremental path. Each step runs in its own process
(so its peak memory is its own): a full computation on a cold cache, then one paper's abstract edited
(incremental update), then the same inputs again (nothing changed). Prints seconds, what was
recomputed, peak RSS of the process (which holds the papers' texts too) and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate_papers  # noqa: E402
from generator.models import Paper  # noqa: E402
from generator.related import RelatedInput, related_papers  # noqa: E402
from generator.store import load_store  # noqa: E402


def shares(papers: dict[str, Paper | Labels], neighbours: dict[str, list[str]]) -> tuple[float, float]:
    """(share of related pairs sharing a topic or author, same for random pairs)."""
    def related(a: Paper, b: Paper) -> bool:
        return bool({t.casefold() for t in a.topics} & {t.casefold() for t in b.topics}
                    or {n.casefold() for n in a.authors} & {n.casefold() for n in b.authors})
    hits = total = 0
    for slug, others in neighbours.items():
        for other in others:
            hits += related(papers[slug], papers[other])
            total += 1
    rng, slugs = random.Random(1), list(papers)
    sample = [(rng.choice(slugs), rng.choice(slugs)) for _ in range(5000)]
    baseline = sum(related(papers[a], papers[b]) for a, b in sample if a != b) / len(sample)
    return (hits / total if total else 0.0), baseline


def run(name: str, papers: dict[str, Paper], mode: str) -> str:
    """One table row: corpus, mode, papers, seconds (cold cache, then warm), shares."""
    inputs = [RelatedInput(slug, paper.title, paper.abstract) for slug, paper in papers.items()]
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        result = related_papers(inputs, mode, Path(cache))
        cold = time.perf_counter() - start
        start = time.perf_counter()
        assert related_papers(inputs, mode, Path(cache)).cached
        warm = time.perf_counter() - start
    share, baseline = shares(papers, result.neighbours)
    return f"| {name} | {mode} | {len(papers):,} | {cold:.1f} | {warm:.2f} | {share:.0%} | {baseline:.0%} |"


STEPS = ("full", "edit", "unchanged")


@dataclass
class Labels:
    """What `shares` compares: a paper's topics and authors."""

    topics: list[str]
    authors: list[str]


def load_inputs(store: Path, work: Path) -> Path:
    """The store's (slug, title, abstract) triples and each paper's Labels, parsed once into `work`."""
    pickled = work / "inputs.pickle"
    papers = load_store(store)
    pickled.write_bytes(pickle.dumps([(item.slug, item.paper.title, item.paper.abstract) for item in papers]))
    labels = {item.slug: (item.paper.topics, item.paper.authors) for item in papers}
    (work / "labels.pickle").write_bytes(pickle.dumps(labels))
    return pickled


def edited_inputs(pickled: Path, edit: bool) -> list[RelatedInput]:
    """The pickled inputs, with the middle paper's abstract given one more sentence when `edit`."""
    inputs = [RelatedInput(*triple) for triple in pickle.loads(pickled.read_bytes())]
    if edit:
        middle = inputs[len(inputs) // 2]
        inputs[len(inputs) // 2] = RelatedInput(middle.slug, middle.title,
                                                middle.abstract + " We also study graph transformers on proteins.")
    return inputs


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure_step(step: str, pickled: Path, mode: str, cache: Path) -> dict:
    """Run one step in this process: seconds, what was recomputed, memory, load average."""
    inputs = edited_inputs(pickled, edit=step != "full")
    before = rss_mb()
    start = time.perf_counter()
    result = related_papers(inputs, mode, cache)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    labels = {slug: Labels(*pair) for slug, pair in pickle.loads((pickled.parent / "labels.pickle").read_bytes()).items()}
    share, baseline = shares(labels, result.neighbours)
    return {"share": share, "random": baseline, "step": step, "papers": len(inputs), "seconds": round(seconds, 3), "cached": result.cached,
            "refitted": result.refitted, "recomputed": result.recomputed, "merged": result.merged,
            "rss_before_mb": round(before), "peak_mb": round(peak),
            "load": open("/proc/loadavg").read().split()[:3]}


def edit_rows(store: Path, mode: str) -> list[str]:
    """Table rows for one store: full computation, one edit, nothing changed (each in its own process)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="related-bench-") as work:
        pickled, cache = load_inputs(store, Path(work)), Path(work) / "cache"
        for step in STEPS:
            output = subprocess.run([sys.executable, __file__, "--step", step, "--inputs", str(pickled),
                                     "--cache", str(cache), "--modes", mode],
                                    check=True, capture_output=True, text=True).stdout
            data = json.loads(output.strip().splitlines()[-1])
            rows.append(f"| {store} | {mode} | {data['papers']:,} | {step} | {data['seconds']:.2f} | "
                        f"{'cache' if data['cached'] else 'refit' if data['refitted'] else 'incremental'} | "
                        f"{data['recomputed']:,} / {data['merged']:,} | {data['rss_before_mb']} / {data['peak_mb']} | "
                        f"{data['share']:.0%} / {data['random']:.0%} | {' '.join(data['load'])} |")
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--modes", nargs="*", default=["lexical"])
    parser.add_argument("--edit-stores", type=Path, nargs="*", default=None)
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure_step(args.step, args.inputs, args.modes[0], args.cache)))
        return
    if args.edit_stores is not None:
        print("| store | mode | papers | step | seconds | path | recomputed / merged rows | RSS before / peak MB "
              "| share with topic/author / random | load avg |")
        print("| --- | --- | ---: | --- | ---: | --- | ---: | ---: | ---: | --- |")
        for store in args.edit_stores:
            for mode in args.modes:
                edit_rows(store, mode)
        return
    print("| corpus | mode | papers | compute s | cached s | share with topic/author | random |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    bundled = {item.slug: item.paper for item in load_store(ROOT / "content")}
    for mode in args.modes:
        print(run("bundled", bundled, mode), flush=True)
    for size in args.sizes:
        generated = {f"p{i}": paper for i, paper in enumerate(generate_papers(size))}
        for mode in args.modes:
            print(run("generated", generated, mode), flush=True)


if __name__ == "__main__":
    main()
