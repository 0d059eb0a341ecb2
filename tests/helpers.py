"""Small helpers shared by the tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below a directory with its bytes, for before/after comparisons."""
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file() and path.name != ".lock"}


def load_module(path: Path, name: str) -> ModuleType:
    """A Python file that is not in a package (hooks/*.py, bench/run.py) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
