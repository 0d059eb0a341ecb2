"""The source modules on their own: Atom and JSON parsing, batching, the cache file, the public lookup by id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from enrich_support import LOOKUP_DAY, Replay, make_fetcher

from generator.sources import arxiv, record_for_arxiv, semantic_scholar, sources
from generator.sources.http import ServiceError, user_agent


def test_services_are_registered_in_the_order_they_are_asked() -> None:
    assert list(sources()) == ["arxiv-api", "semantic-scholar"]


def test_record_for_arxiv_gives_the_full_record_by_id(tmp_path: Path) -> None:
    fetcher = make_fetcher(tmp_path / "cache", Replay("arxiv"))
    record = record_for_arxiv("arXiv:2405.99006v1", fetcher)
    assert record is not None
    assert record.title == "Tokenizer-Free Retrieval at Scale"  # wrapped Atom title joined
    assert record.authors[3] == "佐藤 花子"
    assert (record.arxiv, record.date, record.arxiv_category) == ("2405.99006", "2024-05-02", "cs.IR")
    assert record.pdf == "https://arxiv.org/pdf/2405.99006"  # no version: the latest PDF
    assert record.record_url == "https://arxiv.org/abs/2405.99006"
    assert record.fetched == LOOKUP_DAY.isoformat()


def test_ids_are_batched_fifty_to_a_request(tmp_path: Path) -> None:
    ids = [f"2401.{99000 + number}" for number in range(120)]
    requested = []

    def empty_feed(url: str, headers: dict, timeout: float):
        from generator.sources.http import RawResponse
        requested.append(url)
        return RawResponse(200, {}, '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')

    assert arxiv.by_ids(ids, make_fetcher(tmp_path / "cache", empty_feed)) == {}
    assert len(requested) == 3 and "max_results=50" in requested[0] and "max_results=20" in requested[2]


def test_an_error_entry_in_the_feed_is_a_service_error(tmp_path: Path) -> None:
    # arXiv reports a malformed query inside the feed, as one entry (user manual, section 3.4 "Errors").
    body = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=&amp;id_list=1234.12345&amp;start=0&amp;max_results=1</title>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345</id>
    <title>Error</title>
    <summary>incorrect id format for 1234.12345</summary>
    <updated>2026-12-01T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234.12345" rel="alternate" type="text/html"/>
    <author><name>arXiv api core</name></author>
  </entry>
</feed>"""
    from generator.sources.http import Answer
    with pytest.raises(ServiceError, match="incorrect id format for 1234.12345"):
        arxiv.parse_feed(Answer("https://export.arxiv.org/api/query?id_list=1234.12345", "2026-12-01", 200, body))


def test_semantic_scholar_match_and_not_found(tmp_path: Path) -> None:
    fetcher = make_fetcher(tmp_path / "cache", Replay("semantic-scholar"))
    [record] = semantic_scholar.by_title("Counting Words in Low-Resource Speech", fetcher)
    assert record.doi == "10.99999/example.speech.7" and record.arxiv is None
    assert record.authors == ["Nadia Sampleton", "Oscar Fakename", "Priya Madeup"]
    assert record.pdf == "https://example.org/papers/counting-words.pdf" and record.abstract is None
    assert semantic_scholar.by_title("Memory Tokens Revisited", fetcher) == []


def test_the_cache_keeps_url_day_status_and_body(tmp_path: Path) -> None:
    fetcher = make_fetcher(tmp_path / "cache", Replay("semantic-scholar"))
    semantic_scholar.by_title("Memory Tokens Revisited", fetcher)
    url = semantic_scholar.title_query_url("Memory Tokens Revisited")
    kept = json.loads(fetcher.cache_path(semantic_scholar.SERVICE, url).read_text("utf-8"))
    assert kept == {"url": url, "fetched": "2026-12-01", "status": 404, "body": '{"error":"Title match not found"}'}


def test_user_agent_names_the_project_and_the_contact() -> None:
    assert user_agent("me@example.org").endswith("mailto:me@example.org)")
    assert user_agent("https://example.org/archive").endswith("https://example.org/archive)")


def test_record_for_doi_gives_the_full_record_or_none(tmp_path: Path) -> None:
    from generator.sources import record_for_doi

    fetcher = make_fetcher(tmp_path / "cache", Replay("semantic-scholar"))
    record = record_for_doi("https://doi.org/10.99999/EXAMPLE.vision.3", fetcher)
    assert record is not None and record.title == "Seeing Through Fog with Event Cameras"
    assert (record.arxiv, record.doi, record.date) == ("2310.99008", "10.99999/example.vision.3", "2023-10-12")
    assert record_for_doi("10.99999/unknown.1", fetcher) is None


def test_the_real_transport_against_a_local_server(tmp_path: Path) -> None:
    """requests on loopback (no outside network): the User-Agent arrives, 429 + Retry-After is waited out,
    a slow answer is a timeout."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from generator.sources.http import Fetcher, Service, requests_transport

    seen: list[str] = []
    state = {"busy": 1}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            seen.append(self.headers["User-Agent"])
            if self.path.startswith("/slow"):
                threading.Event().wait(1.0)  # longer than the client waits; it has gone, so answer nothing
                return
            if state["busy"] and self.path.startswith("/busy"):
                state["busy"] -= 1
                self.send_response(429)
                self.send_header("Retry-After", "1")
                self.end_headers()
                return
            body = '{"ok": "ü"}'.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        local = Service("local", "Local test server", interval=0.0)
        waits: list[float] = []
        fetcher = Fetcher(tmp_path / "cache", "me@example.org", transport=requests_transport, timeout=0.3,
                          attempts=2, sleep=waits.append)
        answer = fetcher.get(local, f"{base}/busy")
        assert (answer.status, answer.body) == (200, '{"ok": "ü"}') and waits == [2.0]  # max(backoff 2 s, 1 s)
        assert seen[0].startswith("paper-archive/") and seen[0].endswith("mailto:me@example.org)")
        with pytest.raises(ServiceError, match=r"no answer within 0.3 s \(timeout\) after 2 attempts"):
            fetcher.get(local, f"{base}/slow")
    finally:
        server.shutdown()
