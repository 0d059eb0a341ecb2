"""`papers enrich` on recorded answers: what is matched, filled, recorded, left for review, and repeated offline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from enrich_support import LOOKUP_DAY, PAPERS, FakeClock, NoNetwork, Replay, make_fetcher, make_store

from generator.cli import main
from generator.enrich import enrich_store, missing
from generator.store import load_store, papers_dir
from helpers import snapshot


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return make_store(tmp_path / "content")


def enriched(store: Path, **options):
    """Run enrichment over the recorded answers; (report, papers by slug after the run, replay)."""
    replay = Replay("arxiv", "semantic-scholar")
    fetcher = make_fetcher(store.parent / "cache", replay)
    report = enrich_store(store, fetcher, today=LOOKUP_DAY, **options)
    return report, {item.slug: item.paper for item in load_store(store, LOOKUP_DAY)}, replay


def test_summary_counts_every_paper_looked_up(store: Path) -> None:
    report, _, _ = enriched(store)
    # complete-paper lacks nothing and is not looked up
    assert (report.looked_up, report.matched, report.ambiguous, report.near, report.not_found) == (6, 3, 1, 1, 1)
    assert report.failures == []
    assert dict(report.filled) == {"authors": 3, "arxiv": 1, "doi": 2, "pdf": 3, "date": 2, "abstract": 1,
                                   "arxiv_category": 2}
    assert [path.stem for path in report.written] == ["counting-words", "sparse-gradient-routing",
                                                     "tokenizer-free-retrieval"]
    assert "6 papers looked up: 3 matched, 1 ambiguous, 1 near matches to review, 1 not found, 0 failed" \
        in report.summary()


def test_title_differing_only_in_case_and_punctuation_is_a_match(store: Path) -> None:
    _, papers, _ = enriched(store)
    paper = papers["sparse-gradient-routing"]
    assert paper.title == "Sparse Gradient Routing for Continual Learning"  # our title is kept
    assert paper.authors == ["Ada Example", "Björn Testperson", "Chen Jing", "Dolores Sample"]
    assert paper.author_count is None and not paper.authors_truncated
    assert (paper.arxiv, paper.doi, paper.arxiv_category) == ("2403.99001", "10.99999/example.2024.001", "cs.LG")
    assert paper.links == ["https://arxiv.org/pdf/2403.99001"]
    assert paper.date == "2024-03-14"  # the listing's month, refined to the day
    assert paper.abstract == "We route gradients sparsely."  # stated text wins


def test_every_filled_value_is_recorded_with_where_and_when(store: Path) -> None:
    _, papers, _ = enriched(store)
    source = papers["sparse-gradient-routing"].sources[-1]
    assert (source.format, source.listing, source.captured) == ("arxiv-api", "https://arxiv.org/abs/2403.99001",
                                                                LOOKUP_DAY.isoformat())
    assert source.title == "SPARSE Gradient-Routing for Continual Learning."  # as the service wrote it
    assert source.filled == ["authors", "arxiv", "doi", "pdf", "date", "arxiv_category"]
    assert source.date == "2024-03-14" and source.arxiv == "2403.99001"
    general = papers["counting-words"].sources[-1]
    assert general.format == "semantic-scholar"
    assert general.listing.startswith("https://www.semanticscholar.org/paper/")
    assert general.filled == ["authors", "doi", "pdf", "date"]
    assert papers["counting-words"].doi == "10.99999/example.speech.7"  # normalised as the store keeps DOIs


def test_hand_edits_and_stated_values_are_untouched(store: Path) -> None:
    _, papers, _ = enriched(store)
    paper = papers["tokenizer-free-retrieval"]
    assert paper.date == "2024-05-03"  # typed by a maintainer; arXiv says 2024-05-02 and does not win
    assert paper.authors[:2] == ["Kofi Exampleson", "Lena Probe"] and len(paper.authors) == 5
    assert paper.sources[-1].filled == ["authors", "pdf", "abstract", "arxiv_category"]
    assert paper.sources[-1].date == "2024-05-02"  # what arXiv said is still on record


def test_known_ids_are_asked_in_one_batch_and_never_searched(store: Path) -> None:
    _, _, replay = enriched(store)
    urls = [url for url, _ in replay.requests]
    assert urls.count("https://export.arxiv.org/api/query?id_list=2405.99006&start=0&max_results=1") == 1
    assert not any("tokenizer" in url.lower() for url in urls)
    assert not any("complete" in url.lower() for url in urls)  # nothing missing, not looked up


def test_two_candidates_no_match_and_contradictions_change_nothing(store: Path) -> None:
    before = {slug: (papers_dir(store) / f"{slug}.md").read_bytes()
              for slug in ("memory-tokens-revisited", "quantised-attention-sinks", "latent-curricula")}
    report, _, _ = enriched(store)
    for slug, data in before.items():
        assert (papers_dir(store) / f"{slug}.md").read_bytes() == data
    reviews = {review.slug: review for review in report.reviews}
    assert reviews["memory-tokens-revisited"].verdict.kind == "ambiguous"
    assert len(reviews["memory-tokens-revisited"].verdict.candidates) == 2
    assert reviews["latent-curricula"].verdict.kind == "near"
    assert reviews["latent-curricula"].verdict.reasons == ["year 2023 here, 2021 in arxiv-api"]
    assert "quantised-attention-sinks" not in reviews


def test_confirmed_near_match_is_applied_and_recorded(store: Path) -> None:
    asked = []
    report, papers, _ = enriched(store, confirm=lambda review: asked.append(review.slug) or True)
    assert asked == ["latent-curricula"]  # an ambiguity is never offered as one record to accept
    paper = papers["latent-curricula"]
    assert paper.arxiv == "2105.99005" and paper.authors == ["Ivan Madeup", "Julia Notreal"]
    assert paper.date == "2023-05-01"  # the stated date stays
    assert report.near == 0 and report.matched == 4


def test_second_run_is_offline_from_the_cache_and_gives_the_same_bytes(tmp_path: Path) -> None:
    first = make_store(tmp_path / "first")
    second = tmp_path / "second"
    shutil.copytree(first, second)
    cache = tmp_path / "cache"
    enrich_store(first, make_fetcher(cache, Replay("arxiv", "semantic-scholar")), today=LOOKUP_DAY)
    cached = snapshot(cache)
    offline = make_fetcher(cache, NoNetwork(), offline=True)
    report = enrich_store(second, offline, today=LOOKUP_DAY)
    assert report.requests_sent == 0 and report.failures == []
    assert snapshot(second) == snapshot(first)
    assert snapshot(cache) == cached
    # and the enriched store has nothing left to ask about the matched papers
    again = enrich_store(first, make_fetcher(cache, NoNetwork(), offline=True), today=LOOKUP_DAY)
    assert again.looked_up == 3 and again.written == []


def test_papers_needing_nothing_are_not_looked_up() -> None:
    assert missing(PAPERS["complete-paper"]) == []
    assert missing(PAPERS["memory-tokens-revisited"]) == ["authors", "identifier", "pdf", "date"]
    assert missing(PAPERS["tokenizer-free-retrieval"]) == ["authors", "pdf"]


def test_requests_are_polite(store: Path) -> None:
    clock = FakeClock()
    replay = Replay("arxiv", "semantic-scholar")
    enrich_store(store, make_fetcher(store.parent / "cache", replay, clock), today=LOOKUP_DAY)
    arxiv_calls = [url for url, _ in replay.requests if "arxiv.org" in url]
    assert len(arxiv_calls) == 6  # one id batch, five title searches
    assert clock.sleeps.count(3.0) == 5  # three seconds between arXiv requests
    for _, headers in replay.requests:
        assert headers["User-Agent"].startswith("paper-archive/")
        assert "mailto:archive-maintainers@example.org" in headers["User-Agent"]


def test_cli_prints_reviews_and_summary_and_writes_the_review_list(tmp_path: Path) -> None:
    store = make_store(tmp_path / "content")
    cache = tmp_path / "cache"
    enrich_store(make_store(tmp_path / "warm"), make_fetcher(cache, Replay("arxiv", "semantic-scholar")),
                 today=LOOKUP_DAY)  # the cache now holds every answer
    review_file = tmp_path / "review.json"
    result = CliRunner().invoke(main, ["enrich", "--content", str(store), "--cache-dir", str(cache), "--offline",
                                       "--review", str(review_file)])
    assert result.exit_code == 0, result.output
    assert "review: latent-curricula: near — year 2023 here, 2021 in arxiv-api" in result.output
    assert "review: memory-tokens-revisited: ambiguous — 2 records carry this title" in result.output
    assert "6 papers looked up: 3 matched, 1 ambiguous, 1 near matches to review, 1 not found, 0 failed" \
        in result.output
    assert "filled: authors 3, arxiv 1, doi 2, pdf 3, date 2, abstract 1, arxiv_category 2; 3 files written" \
        in result.output
    listed = json.loads(review_file.read_text("utf-8"))
    assert [entry["slug"] for entry in listed] == ["latent-curricula", "memory-tokens-revisited"]
    assert listed[0]["candidates"][0]["url"] == "https://arxiv.org/abs/2105.99005"
    check = CliRunner().invoke(main, ["check", "--content", str(store)])
    assert check.exit_code == 0, check.output


def test_the_bundled_store_holds_nothing_fetched() -> None:
    """Nothing fetched goes into content/ from this machine (issue 15, part 3)."""
    root = Path(__file__).resolve().parent.parent
    text = "".join(path.read_text("utf-8") for path in sorted((root / "content" / "papers").glob("*.md")))
    assert "format: arxiv-api" not in text and "format: semantic-scholar" not in text


def test_import_enrich_looks_up_the_papers_written(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    enrich_store(make_store(tmp_path / "warm"), make_fetcher(cache, Replay("arxiv", "semantic-scholar")),
                 today=LOOKUP_DAY)
    listing = tmp_path / "hf-daily-papers-test.txt"
    listing.write_text("Daily Papers\n\nNov 30\n\nSparse Gradient Routing for Continual Learning\n\n"
                       "We route gradients through a sparse set of paths, a long enough abstract to be one.\n\n"
                       "  • 4 authors\n·\nMar 14\n", "utf-8")  # the year is guessed from the capture day
    content = tmp_path / "content"
    result = CliRunner().invoke(main, ["import", str(listing), "--content", str(content), "--captured", "2026-11-30",
                                       "--enrich", "--offline", "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    assert "1 papers looked up: 1 matched" in result.output
    [stored] = load_store(content, LOOKUP_DAY)
    assert stored.paper.arxiv == "2403.99001" and len(stored.paper.authors) == 4
    assert [source.format for source in stored.paper.sources] == ["hf-daily-papers", "arxiv-api"]
    # the listing's day and month with a guessed year: arXiv confirms the day and gives the year
    assert (stored.paper.date, stored.paper.year_inferred) == ("2024-03-14", False)


def test_the_pull_request_workflow_never_calls_the_network() -> None:
    root = Path(__file__).resolve().parent.parent
    workflow = (root / ".github" / "workflows" / "pr.yml").read_text("utf-8")
    assert "papers enrich" not in workflow and "--enrich" not in workflow


def test_readers_see_what_was_filled_from_where_and_when(store: Path) -> None:
    from generator.labels import sighting

    _, papers, _ = enriched(store)
    assert sighting(papers["counting-words"].sources[-1]) == \
        "Filled in from Semantic Scholar (authors, DOI, PDF link, date), looked up 1 Dec 2026"
    assert sighting(papers["counting-words"].sources[0]) == "Seen on Hugging Face Daily Papers, captured 30 Nov 2026"


def test_cli_confirm_asks_about_near_matches_in_the_terminal(tmp_path: Path) -> None:
    store = make_store(tmp_path / "content")
    cache = tmp_path / "cache"
    enrich_store(make_store(tmp_path / "warm"), make_fetcher(cache, Replay("arxiv", "semantic-scholar")),
                 today=LOOKUP_DAY)
    result = CliRunner().invoke(main, ["enrich", "--content", str(store), "--cache-dir", str(cache), "--offline",
                                       "--confirm"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "latent-curricula: near — year 2023 here, 2021 in arxiv-api" in result.output
    assert "Apply this record? [y/N]" in result.output
    assert "4 matched, 1 ambiguous, 0 near matches to review" in result.output
    [paper] = [item.paper for item in load_store(store, LOOKUP_DAY) if item.slug == "latent-curricula"]
    assert paper.arxiv == "2105.99005" and paper.sources[-1].format == "arxiv-api"


def test_a_paper_with_a_doi_is_looked_up_by_it(tmp_path: Path) -> None:
    from generator.models import Paper, Source
    from generator.store import render_paper

    store = tmp_path / "content"
    papers_dir(store).mkdir(parents=True)
    paper = Paper(title="Seeing Through Fog with Event Cameras", doi="10.99999/example.vision.3", author_count=2,
                  date="2023", sources=[Source("listing.txt", "aitopics", 4, title="Seeing Through Fog with Event Cameras")])
    (papers_dir(store) / "seeing-through-fog.md").write_text(render_paper(paper), "utf-8")
    replay = Replay("semantic-scholar")
    report = enrich_store(store, make_fetcher(tmp_path / "cache", replay), services=["semantic-scholar"],
                          today=LOOKUP_DAY)
    assert report.matched == 1 and [url for url, _ in replay.requests] == [
        "https://api.semanticscholar.org/graph/v1/paper/DOI:10.99999/example.vision.3?fields=title,authors,year,"
        "publicationDate,externalIds,openAccessPdf,url,abstract"]
    [stored] = load_store(store, LOOKUP_DAY)
    assert stored.paper.authors == ["Rosa Hypothetical", "Sven Imaginary"]
    assert (stored.paper.arxiv, stored.paper.date) == ("2310.99008", "2023-10-12")
    assert stored.paper.sources[-1].filled == ["authors", "arxiv", "pdf", "date", "abstract"]
