"""The cycle collector kept off a loaded store: paused while loading, frozen while used, frozen again at exit."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from generator.collector import collector_paused, frozen_until_done

ROOT = Path(__file__).resolve().parent.parent


def test_a_load_is_frozen_before_the_collector_resumes_and_released_after_use() -> None:
    assert gc.isenabled()
    loaded: list[list[int]] = []
    with collector_paused(freeze_on_exit=True):
        assert not gc.isenabled()
        loaded.extend([number] for number in range(10_000))
        assert gc.get_freeze_count() == 0
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(loaded)  # left out of the collection resuming would start
        with frozen_until_done():
            gc.collect()
            assert gc.get_freeze_count() >= len(loaded)
    finally:
        gc.unfreeze()
    assert gc.get_freeze_count() == 0


def test_a_caller_that_had_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_alive_at_exit_are_frozen_before_finalisation() -> None:
    # atexit handlers run last-registered first: this one runs after the freeze the command asked for.
    script = ("import atexit, gc\n"
              "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
              "from generator.collector import no_collections_at_exit\n"
              "kept = [[n] for n in range(1000)]\n"
              "no_collections_at_exit(); no_collections_at_exit()\n"
              "print('frozen before exit:', gc.get_freeze_count() > 0)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["frozen before exit: False", "frozen at exit: True"]
