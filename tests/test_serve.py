"""`mkdocs serve` previews the store: an edited paper shows on its served page after a quick rebuild, and on\nevery other page after the rebuild that follows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

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


def test_an_edit_shows_on_its_page_after_a_quick_rebuild_and_everywhere_after_the_next(tmp_path: Path) -> None:
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
        assert "the rest of the site follows in the next rebuild" in log.read_text()
        # The rebuild after the quick one regenerates the rest: papers.json holds the abstract.
        assert wait_for(lambda: mark in BENCH.fetch(f"http://127.0.0.1:{port}/papers.json"), 120), log.read_text()
        time.sleep(3)  # a rebuild set off by the files that build wrote would have started by now
        builds = log.read_text().count("Building documentation")
        assert builds == 3, log.read_text()  # the first build, the edited page's, then the rest's
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


def serve_hook(monkeypatch, tmp_path: Path) -> tuple[object, Path]:
    """The generate hook on a store under tmp_path, with its cache there too; and the store."""
    content = write_store(tmp_path / "content", fixture_papers())
    monkeypatch.setenv("PAPER_ARCHIVE_CONTENT_DIR", str(content))
    monkeypatch.setenv("PAPER_ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    return load_module(ROOT / "hooks" / "generate.py", "generate_hook_under_test"), content


CONFIG = type("Config", (), {"docs_dir": "docs", "config_file_path": str(ROOT / "mkdocs.yml")})()


def test_serve_watches_the_store_by_notifications_not_the_generated_docs(monkeypatch, tmp_path: Path) -> None:
    """MkDocs polls one sentinel file, which a change to any paper file touches; reading a paper does not."""
    hook, content = serve_hook(monkeypatch, tmp_path)
    server = hook.on_serve(RecordingServer(), CONFIG, builder=None)
    sentinels = tmp_path / "cache" / "serve-watch"
    assert server.watched == [str(sentinels)]
    paper = content / "papers" / f"{SLUG}.md"
    text = paper.read_text("utf-8")
    time.sleep(1)
    assert list(sentinels.iterdir()) == []  # a build reads changed papers: that must not set off another build
    paper.write_text(text.rstrip("\n") + " Edited.\n", "utf-8")
    assert wait_for(lambda: (sentinels / "changed").is_file(), 10)
    touched = (sentinels / "changed").read_text()
    (content / "papers" / "new-paper.md").write_text(text, "utf-8")
    assert wait_for(lambda: (sentinels / "changed").read_text() != touched, 10)


def test_serve_polls_the_store_where_notifications_cannot_start(monkeypatch, tmp_path: Path) -> None:
    import generator.store_watch as store_watch

    class NoNotifications(store_watch.Observer):  # type: ignore[misc,valid-type]
        def start(self) -> None:
            raise OSError("inotify watch limit reached")

    monkeypatch.setattr(store_watch, "Observer", NoNotifications)
    hook, content = serve_hook(monkeypatch, tmp_path)
    server = hook.on_serve(RecordingServer(), CONFIG, builder=None)
    assert server.watched == [str(content.resolve())]


def test_serve_sees_a_save_to_a_linked_paper(monkeypatch, tmp_path: Path) -> None:
    """`papers preview` serves a store of symbolic links: a save to the real file must set off a rebuild."""
    real = write_store(tmp_path / "real", fixture_papers())
    linked = tmp_path / "content" / "papers"
    linked.mkdir(parents=True)
    (linked / f"{SLUG}.md").symlink_to(real / "papers" / f"{SLUG}.md")
    monkeypatch.setenv("PAPER_ARCHIVE_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("PAPER_ARCHIVE_CACHE_DIR", str(tmp_path / "cache"))
    hook = load_module(ROOT / "hooks" / "generate.py", "generate_hook_under_test")
    hook.on_serve(RecordingServer(), CONFIG, builder=None)
    paper = real / "papers" / f"{SLUG}.md"
    paper.write_text(paper.read_text("utf-8").rstrip("\n") + " Edited.\n", "utf-8")
    assert wait_for(lambda: (tmp_path / "cache" / "serve-watch" / "changed").is_file(), 10)


class BuildConfig:
    """What the generate hook reads of MkDocs' config, for a store and docs folder under tmp_path."""

    def __init__(self, tmp_path: Path) -> None:
        self.docs_dir = str(tmp_path / "docs")
        self.site_dir = str(tmp_path / "site")
        self.site_url = "http://127.0.0.1:8000/"
        self.config_file_path = str(ROOT / "mkdocs.yml")


def serving(config: BuildConfig) -> RecordingServer:
    """A server that watches the docs folder, as MkDocs' does before the hook unwatches it."""
    server = RecordingServer()
    server.watched = [config.docs_dir]
    return server


def edit_paper(content: Path, words: str) -> None:
    paper = content / "papers" / f"{SLUG}.md"
    paper.write_text(paper.read_text("utf-8").rstrip("\n") + f" {words}\n", "utf-8")


def test_serve_dirty_writes_the_edited_page_then_asks_for_the_rebuild_of_the_rest(monkeypatch, tmp_path: Path) -> None:
    hook, content = serve_hook(monkeypatch, tmp_path)
    config, sentinel = BuildConfig(tmp_path), tmp_path / "cache" / "serve-watch" / "changed"
    hook.on_startup("serve", dirty=True)
    hook.on_pre_build(config)  # the first build: a full run, remembered
    hook.on_serve(serving(config), config, builder=None)
    edit_paper(content, "Quick words.")
    assert wait_for(sentinel.is_file, 10)
    sentinel.unlink()
    time.sleep(0.5)  # the watcher's events for the edit are all in
    sentinel.unlink(missing_ok=True)

    hook.on_pre_build(config)
    page = tmp_path / "docs" / "papers" / f"{SLUG}.md"
    assert "Quick words." in page.read_text("utf-8")
    assert "Quick words." not in (tmp_path / "docs" / "papers.json").read_text("utf-8")  # the rest comes next
    hook.on_post_build(config)
    assert sentinel.is_file()  # MkDocs, polling it, rebuilds

    hook.on_pre_build(config)  # that rebuild: the full run
    assert "Quick words." in (tmp_path / "docs" / "papers.json").read_text("utf-8")


@pytest.mark.parametrize("command, dirty", [("serve", False), ("build", True)])
def test_other_builds_regenerate_everything_at_once(monkeypatch, tmp_path: Path, command: str, dirty: bool) -> None:
    hook, content = serve_hook(monkeypatch, tmp_path)
    config = BuildConfig(tmp_path)
    hook.on_startup(command, dirty=dirty)
    hook.on_pre_build(config)
    hook.on_serve(serving(config), config, builder=None)  # the sentinel works: only the command decides
    edit_paper(content, "Whole words.")
    hook.on_pre_build(config)
    assert "Whole words." in (tmp_path / "docs" / "papers.json").read_text("utf-8")


def test_serve_dirty_shows_an_added_paper_first_too(monkeypatch, tmp_path: Path) -> None:
    hook, content = serve_hook(monkeypatch, tmp_path)
    config, sentinel = BuildConfig(tmp_path), tmp_path / "cache" / "serve-watch" / "changed"
    hook.on_startup("serve", dirty=True)
    hook.on_pre_build(config)
    hook.on_serve(serving(config), config, builder=None)
    added = (content / "papers" / f"{SLUG}.md").read_text("utf-8").replace("title: Deep Learning", "title: Deeper")
    (content / "papers" / "deeper.md").write_text(added, "utf-8")
    assert wait_for(sentinel.is_file, 10)
    time.sleep(0.5)
    sentinel.unlink(missing_ok=True)

    hook.on_pre_build(config)
    assert "Deeper" in (tmp_path / "docs" / "papers" / "deeper.md").read_text("utf-8")
    assert "Deeper" not in (tmp_path / "docs" / "papers.json").read_text("utf-8")
    hook.on_post_build(config)
    assert sentinel.is_file()
    hook.on_pre_build(config)
    assert "Deeper" in (tmp_path / "docs" / "papers.json").read_text("utf-8")
