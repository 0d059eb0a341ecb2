"""A small store for forgiving-search tests: the generated corpus plus papers with word forms and a typo."""

from __future__ import annotations

import sys
from pathlib import Path

from generator.models import Paper
from generator.store import StoredPaper

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_search_index import make_store  # noqa: E402

TYPOS = [  # each finds the paper titled "... Quasicrystal attack"
    ("transposition", "quasicrsytal"), ("deletion", "quasicrystl"), ("insertion", "quasicrystaal"),
    ("substitution", "quasicrystel"), ("first letter", "wuasicrystal"), ("first letters swapped", "uqasicrystal"),
    ("first letter dropped", "uasicrystal"), ("two edits", "qausicrystl"),
]
EXTRA = [
    ("zeolite", Paper(title="A Zeolite Catalyst", authors=["Ana Pérez"], date="2019-03-01", topics=["Chemistry"],
                      abstract="One zeolite catalyst, examined closely.")),
    ("studies", Paper(title="Case Studies of Quasiperiodic Tilings", authors=["Bo Chen"], date="2018-05-01",
                      topics=["Geometry"], abstract="Tilings without period.")),
    ("sketching", Paper(title="Tensor Sketching", authors=["Cy Dee"], date="2017-01-01", topics=["Theory"],
                        abstract="Randomised sketching of tensors.")),
    ("typo-in-title", Paper(title="Tensor Skteching Revisited", authors=["Di Eck"], date="2017-02-01",
                            topics=["Theory"], abstract="A misspelt title, kept as the author wrote it.")),
]


def forgiving_store() -> list[StoredPaper]:
    """make_store() plus the papers above."""
    return make_store() + [StoredPaper(slug, Path(f"{slug}.md"), paper) for slug, paper in EXTRA]
