"""Related papers, both modes: quality (share of related papers sharing a topic or an author) and time.

    python bench/related.py [--sizes 10000 50000] [--modes lexical semantic]

Rows: the bundled store (content/) and generated corpora (bench/corpus.py, in memory). `random` is
the share a random pick of 5 other papers would reach: the baseline to beat. The generated corpus
draws topics and authors independently of the words, so there only time is meaningful.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate_papers  # noqa: E402
from generator.models import Paper  # noqa: E402
from generator.related import RelatedInput, related_papers  # noqa: E402
from generator.store import load_store  # noqa: E402


def shares(papers: dict[str, Paper], neighbours: dict[str, list[str]]) -> tuple[float, float]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000])
    parser.add_argument("--modes", nargs="*", default=["lexical"])
    args = parser.parse_args()
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
