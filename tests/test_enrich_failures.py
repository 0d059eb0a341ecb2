"""`papers enrich` when services fail: retries and Retry-After, clear messages, all or nothing, --keep-going."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from enrich_support import LOOKUP_DAY, FakeClock, Replay, error_answer, make_fetcher, make_store

from generator.cli import main
from generator.enrich import enrich_store
from generator.errors import PaperArchiveError
from generator.sources import arxiv, semantic_scholar
from generator.store import load_store
from helpers import snapshot

SPARSE = arxiv.title_query_url("Sparse Gradient Routing for Continual Learning")
COUNTING = semantic_scholar.title_query_url("Counting Words in Low-Resource Speech")


def run(store: Path, before: dict, clock: FakeClock | None = None, **options):
    replay = Replay("arxiv", "semantic-scholar", before=before)
    fetcher = make_fetcher(store.parent / "cache", replay, clock)
    return enrich_store(store, fetcher, today=LOOKUP_DAY, **options), replay


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path / "content")


def test_service_error_fails_that_paper_and_writes_nothing(store: Path) -> None:
    before = snapshot(store)
    report, replay = run(store, {SPARSE: [error_answer("arxiv_server_error")] * 3})
    assert report.failures == [f"sparse-gradient-routing: arXiv API: HTTP 500 after 3 attempts ({SPARSE}); "
                               "run again later"]
    assert [url for url, _ in replay.requests].count(SPARSE) == 3  # retried
    assert report.written == [] and snapshot(store) == before  # the other matches are not written either
    fetcher = make_fetcher(store.parent / "cache", replay)
    assert not fetcher.cache_path(arxiv.SERVICE, SPARSE).exists()  # a failure is never cached
    assert fetcher.cache_path(semantic_scholar.SERVICE, COUNTING).exists()  # answers are


def test_timeout_is_a_clear_message(store: Path) -> None:
    report, _ = run(store, {COUNTING: [error_answer("timeout")] * 3})
    assert report.failures == [f"counting-words: Semantic Scholar API: no answer within 30 s (timeout) after 3 "
                               f"attempts ({COUNTING}); run again later"]
    assert report.written == []


def test_keep_going_applies_what_succeeded(store: Path) -> None:
    report, _ = run(store, {COUNTING: [error_answer("s2_server_error")] * 3}, keep_going=True)
    assert len(report.failures) == 1 and report.failures[0].startswith("counting-words: Semantic Scholar API: HTTP 502")
    assert [path.stem for path in report.written] == ["sparse-gradient-routing", "tokenizer-free-retrieval"]
    papers = {item.slug: item.paper for item in load_store(store, LOOKUP_DAY)}
    assert papers["counting-words"].authors == []


def test_rate_limit_reply_is_waited_out_as_asked(store: Path) -> None:
    clock = FakeClock()
    report, replay = run(store, {COUNTING: [error_answer("s2_rate_limited")]}, clock)
    assert report.failures == [] and report.matched == 3
    assert 7.0 in clock.sleeps  # the Retry-After of the 429
    assert [url for url, _ in replay.requests].count(COUNTING) == 2


def test_arxiv_busy_503_with_retry_after_is_retried(store: Path) -> None:
    clock = FakeClock()
    report, _ = run(store, {SPARSE: [error_answer("arxiv_busy"), error_answer("arxiv_busy")]}, clock)
    assert report.failures == [] and "sparse-gradient-routing" in [path.stem for path in report.written]
    assert clock.sleeps.count(5.0) == 2  # each wait is the Retry-After (5 s), longer than the backoff (2 s, 4 s)


def test_a_wait_longer_than_we_accept_is_reported_not_slept(store: Path) -> None:
    clock = FakeClock()
    very_busy = dict(error_answer("arxiv_busy"), headers={"Retry-After": "3600"})
    report, _ = run(store, {SPARSE: [very_busy]}, clock)
    assert report.failures == ["sparse-gradient-routing: arXiv API: HTTP 503 (Retry-After: 3600 s), longer than "
                               "we wait; run again later"]
    assert max(clock.sleeps) < 60


def test_network_needs_a_contact(store: Path) -> None:
    replay = Replay("arxiv", "semantic-scholar")
    fetcher = make_fetcher(store.parent / "cache", replay, contact=None)
    with pytest.raises(PaperArchiveError, match="PAPER_ARCHIVE_CONTACT"):
        enrich_store(store, fetcher, today=LOOKUP_DAY)
    assert replay.requests == []


def test_offline_without_a_cached_answer_fails_each_paper(store: Path) -> None:
    fetcher = make_fetcher(store.parent / "cache", Replay(), offline=True)
    report = enrich_store(store, fetcher, today=LOOKUP_DAY)
    assert report.failures[0].startswith("lookup by id: arXiv API: not in the cache and --offline")
    assert len(report.failures) == 7 and report.written == []  # the batch, then each of the six papers


def test_cli_exits_non_zero_and_says_the_store_is_unchanged(store: Path, monkeypatch) -> None:
    def failing(url: str, headers: dict, timeout: float):
        from generator.sources.http import TransportFailure
        raise TransportFailure("Name or service not known")

    monkeypatch.setattr("generator.cli.SERVICE_NAMES", ("arxiv-api",))
    from generator.sources import http

    original = http.Fetcher.__init__

    def patched(self, *args, **kwargs):
        kwargs.update(transport=failing, sleep=lambda seconds: None)
        original(self, *args, **kwargs)

    monkeypatch.setattr(http.Fetcher, "__init__", patched)
    before = snapshot(store)
    result = CliRunner().invoke(main, ["enrich", "--content", str(store), "--cache-dir",
                                       str(store.parent / "cache"), "--contact", "me@example.org"])
    assert result.exit_code == 1
    assert "failed: memory-tokens-revisited: arXiv API: network failure: Name or service not known" in result.output
    assert "nothing written: the store is unchanged" in result.output
    assert snapshot(store) == before
