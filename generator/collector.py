"""Python's cycle collector around big loads: it walks every tracked object on each full collection.

A 50,000-paper store loaded is millions of objects and no cycles: collections triggered while it is
loaded, or while a build allocates around it, walk it again and again (~3 s of a 10 s one-paper edit;
about a third of a search index build). Garbage made while rendering is still collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (unless the caller had it off already): for code that allocates
    millions of acyclic objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def loaded_objects_frozen() -> Iterator[None]:
    """Every object alive on entry is left out of collections inside (gc.freeze), and put back after."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
