"""`mkdocs serve` previews the store: an edited paper shows on the served page after one rebuild."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from helpers import load_module
from sitebuild import ROOT, fixture_papers, write_store

load_module(ROOT / "bench" / "run.py", "bench_run_under_test")  # puts bench/ on sys.path for its step modules
import build_measures as BENCH  # noqa: E402  its free_port() and fetch() of a served page

SLUG = "deep-learning"


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_an_edit_shows_on_the_served_page_after_one_rebuild(tmp_path: Path) -> None:
    content = write_store(tmp_path / "content", fixture_papers())
    port = BENCH.free_port()
    (tmp_path / "docs").mkdir()  # MkDocs checks docs_dir exists before the hook fills it
    env = {**os.environ, "PAPER_ARCHIVE_CONTENT_DIR": str(content), "PAPER_ARCHIVE_DOCS_DIR": str(tmp_path / "docs"),
           "PAPER_ARCHIVE_SITE_URL": f"http://127.0.0.1:{port}/", "NO_MKDOCS_2_WARNING": "1"}
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/papers/{SLUG}/"
    try:
        assert wait_for(lambda: server.poll() is not None or "Deep Learning" in BENCH.fetch(url), 180), log.read_text()
        assert server.poll() is None, log.read_text()
        served = BENCH.fetch(url)  # no Content Security Policy under serve: it would block the live-reload script
        assert "livereload(" in served and "Content-Security-Policy" not in served
        paper = content / "papers" / f"{SLUG}.md"
        mark = f"Edited while serving {time.time_ns()}"
        paper.write_text(paper.read_text("utf-8").rstrip("\n") + f" {mark}.\n", "utf-8")
        assert wait_for(lambda: mark in BENCH.fetch(url), 120), log.read_text()
        time.sleep(3)  # a rebuild set off by the files that build wrote would have started by now
        builds = log.read_text().count("Building documentation")
        assert builds == 2, log.read_text()  # the first build, then one for the edit
    finally:
        server.terminate()
        server.wait(timeout=30)


class RecordingServer:
    def __init__(self) -> None:
        self.watched: list[str] = ["docs"]

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def unwatch(self, path: str) -> None:
        self.watched.remove(path)


def test_serve_watches_the_store_not_the_generated_docs(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PAPER_ARCHIVE_CONTENT_DIR", str(tmp_path / "content"))
    config = type("Config", (), {"docs_dir": "docs", "config_file_path": str(ROOT / "mkdocs.yml")})()
    hook = load_module(ROOT / "hooks" / "generate.py", "generate_hook_under_test")
    server = hook.on_serve(RecordingServer(), config, builder=None)
    assert server.watched == [str(tmp_path / "content")]
