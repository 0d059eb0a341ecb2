"""Accounting: every record read is new, merged, unchanged or rejected with a reason — at 10,000 records too."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from generator.importer import import_listings
from generator.store import load_store

CAPTURED = dt.date(2025, 12, 1)


def write_corpus(path: Path, unique: int, duplicates: int, near: int, malformed: int, seed: int = 7) -> None:
    """An AITopics page mixing unique papers, re-spelled duplicates, near-duplicates and broken entries."""
    rng = random.Random(seed)
    titles = [f"Learning {rng.choice(['Sparse', 'Deep', 'Robust', 'Causal'])} Models of Thing {n}" for n in range(unique)]
    entries = [(title, "arXiv.org Machine Learning", f"We study {title.lower()}. It works well.") for title in titles]
    for title in rng.sample(titles, duplicates):  # same paper: case, punctuation and spacing differ
        entries.append((title.upper().replace(" ", "  ") + "!", "arXiv.org AI", f"Variant abstract of {title}. Yes."))
    for title in rng.sample(titles, near):  # a different paper whose title differs by one word
        entries.append((title.replace("Models", "Mixtures"), "arXiv.org AI", "A related study. It differs."))
    for n in range(malformed):  # title and venue, no abstract
        entries.append((f"Truncated Entry {n}", "arXiv.org AI", None))
    rng.shuffle(entries)
    blocks = ["\n\n".join(part for part in entry if part) for entry in entries]
    path.write_text("Goto\n\nCollaborating Authors\n\n Things\n\n\n" + "\n\n\n".join(blocks) + "\n", "utf-8")


def test_seed_accounting(seed_listings, content_dir):
    report = import_listings(seed_listings, content_dir, CAPTURED)
    assert report.read == report.new + report.merged + report.unchanged + len(report.rejected) == 156
    again = import_listings(seed_listings, content_dir, CAPTURED)
    assert (again.read, again.unchanged) == (156, 156)


def test_ten_thousand_records_are_all_accounted_for(content_dir, tmp_path):
    listing = tmp_path / "things.txt"
    write_corpus(listing, unique=9000, duplicates=500, near=300, malformed=200)
    report = import_listings([listing], content_dir, CAPTURED, keep_going=True)
    assert report.read == 10_000
    assert (report.new, report.merged, report.unchanged, len(report.rejected)) == (9300, 500, 0, 200)
    assert all(problem.field == "abstract" and "not followed by an abstract" in problem.message
               and problem.file == str(listing) for problem in report.rejected)
    assert len(load_store(content_dir)) == 9300
    again = import_listings([listing], content_dir, CAPTURED, keep_going=True)
    assert (again.new, again.merged, again.unchanged, len(again.rejected), again.written) == (0, 0, 9800, 200, [])
