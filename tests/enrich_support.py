"""Replays recorded service answers (tests/cassettes/enrich/*.yaml) and builds a small store to enrich.

The replay transport answers only URLs recorded in the cassettes: any other request fails the test, so
no test reaches the network.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.models import Paper, Source
from generator.sources.http import Fetcher, RawResponse, TransportFailure, TransportTimeout
from generator.store import papers_dir, render_paper

CASSETTES = Path(__file__).resolve().parent / "cassettes" / "enrich"
LOOKUP_DAY = dt.date(2026, 12, 1)
CONTACT = "archive-maintainers@example.org"


def recorded(*names: str) -> dict[str, list[dict]]:
    """URL -> recorded answers, from the named cassettes."""
    answers: dict[str, list[dict]] = {}
    for name in names:
        for item in yaml.safe_load((CASSETTES / f"{name}.yaml").read_text("utf-8"))["interactions"]:
            answers.setdefault(item["url"], []).append(item)
    return answers


def error_answer(name: str) -> dict:
    """A named failure answer from errors.yaml."""
    return yaml.safe_load((CASSETTES / "errors.yaml").read_text("utf-8"))["responses"][name]


class Replay:
    """A transport that plays answers per URL in order (the last one repeats) and records every request."""

    def __init__(self, *cassettes: str, before: dict[str, list[dict]] | None = None) -> None:
        self.answers = recorded(*cassettes)
        for url, failures in (before or {}).items():  # failures played before the recorded answer
            self.answers[url] = list(failures) + self.answers.get(url, [])
        self.requests: list[tuple[str, dict[str, str]]] = []

    def __call__(self, url: str, headers: dict[str, str], timeout: float) -> RawResponse:
        self.requests.append((url, dict(headers)))
        queue = self.answers.get(url)
        if not queue:
            raise AssertionError(f"unrecorded request (tests never go to the network): {url}")
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if item.get("raise") == "timeout":
            raise TransportTimeout("read timed out")
        if item.get("raise") == "connection":
            raise TransportFailure("connection refused")
        return RawResponse(item["status"], dict(item.get("headers") or {}), item.get("body") or "")


class NoNetwork:
    """A transport that fails the test if called: for runs that must be answered from the cache."""

    def __call__(self, url: str, headers: dict[str, str], timeout: float) -> RawResponse:
        raise AssertionError(f"went to the network for {url}")


class FakeClock:
    """Monotonic time that only sleep() advances, so rate limits are checked without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_fetcher(cache_dir: Path, transport, clock: FakeClock | None = None, **options) -> Fetcher:
    """A Fetcher on a transport, with a fake clock and a fixed lookup day."""
    clock = clock or FakeClock()
    return Fetcher(cache_dir, options.pop("contact", CONTACT), transport=transport, sleep=clock.sleep,
                   clock=clock, today=lambda: LOOKUP_DAY, **options)


def _listing(title: str, line: int, **said) -> Source:
    return Source(listing="hf-daily-papers-test.txt", format="hf-daily-papers", line=line, captured="2026-11-30",
                  title=title, **said)


# slug -> paper as a listing left it (titles and people invented, as in the cassettes)
PAPERS = {
    "sparse-gradient-routing": Paper(
        title="Sparse Gradient Routing for Continual Learning", author_count=4, date="2024-03",
        sources=[_listing("Sparse Gradient Routing for Continual Learning", 3, author_count=4, date="2024-03")],
        abstract="We route gradients sparsely."),
    "memory-tokens-revisited": Paper(
        title="Memory Tokens Revisited", sources=[_listing("Memory Tokens Revisited", 9)]),
    "quantised-attention-sinks": Paper(
        title="Quantised Attention Sinks in Tiny Transformers", author_count=3,
        sources=[_listing("Quantised Attention Sinks in Tiny Transformers", 15, author_count=3)]),
    "latent-curricula": Paper(
        title="Latent Curricula for Robot Grasping", date="2023-05-01", author_count=2,
        sources=[_listing("Latent Curricula for Robot Grasping", 21, date="2023-05-01", author_count=2)]),
    "counting-words": Paper(
        title="Counting Words in Low-Resource Speech", author_count=3,
        sources=[_listing("Counting Words in Low-Resource Speech", 27, author_count=3)]),
    # The listing stated the arXiv id and two of five names; a maintainer typed the date by hand.
    "tokenizer-free-retrieval": Paper(
        title="Tokenizer-Free Retrieval at Scale", authors=["Kofi Exampleson", "Lena Probe"],
        authors_truncated=True, author_count=5, arxiv="2405.99006", date="2024-05-03",
        sources=[_listing("Tokenizer-Free Retrieval at Scale", 33, authors=["Kofi Exampleson", "Lena Probe"],
                          authors_truncated=True, author_count=5)]),
    # Nothing missing: never looked up.
    "complete-paper": Paper(
        title="A Complete Paper", authors=["Quinn Whole"], arxiv="2401.99007", date="2024-01-09",
        links=["https://arxiv.org/pdf/2401.99007"], sources=[_listing("A Complete Paper", 40)]),
}


def make_store(content_dir: Path, slugs: list[str] | None = None) -> Path:
    """Write the test papers (all, or the slugs given) into a store; returns the store."""
    directory = papers_dir(content_dir)
    directory.mkdir(parents=True, exist_ok=True)
    for slug, paper in PAPERS.items():
        if slugs is None or slug in slugs:
            (directory / f"{slug}.md").write_text(render_paper(paper), "utf-8")
    return content_dir
