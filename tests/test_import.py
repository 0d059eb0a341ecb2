"""Import pipeline on the seeds: counts, dedupe and merge, idempotence, hand edits, all-or-nothing errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import frontmatter
import pytest
from click.testing import CliRunner

from conftest import SEED_COUNTS
from generator.cli import main
from generator.errors import InputError
from generator.importer import import_listings
from generator.store import load_store
from helpers import snapshot

CAPTURED = dt.date(2025, 11, 22)


def run_import(paths: list[Path], content: Path, **options) -> object:
    return import_listings(paths, content, CAPTURED, **options)


def by_title(content: Path) -> dict[str, object]:
    return {item.paper.title: item for item in load_store(content)}


def test_seed_counts_per_file_and_distinct_papers(seed_listings, content_dir):
    report = run_import(seed_listings, content_dir)
    assert {Path(path).name: count for path, (_, count) in report.formats.items()} == SEED_COUNTS
    assert report.read == 156
    assert (report.new, report.merged, report.unchanged, report.rejected) == (154, 2, 0, [])
    assert len(list((content_dir / "papers").glob("*.md"))) == 154


def test_formats_are_detected_from_content(seed_listings, content_dir, tmp_path):
    renamed = []
    for number, path in enumerate(seed_listings):
        copy = tmp_path / f"listing-{number}.dat"
        copy.write_bytes(path.read_bytes())
        renamed.append(copy)
    report = run_import(renamed, content_dir)
    assert sorted(fmt for fmt, _ in report.formats.values()) == [
        "aitopics", "author-profile", "hf-daily-papers", "hf-daily-papers", "hf-daily-papers"]


def test_paper_seen_twice_keeps_both_sources_and_abstract_variant(seed_listings, content_dir):
    run_import(seed_listings, content_dir)
    paper = by_title(content_dir)["Exploring Memorization in Fine-tuned Language Models"].paper
    assert sorted(source.listing for source in paper.sources) == [
        "aitopics-rote-learning.txt", "author-profile-jie-ren.txt"]
    assert paper.authors == ["Shenglai Zeng", "Yaxin Li", "Jie Ren"] and paper.authors_truncated
    assert paper.topics == ["Rote Learning"]
    assert paper.score == 30.1 and paper.code is True and paper.arxiv_category == "AI"
    assert paper.date == "2023-10-10"
    variants = [source.abstract for source in paper.sources if source.abstract]
    assert len(variants) == 1 and variants[0] != paper.abstract  # the other listing's wording is kept


def test_reimport_changes_no_byte(seed_listings, content_dir):
    run_import(seed_listings, content_dir)
    before = snapshot(content_dir)
    report = import_listings(seed_listings, content_dir, CAPTURED + dt.timedelta(days=400))
    assert (report.new, report.merged, report.unchanged, report.written) == (0, 0, 156, [])
    assert snapshot(content_dir) == before


def test_hand_edits_survive_reimport_and_new_sources(seed_listings, content_dir, tmp_path):
    run_import(seed_listings[:1], content_dir)  # aitopics only
    path = next(item.path for item in load_store(content_dir) if item.paper.title.startswith("On Memorization in"))
    post = frontmatter.load(path)
    post["title"] = "On Memorisation in Diffusion Models"  # a contributor's spelling fix
    post["topics"] = post["topics"] + ["Diffusion"]
    post["links"] = ["https://example.org/code"]
    path.write_text(frontmatter.dumps(post, sort_keys=False) + "\n", "utf-8")
    run_import(seed_listings, content_dir)
    second = tmp_path / "second.txt"  # the same paper seen in a new listing, under its original title
    second.write_text("Goto\n\nCollaborating Authors\n\n Memory\n\n\nOn Memorization in Diffusion Models\n\n"
                      "arXiv.org Machine Learning\n\nDiffusion models memorise.\n", "utf-8")
    report = run_import([second], content_dir)
    assert report.merged == 1 and report.new == 0
    paper = load_store(content_dir)[[i.path for i in load_store(content_dir)].index(path)].paper
    assert paper.title == "On Memorisation in Diffusion Models"
    assert paper.topics == ["Rote Learning", "Diffusion", "Memory"]
    assert paper.links == ["https://example.org/code"]
    assert [source.listing for source in paper.sources] == ["aitopics-rote-learning.txt", "second.txt"]
    assert paper.sources[1].abstract == "Diffusion models memorise."


def test_year_less_dates_resolve_against_capture_date(seed_listings, content_dir):
    hf1 = next(path for path in seed_listings if path.name == "hf-daily-papers-1.txt")
    import_listings([hf1], content_dir, dt.date(2025, 9, 29))
    paper = by_title(content_dir)["Optimizing What Matters: AUC-Driven Learning for Robust Neural Retrieval"].paper
    assert (paper.date, paper.year_inferred, paper.upvotes) == ("2024-09-30", True, 2)
    assert paper.organisation == "ServiceNow-AI"
    text = (content_dir / "papers" / "optimizing-what-matters-auc-driven-learning-for-robust-neural-retrieval.md")
    assert "year_inferred: true" in text.read_text("utf-8")


def test_full_author_list_beats_count(content_dir, tmp_path):
    hf = tmp_path / "hf.txt"
    hf.write_text("Daily Papers\n\nNov 6\n\nA Study of Things\n\nWe study things. They are many. It works.\n\n"
                  "  • 3 authors\n·\nJun 17, 2024\n", "utf-8")
    profile = tmp_path / "profile.txt"
    profile.write_text("5.5LGDec 2, 2021\nA Study of ThingsAda Lovelace, Alan Turing, Grace Hopper\n"
                       "We study things.\n", "utf-8")
    run_import([hf], content_dir)
    assert load_store(content_dir)[0].paper.author_count == 3
    run_import([profile], content_dir)
    paper = load_store(content_dir)[0].paper
    assert paper.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert paper.author_count is None and not paper.authors_truncated
    assert paper.date == "2024-06-17"  # the first stated date is kept


@pytest.mark.parametrize("data, message", [
    (b"", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (b"Goto\n\nCollaborating Authors\n\n Caf\xe9s\n", "not valid UTF-8"),
    (b"Just some prose that is not any listing we know.\nAnother line.\n", "unknown listing format"),
])
def test_unusable_files_fail_cleanly_and_leave_store_alone(seed_listings, content_dir, tmp_path, data, message):
    run_import(seed_listings[:1], content_dir)
    before = snapshot(content_dir)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    result = CliRunner().invoke(main, ["import", "--content", str(content_dir), str(seed_listings[1]), str(bad)])
    assert result.exit_code != 0
    assert f"{bad}" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert snapshot(content_dir) == before


def test_truncated_entry_aborts_whole_run_unless_keep_going(content_dir, tmp_path):
    listing = tmp_path / "profile.txt"
    listing.write_text("30.1AIOct 10, 2023Code\nA Good PaperAda Lovelace, Alan Turing\nAbstract text.\n"
                       "9.6CLApr 3, 2024\n", "utf-8")
    with pytest.raises(InputError) as error:
        run_import([listing], content_dir)
    assert f"{listing}:4:" in str(error.value.message)
    assert not list(content_dir.glob("papers/*.md"))
    report = run_import([listing], content_dir, keep_going=True)
    assert (report.read, report.new, len(report.rejected)) == (2, 1, 1)


def test_cli_import_prints_accounting(seed_listings, content_dir):
    result = CliRunner().invoke(main, ["import", "--content", str(content_dir), "--captured", "2025-11-22",
                                       *map(str, seed_listings)])
    assert result.exit_code == 0, result.output
    assert "156 records read: 154 new papers, 2 merged into existing papers, 0 unchanged, 0 rejected" in result.output
    for name, count in SEED_COUNTS.items():
        assert f"{name}: " in result.output and f", {count} records" in result.output


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
