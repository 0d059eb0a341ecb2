"""No data loss: an import killed at any point leaves the old store or the new one; writers exclude each other."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import check_store
from generator.cli import main
from generator.transaction import store_lock
from helpers import snapshot

ROOT = Path(__file__).resolve().parent.parent

# Runs `papers import` in a child process whose N-th os.replace kills the process with SIGKILL.
DYING_IMPORT = """
import os, signal, sys
real_replace, calls = os.replace, [0]
def dying_replace(source, target):
    calls[0] += 1
    if calls[0] == int(sys.argv[1]):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target)
os.replace = dying_replace
from generator.cli import main
main(sys.argv[2:], prog_name="papers")
"""


def big_listing(path: Path, entries: int) -> Path:
    """An AITopics page with many papers, so an import has lots of files to write."""
    body = "".join(f"A Study of Subject Number {n}\n\narXiv.org AI\n\nWe study subject {n}. It matters a lot.\n\n\n"
                   for n in range(entries))
    path.write_text(f"Goto\n\nCollaborating Authors\n\n Subjects\n\n\n{body}", "utf-8")
    return path


@pytest.fixture
def stores(bundled_content, tmp_path):
    """(a copy of the bundled store, its snapshot, the listing to import, the store it must become)."""
    listing = big_listing(tmp_path / "subjects.txt", 300)
    expected = tmp_path / "expected"
    shutil.copytree(bundled_content, expected)
    result = CliRunner().invoke(main, ["import", "--content", str(expected), str(listing)])
    assert result.exit_code == 0, result.output
    return bundled_content, snapshot(bundled_content), listing, snapshot(expected)


def run_dying_import(content: Path, listing: Path, die_at: int) -> int:
    command = [sys.executable, "-c", DYING_IMPORT, str(die_at), "import", "--content", str(content), str(listing)]
    return subprocess.run(command, cwd=ROOT, capture_output=True).returncode


@pytest.mark.parametrize("die_at", [1, 2, 150, 300])
def test_import_killed_at_any_write_leaves_old_or_new_store(stores, die_at):
    content, old, listing, new = stores
    assert run_dying_import(content, listing, die_at) == -signal.SIGKILL
    errors, _ = check_store(content)  # any command first finishes or discards the interrupted run
    assert errors == []
    assert snapshot(content) == (old if die_at == 1 else new)


def test_import_killed_at_random_moments_leaves_old_or_new_store(stores):
    content, old, listing, new = stores
    command = [sys.executable, "-m", "generator.cli", "import", "--content", str(content), str(listing)]
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4):
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert check_store(content)[0] == []
        assert snapshot(content) in (old, new), f"killed after {delay} s"


def test_second_writer_is_refused_with_a_clear_message(bundled_content, tmp_path):
    before = snapshot(bundled_content)
    listing = big_listing(tmp_path / "subjects.txt", 3)
    with store_lock(bundled_content):
        result = CliRunner().invoke(main, ["import", "--content", str(bundled_content), str(listing)])
    assert result.exit_code == 1
    assert "another import is writing this store; wait for it to finish and run again" in result.output
    assert snapshot(bundled_content) == before
