"""Watch the store for `mkdocs serve` with the system's file notifications instead of MkDocs' poller.

MkDocs watches with watchdog's PollingObserver: every file of a watched folder is listed and stat'ed twice
a second. Over 50,000 paper files one pass takes ~0.8 s of CPU, so a serving process kept a core busy and,
holding the GIL, slowed each rebuild (one edit showed after 15.9 s where the same build in a new process
took 11.6 s). Here the store is watched by watchdog's native observer (inotify, FSEvents,
ReadDirectoryChangesW), which touches one sentinel file on every change; MkDocs polls the folder of that one
file (`server.watch`, its public API). Paper files that are symbolic links (`papers preview`'s store) are
watched in their real folders too. Where no native observer starts (an inotify limit, some network file
systems), MkDocs polls the store itself, as before.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .layout import papers_dir

SENTINEL_FOLDER = "serve-watch"
# What a write, an addition, a removal or a rename reports; not the opening and reading of a file, which the
# build itself does (a relayed read would rebuild for ever).
CHANGES = {"created", "deleted", "modified", "moved", "closed"}
LOG = logging.getLogger("mkdocs.hooks.generate")
_OBSERVERS: dict[Path, tuple[BaseObserver, Relay]] = {}  # one per store and process


class Relay(FileSystemEventHandler):
    """Touches the sentinel file for every change to a file under the watched folder."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in CHANGES:
            self.touch()

    def touch(self) -> None:
        """Change the sentinel: MkDocs, polling its folder, rebuilds."""
        self.sentinel.write_text(f"{time.time_ns()}\n", "utf-8")


def linked_folders(store: Path) -> set[Path]:
    """The real folders of paper files that are symbolic links (`papers preview` links the papers it shows)."""
    with os.scandir(papers_dir(store)) as entries:
        return {Path(entry.path).resolve().parent for entry in entries if entry.is_symlink()}


def can_request_rebuild(store: Path) -> bool:
    """Whether request_rebuild reaches `mkdocs serve`: the store is watched through the sentinel (where MkDocs
    polls the store itself, nothing here can set off a rebuild)."""
    return store.resolve() in _OBSERVERS


def request_rebuild(store: Path) -> None:
    """Set off one more rebuild of `mkdocs serve`, as a change to the store would (see can_request_rebuild)."""
    _OBSERVERS[store.resolve()][1].touch()


def folder_to_poll(store: Path, cache_dir: Path) -> Path:
    """The folder MkDocs should watch for changes to `store`: the sentinel's when a native observer runs
    (started here, once per store), else the store itself."""
    store = store.resolve()
    folder = cache_dir / SENTINEL_FOLDER
    if store in _OBSERVERS:
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
        observer, relay = Observer(), Relay(folder / "changed")
        observer.schedule(relay, str(store), recursive=True)
        for linked in linked_folders(store):  # a save through its real path says nothing where the link is
            observer.schedule(relay, str(linked), recursive=False)
        observer.daemon = True
        observer.start()
    except OSError as error:  # e.g. "inotify watch limit reached"
        LOG.info(f"watching {store} by polling it: no file notifications ({error})")
        return store
    _OBSERVERS[store] = (observer, relay)
    return folder
