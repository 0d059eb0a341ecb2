"""The lock file (requirements.txt) pins exactly what pyproject.toml asks for, with hashes, and is what runs.

Pure parsing with `packaging` (no network, no resolver): every requirement of pyproject.toml (runtime and the
`test` extra) is satisfied by a pinned line of the lock, every pin has hashes, and every pin is reachable from
pyproject.toml through the lock's `# via` annotations, so a dependency dropped from pyproject.toml cannot
linger. `make lock` fixes any failure here.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.txt"
PYPROJECT = ROOT / "pyproject.toml"
LOCKED_EXTRAS = ("test",)  # `semantic` (PyTorch) stays out of the lock and of `make test`
PROJECT_VIA = "paper-archive (pyproject.toml)"


@dataclass
class Pin:
    """One `name==version` entry of the lock, its hashes and what requires it."""

    requirement: Requirement
    hashes: list[str] = field(default_factory=list)
    via: set[str] = field(default_factory=set)

    @property
    def version(self) -> Version:
        (specifier,) = self.requirement.specifier
        return Version(specifier.version)


def parse_lock(text: str) -> dict[str, Pin]:
    """Pins by canonical name: continuation lines joined, `# via` comments (one or several) read."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    for line in re.sub(r"\\\n", " ", text).splitlines():
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and current is None):
            continue
        if stripped.startswith("#"):
            via = stripped.lstrip("#").strip()
            via = via.removeprefix("via").strip()
            if via:
                current.via.add(via if via == PROJECT_VIA else str(canonicalize_name(via)))
            continue
        requirement_text, *options = stripped.split(" --hash=")
        requirement = Requirement(requirement_text.strip())
        current = Pin(requirement, [option.strip() for option in options])
        pins[canonicalize_name(requirement.name)] = current
    return pins


def project_requirements(pyproject_text: str) -> list[Requirement]:
    """Runtime and locked-extra requirements of pyproject.toml."""
    project = tomllib.loads(pyproject_text)["project"]
    lines = list(project["dependencies"])
    for extra in LOCKED_EXTRAS:
        lines += project["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


def lock_problems(pyproject_text: str, lock_text: str) -> list[str]:
    """Every way the lock and pyproject.toml disagree, as sentences (empty: in sync)."""
    pins, problems = parse_lock(lock_text), []
    wanted = {canonicalize_name(requirement.name): requirement for requirement in project_requirements(pyproject_text)}
    for name, requirement in wanted.items():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{requirement} is in pyproject.toml but not in the lock")
        elif not requirement.specifier.contains(pin.version, prereleases=True):
            problems.append(f"{requirement} is in pyproject.toml but the lock pins {pin.version}")
    for name, pin in pins.items():
        if len(pin.requirement.specifier) != 1 or next(iter(pin.requirement.specifier)).operator != "==":
            problems.append(f"{pin.requirement} is not pinned with ==")
        if not pin.hashes or not all(value.startswith("sha256:") for value in pin.hashes):
            problems.append(f"{name} has no sha256 hash")
        if PROJECT_VIA in pin.via and name not in wanted:
            problems.append(f"{name} is locked as a requirement of pyproject.toml, which no longer asks for it")
    reachable, frontier = set(), [name for name in pins if name in wanted]
    while frontier:
        name = frontier.pop()
        if name not in reachable:
            reachable.add(name)
            frontier += [child for child, pin in pins.items() if name in pin.via]
    problems += [f"{name} is locked but nothing in pyproject.toml needs it" for name in pins if name not in reachable]
    return problems


def test_lock_and_pyproject_agree():
    assert lock_problems(PYPROJECT.read_text("utf-8"), LOCK.read_text("utf-8")) == []


def test_the_semantic_extra_stays_out_of_the_lock():
    pins = parse_lock(LOCK.read_text("utf-8"))
    assert "sentence-transformers" not in pins and "torch" not in pins
    assert len(pins) > 50  # the whole tree, not only the top level


@pytest.mark.parametrize(("change", "expected"), [
    (lambda p, l: (p.replace('"rapidfuzz>=3.0",', '"rapidfuzz>=3.0",\n    "tabulate>=0.9",'), l),
     "tabulate>=0.9 is in pyproject.toml but not in the lock"),
    (lambda p, l: (p.replace('"mkdocs>=1.6,<2"', '"mkdocs>=1.7,<2"'), l),
     "mkdocs<2,>=1.7 is in pyproject.toml but the lock pins"),
    (lambda p, l: (p.replace('    "rapidfuzz>=3.0",  # near-duplicate titles in `papers check`: C-speed similarity for 50,000 papers\n', ""), l),
     "rapidfuzz is locked as a requirement of pyproject.toml, which no longer asks for it"),
    (lambda p, l: (p, re.sub(r"(\nclick==[^\n]*)( \\\n    --hash=sha256:\w+)+", r"\1", l)),
     "click has no sha256 hash"),
    (lambda p, l: (p, l + "orphan==1.0 \\\n    --hash=sha256:00\n    # via nothing-locked\n"),
     "orphan is locked but nothing in pyproject.toml needs it"),
])
def test_a_lock_out_of_sync_is_caught(change, expected):
    pyproject, lock = change(PYPROJECT.read_text("utf-8"), LOCK.read_text("utf-8"))
    assert (pyproject, lock) != (PYPROJECT.read_text("utf-8"), LOCK.read_text("utf-8")), "the change did not apply"
    problems = lock_problems(pyproject, lock)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_the_running_environment_is_the_locked_one():
    """`make test` installed exactly the lock: a stale venv shows here, not as a puzzling failure elsewhere."""
    different = {}
    for name, pin in parse_lock(LOCK.read_text("utf-8")).items():
        if pin.requirement.marker is not None and not pin.requirement.marker.evaluate():
            continue
        installed = importlib.metadata.version(name)
        if Version(installed) != pin.version:
            different[name] = (installed, str(pin.version))
    assert different == {}, "run `make test` (it reinstalls from requirements.txt): " + repr(different)


def test_make_and_the_workflows_install_from_the_lock():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = re.search(r"^\$\(STAMP\): .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "pip install --quiet --require-hashes -r $(LOCK)" in recipe
    assert "pip install --quiet --no-deps -e ." in recipe
    assert "-e '.[test]'" not in makefile  # nothing resolves outside the lock
    assert re.search(r"^LOCK := requirements.txt$", makefile, re.MULTILINE)
    assert re.search(r"^\$\(STAMP\): pyproject.toml \$\(LOCK\)$", makefile, re.MULTILINE)
    lock_recipe = re.search(r"^lock:\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "uv pip compile pyproject.toml --extra test --generate-hashes" in lock_recipe
    header = LOCK.read_text("utf-8").splitlines()[1]
    assert "uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11" in header
