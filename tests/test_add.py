"""`papers add`: writes a valid paper from flags, stdin or prompts; refuses duplicates; all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import add
from generator.check import check_store
from generator.cli import main
from generator.models import Paper, Source
from generator.normalise import normalise_arxiv_id
from generator.store import load_store, render_paper


def run_add(content: Path, *args: str, stdin: str = "") -> object:
    return CliRunner().invoke(main, ["add", "--content", str(content), *args], input=stdin)


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(path.relative_to(content)): path.read_bytes() for path in sorted(content.rglob("*")) if path.is_file() and path.name != ".lock"}


def store_with(content: Path, **papers: Paper) -> Path:
    for slug, paper in papers.items():
        (content / "papers").mkdir(parents=True, exist_ok=True)
        (content / "papers" / f"{slug}.md").write_text(render_paper(paper), "utf-8")
    return content


@pytest.mark.parametrize("text, expected", [
    ("2106.01234", "2106.01234"),
    ("arXiv:2106.01234v2", "2106.01234"),
    ("  ARXIV:2106.01234  ", "2106.01234"),
    ("https://arxiv.org/abs/2106.01234v3", "2106.01234"),
    ("http://www.arxiv.org/pdf/2106.01234v1.pdf", "2106.01234"),
    ("https://arxiv.org/html/2106.12345/", "2106.12345"),
    ("hep-th/9901001v2", "hep-th/9901001"),
    ("arXiv:math.GT/0309136", "math.GT/0309136"),
    ("1706.037", None),
    ("https://example.org/abs/2106.01234", None),
    ("not an id", None),
])
def test_normalise_arxiv_id(text, expected):
    assert normalise_arxiv_id(text) == expected


def test_add_from_flags_writes_the_file_the_store_would(content_dir):
    result = run_add(content_dir, "--title", "Sparse Mixtures: Routing at Scale", "--author", "Zoë Müller",
                     "--author", "Jean-Luc Martin", "--date", "2024-05-17", "--topic", "Mixture of Experts",
                     "--topic", "Scaling", "--arxiv", "arXiv:2405.01234v2", "--url", "https://example.org/code",
                     "--abstract", "  We route tokens.\n")
    assert result.exit_code == 0, result.output
    path = content_dir / "papers" / "sparse-mixtures-routing-at-scale.md"
    assert result.output.splitlines()[0] == f"wrote {path}"
    assert path.read_text("utf-8") == (
        "---\ntitle: 'Sparse Mixtures: Routing at Scale'\nauthors:\n- Zoë Müller\n- Jean-Luc Martin\n"
        "date: '2024-05-17'\ntopics:\n- Mixture of Experts\n- Scaling\narxiv: '2405.01234'\n"
        "links:\n- https://example.org/code\n---\n\nWe route tokens.\n")
    assert check_store(content_dir) == ([], [])
    assert not list(content_dir.glob(".journal*"))


def test_abstract_is_read_from_stdin_and_arxiv_taken_from_an_arxiv_url(content_dir):
    result = run_add(content_dir, "--title", "Piped Abstract", "--url", "https://arxiv.org/abs/2301.00001v4",
                     stdin="First paragraph.\n\nSecond paragraph.\n")
    assert result.exit_code == 0, result.output
    (item,) = load_store(content_dir)
    assert item.paper.abstract == "First paragraph.\n\nSecond paragraph."
    assert item.paper.arxiv == "2301.00001"
    assert item.paper.links == ["https://arxiv.org/abs/2301.00001v4"]


def test_a_title_sharing_a_slug_gets_the_importers_hashed_slug(content_dir):
    assert run_add(content_dir, "--title", "Resume Parsing", "--abstract", "a").exit_code == 0
    result = run_add(content_dir, "--title", "Résumé Parsing", "--abstract", "b")
    assert result.exit_code == 0, result.output
    names = {item.path.name: item.paper.title for item in load_store(content_dir)}
    assert names == {"resume-parsing.md": "Resume Parsing", "resume-parsing-ef5b2b.md": "Résumé Parsing"}
    assert check_store(content_dir)[0] == []


@pytest.mark.parametrize("args, reason", [
    (["--title", "ATTENTION is all you need!!"], "the same title"),
    (["--title", "A New Name", "--arxiv", "https://arxiv.org/abs/1706.03762v7"], "the same arXiv id 1706.03762"),
    (["--title", "Attention — is All You Need?"], "the same title"),
    (["--title", "Original listing title"], "the same title"),  # a title a source gave, before a hand edit
])
def test_duplicates_are_refused_naming_the_file(content_dir, args, reason):
    store_with(content_dir, **{"attention-is-all-you-need": Paper(
        title="Attention Is All You Need", arxiv="1706.03762",
        sources=[Source(listing="l.txt", format="aitopics", line=3, title="Original Listing Title")])})
    before = snapshot(content_dir)
    result = run_add(content_dir, *args, "--abstract", "x")
    assert result.exit_code == 1
    existing = content_dir / "papers" / "attention-is-all-you-need.md"
    assert result.output == (f"Error: papers add: {existing} already holds this paper ({reason}): "
                             f"edit that file instead of adding a new one\n")
    assert snapshot(content_dir) == before


def test_every_problem_is_reported_at_once_and_nothing_is_written(content_dir):
    before = snapshot(content_dir)
    result = run_add(content_dir, "--title", "Beating </script> Baselines", "--date", "2024-02-30",
                     "--arxiv", "12.34", "--author", "Ada", "--abstract", "x")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Error: papers add: --arxiv: '12.34' is not an arXiv id: give e.g. 2106.01234, arXiv:2106.01234v2 "
        "or https://arxiv.org/abs/2106.01234",
        "papers add: --date: '2024-02-30' is not a real calendar date",
        "papers add: --title: contains HTML markup ('</script>'): write the title as plain text, without tags; "
        "the site shows it exactly as written",
    ]
    assert snapshot(content_dir) == before


def test_future_dates_and_blank_titles_are_refused(content_dir):
    tomorrow_plus = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    result = run_add(content_dir, "--title", "   ", "--date", tomorrow_plus, "--abstract", "x")
    assert result.exit_code == 1
    assert "papers add: --title: is missing or empty: every paper needs a title" in result.output
    assert f"papers add: --date: '{tomorrow_plus}' is in the future" in result.output
    assert not (content_dir / "papers").exists() or not list((content_dir / "papers").iterdir())


def test_without_a_terminal_the_title_flag_is_required(content_dir):
    result = run_add(content_dir, "--author", "Ada")
    assert result.exit_code == 2
    assert "--title is required when not run in a terminal" in result.output


def test_in_a_terminal_missing_fields_are_asked_for(content_dir, monkeypatch):
    monkeypatch.setattr(add, "stdin_is_terminal", lambda: True)
    answers = ["Asked For Title", "Ada Lovelace; Alan Turing", "2024-13-01", "2024-05", "Logic; Computing",
               "not-an-id", "arXiv:2405.00001", "", "An abstract typed at the prompt."]
    result = run_add(content_dir, stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Error: '2024-13-01' is not a real calendar date" in result.output  # asked again, not crashed
    assert "Error: 'not-an-id' is not an arXiv id" in result.output
    (item,) = load_store(content_dir)
    paper = item.paper
    assert (paper.title, paper.authors, paper.date, paper.topics, paper.arxiv, paper.links, paper.abstract) == (
        "Asked For Title", ["Ada Lovelace", "Alan Turing"], "2024-05", ["Logic", "Computing"], "2405.00001", [],
        "An abstract typed at the prompt.")
    assert item.path.name == "asked-for-title.md"


def test_in_a_terminal_with_a_title_only_the_abstract_is_asked(content_dir, monkeypatch):
    monkeypatch.setattr(add, "stdin_is_terminal", lambda: True)
    result = run_add(content_dir, "--title", "Flags And Prompt", stdin="Typed abstract.\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Abstract, one paragraph: ")
    assert load_store(content_dir)[0].paper.abstract == "Typed abstract."


def test_near_duplicates_and_empty_abstracts_are_warnings(content_dir):
    store_with(content_dir, **{"memorization-in-language-models": Paper(title="Memorization in Language Models")})
    result = run_add(content_dir, "--title", "Memorisation in Language Models")
    assert result.exit_code == 0, result.output
    written = content_dir / "papers" / "memorisation-in-language-models.md"
    existing = content_dir / "papers" / "memorization-in-language-models.md"
    assert f"warning: {written}: title: near-duplicate of {existing} (similarity 0.97)" in result.output
    assert f"warning: {written}: abstract: is empty" in result.output


def test_every_option_has_help_text():
    command = main.commands["add"]
    assert command.help and all(option.help for option in command.params if option.name != "help")
    assert CliRunner().invoke(main, ["add", "--help"]).exit_code == 0


def prompted_authors(content: Path, monkeypatch, answers: list[str]) -> tuple[object, list[str]]:
    """Run `papers add` in a (pretend) terminal: title, then the answers, then an empty field per prompt."""
    monkeypatch.setattr(add, "stdin_is_terminal", lambda: True)
    stdin = "\n".join(["Names Typed At The Prompt", *answers, "", "", "", "", "An abstract."]) + "\n"
    result = run_add(content, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result, load_store(content)[0].paper.authors


def test_comma_separated_full_names_at_the_prompt_are_several_authors(content_dir, monkeypatch):
    result, authors = prompted_authors(content_dir, monkeypatch, ["Ada Lovelace, Alan Turing"])
    assert authors == ["Ada Lovelace", "Alan Turing"]
    assert "[Y/n]" not in result.output  # nothing to ask: both parts are full names


@pytest.mark.parametrize("typed, expected", [
    ("Lovelace, Ada", ["Lovelace, Ada"]),  # Family, Given is one person
    ("Martin Luther King, Jr.; van der Waals, J. D.", ["Martin Luther King, Jr.", "van der Waals, J. D."]),
    ("王小明, 李华", ["王小明", "李华"]),
])
def test_family_given_and_suffixes_stay_one_name_at_the_prompt(content_dir, monkeypatch, typed, expected):
    result, authors = prompted_authors(content_dir, monkeypatch, [typed])
    assert authors == expected and "[Y/n]" not in result.output


@pytest.mark.parametrize("answer, expected", [("", ["Ada Lovelace", "Turing"]), ("n", ["Ada Lovelace, Turing"])])
def test_a_doubtful_comma_is_asked_about(content_dir, monkeypatch, answer, expected):
    result, authors = prompted_authors(content_dir, monkeypatch, ["Ada Lovelace, Turing", answer])
    assert "2 authors: Ada Lovelace; Turing? [Y/n]" in result.output
    assert authors == expected


@pytest.mark.parametrize("flags, expected", [
    (["--author", "Ada Lovelace, Alan Turing"], ["Ada Lovelace", "Alan Turing"]),
    (["--author", "Lovelace, Ada"], ["Lovelace, Ada"]),
    (["--author", "Lovelace, Ada", "--author", "A. Turing, G. Hopper"], ["Lovelace, Ada", "A. Turing", "G. Hopper"]),
    (["--author", "Ada Lovelace; Alan Turing"], ["Ada Lovelace", "Alan Turing"]),
    (["--author", "王小明"], ["王小明"]),
])
def test_author_flags_read_names_as_the_prompt_does(content_dir, flags, expected):
    result = run_add(content_dir, "--title", "Names From Flags", *flags, "--abstract", "x")
    assert result.exit_code == 0, result.output
    assert load_store(content_dir)[0].paper.authors == expected
    assert "authors:" not in result.output  # no warning


def test_without_a_terminal_a_doubtful_author_flag_is_kept_with_a_warning(content_dir):
    result = run_add(content_dir, "--title", "Doubtful Flag", "--author", "Ada Lovelace, Turing", "--abstract", "x")
    assert result.exit_code == 0, result.output
    assert load_store(content_dir)[0].paper.authors == ["Ada Lovelace, Turing"]
    assert ("authors: 'Ada Lovelace, Turing' was kept as one name; if it is 2 people (Ada Lovelace; Turing), "
            "give one --author per person") in result.output


def test_in_a_terminal_a_doubtful_author_flag_is_asked_about(content_dir, monkeypatch):
    monkeypatch.setattr(add, "stdin_is_terminal", lambda: True)
    result = run_add(content_dir, "--title", "Asked About A Flag", "--author", "Lovelace, Ada, Turing, Alan",
                     stdin="y\nAn abstract.\n")
    assert result.exit_code == 0, result.output
    assert "2 authors: Lovelace, Ada; Turing, Alan? [Y/n]" in result.output
    assert load_store(content_dir)[0].paper.authors == ["Lovelace, Ada", "Turing, Alan"]
