"""`papers check`: the bundled store is valid; every broken file is reported as file:line: field: message."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.check import check_store
from generator.cli import main


def write(content: Path, name: str, text: str) -> Path:
    path = content / "papers" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_bundled_store_is_valid_and_complete(bundled_content):
    errors, _ = check_store(bundled_content)
    assert errors == []
    assert len(list((bundled_content / "papers").glob("*.md"))) == 154


def test_check_reports_every_problem_at_once(content_dir):
    write(content_dir, "good.md", "---\ntitle: Good\n---\n\nFine.\n")
    write(content_dir, "no-title.md", "---\nauthors: [Ada]\n---\n\nText.\n")
    write(content_dir, "Bad Name.md", "---\ntitle: Bad name\n---\n\nText.\n")
    write(content_dir, "dupe.md", "---\ntopics: [x]\ntitle: GOOD!\n---\n\nAgain.\n")
    write(content_dir, "future.md", "---\ntitle: Later\ndate: 2999-01-01\n---\n\nSoon.\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content_dir)])
    assert result.exit_code == 1
    papers = content_dir / "papers"
    assert f"{papers}/no-title.md:1: title: is missing or empty" in result.output
    assert f"{papers}/Bad Name.md:1: file name: 'Bad Name.md' is not a valid slug" in result.output
    assert f"{papers}/future.md:3: date: '2999-01-01' is in the future" in result.output
    assert f"{papers}/good.md:2: title: duplicate of {papers}/dupe.md" in result.output \
        or f"{papers}/dupe.md:3: title: duplicate of {papers}/good.md" in result.output


def test_check_passes_with_warnings_only(content_dir):
    write(content_dir, "empty-abstract.md", "---\ntitle: No abstract yet\n---\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content_dir)])
    assert result.exit_code == 0
    assert "warning:" in result.output and "abstract: is empty" in result.output


# --- every kind of problem, its exact message and line ---------------------------------------

import datetime as dt  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
import yaml  # noqa: E402
from jsonschema import Draft202012Validator  # noqa: E402

from generator.check import near_duplicate_pairs  # noqa: E402
from generator.models import PAPER_KEYS, SOURCE_KEYS, paper_schema, validate_metadata  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2025, 11, 22)
LINE_FORMAT = re.compile(r"^\S+\.\w+:\d+: [\w\[\]. ]+: .+$")


def run_check(content: Path) -> tuple[int, list[str], list[str]]:
    """(exit code, error lines, warning lines) of `papers check`."""
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    lines = result.output.splitlines()
    return (result.exit_code, [line for line in lines if not line.startswith(("warning: ", f"{content}: store"))],
            [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")])


@pytest.mark.parametrize("name, text, expected", [
    ("unknown-field.md", "---\ntitle: Unknown Field\nauthor: Ada\n---\n\nx\n",
     "3: author: unknown field: did you mean 'authors'? Otherwise remove it (allowed: title, authors, "
     "author_count, authors_truncated, date, year_inferred, topics, arxiv_category, arxiv, doi, score, upvotes, "
     "code, organisation, links, sources)"),
    ("tab.md", "---\ntitle: Tabs\ntopics:\n\t- ML\n---\n\nx\n",
     "4: front matter: YAML syntax error: found character '\\t' that cannot start any token "
     "(YAML does not allow tabs for indentation: use spaces)"),
    ("colon.md", "---\ntitle: Memory: A Survey\n---\n\nx\n",
     "2: front matter: YAML syntax error: mapping values are not allowed here (quote a value that contains ': ', "
     "e.g. title: 'Memory: A Survey', and start every field at the beginning of the line)"),
    ("open-quote.md", "---\ntitle: \"Unclosed\ndate: '2024'\n---\n\nx\n",
     "2: front matter: YAML syntax error: found unexpected end of stream (a quote or bracket opened on this line "
     "is never closed)"),
    ("script.md", "---\ntitle: Beating </script> Baselines\n---\n\nx\n",
     "2: title: contains HTML markup ('</script>'): write the title as plain text, without tags; "
     "the site shows it exactly as written"),
    ("bad-date.md", "---\ntitle: Bad Date\ndate: 17 May 2024\n---\n\nx\n",
     "3: date: is not a date: write YYYY-MM-DD, YYYY-MM or YYYY in quotes, e.g. date: '2024-05-17' "
     "(found '17 May 2024')"),
    ("impossible-date.md", "---\ntitle: Impossible Date\ndate: 2024-02-30\n---\n\nx\n",
     "3: date: '2024-02-30' is not a real calendar date"),
    ("versioned-arxiv.md", "---\ntitle: Versioned\narxiv: arXiv:2106.01234v2\n---\n\nx\n",
     "3: arxiv: must be a bare arXiv id such as '2106.01234' or 'hep-th/9901001' (no 'arXiv:' prefix, URL or "
     "version suffix like v2) (found 'arXiv:2106.01234v2')"),
    ("bool.md", "---\ntitle: Bool\ncode: 'yes'\n---\n\nx\n", "3: code: must be true or false (found 'yes')"),
    ("no-front-matter.md", "Just text.\n",
     "1: no front matter: the file must start with '---', then 'title: ...' and the other fields, then '---'"),
    ("Notes.markdown", "---\ntitle: Wrong Extension\n---\n\nx\n",
     "1: file name: 'Notes.markdown' is not a paper file: paper files end in '.md' (rename it, e.g. "
     "'notes.md'), anything else does not belong in {papers}"),
])
def test_each_problem_has_its_exact_message_and_line(content_dir, name, text, expected):
    write(content_dir, name, text)
    code, errors, _ = run_check(content_dir)
    papers = content_dir / "papers"
    assert code == 1
    assert errors == [f"{papers}/{name}:{expected.format(papers=papers)}"]


def test_title_markup_rule_leaves_maths_and_comparisons_alone(content_dir):
    write(content_dir, "maths.md", "---\ntitle: 'Bounds for $a<b$ when x < y > z'\n---\n\nx\n")
    write(content_dir, "comment.md", "---\ntitle: 'Hidden <!-- note -->'\n---\n\nx\n")
    code, errors, _ = run_check(content_dir)
    assert code == 1 and len(errors) == 1 and "comment.md:2: title: contains HTML markup ('<!--')" in errors[0]


def test_duplicate_arxiv_ids_and_dois_are_errors(content_dir):
    write(content_dir, "one.md", "---\ntitle: One\narxiv: '2106.01234'\ndoi: 10.1000/ABC\n---\n\nx\n")
    write(content_dir, "two.md", "---\ntitle: Two\ndoi: 10.1000/abc\narxiv: '2106.01234'\n---\n\nx\n")
    code, errors, _ = run_check(content_dir)
    papers = content_dir / "papers"
    fix = "it is the same paper, so merge the two files into one and delete this one"
    assert code == 1 and errors == [f"{papers}/two.md:4: arxiv: duplicate of {papers}/one.md: {fix}",
                                    f"{papers}/two.md:3: doi: duplicate of {papers}/one.md: {fix}"]


def test_warnings_name_line_and_score_and_do_not_fail(content_dir):
    write(content_dir, "memorization-in-language-models.md", "---\ntitle: Memorization in Language Models\n---\n\nx\n")
    write(content_dir, "memorisation-in-language-models.md", "---\ntitle: Memorisation in Language Models\n---\n\nx\n")
    write(content_dir, "my-notes.md", "---\ntitle: A Different Title\n---\n\nx\n")
    write(content_dir, "a-study-of-things-1a2b3c.md", "---\ntitle: A Study of Things\n---\n\nx\n")  # hashed slug
    write(content_dir, "no-abstract.md", "---\ntitle: No Abstract\nauthors: [Ada]\n---\n")
    code, errors, warnings = run_check(content_dir)
    papers = content_dir / "papers"
    assert code == 0 and errors == []
    assert warnings == [
        f"{papers}/my-notes.md:1: file name: 'my-notes.md' is not the slug of the title ('a-different-title.md'): "
        f"rename the file with git mv, unless its page is already published and its URL must stay",
        f"{papers}/no-abstract.md:5: abstract: is empty: paste the paper's abstract below the closing '---'",
        f"{papers}/memorization-in-language-models.md:2: title: near-duplicate of "
        f"{papers}/memorisation-in-language-models.md (similarity 0.97): if it is the same paper, merge the two "
        f"files; if not, nothing to do",
    ]
    assert all(LINE_FORMAT.match(line) for line in warnings)


def test_all_errors_at_once_each_in_file_line_field_message_form(content_dir):
    write(content_dir, "a.md", "---\ntitle: A\nauthor: x\ndate: '2024-13-01'\ncode: 1\n---\n\nx\n")
    write(content_dir, "b.md", "---\ntitle: [not, text]\n---\n\nx\n")
    write(content_dir, "c.md", "---\ntitle: C\n\tdate: '2024'\n---\n\nx\n")
    code, errors, _ = run_check(content_dir)
    assert code == 1 and len(errors) == 5
    assert all(LINE_FORMAT.match(line) for line in errors), errors


def test_near_duplicates_scale_to_50000_titles():
    rng = random.Random(5)
    common = "learning deep neural networks language models large for with the of and a in on efficient".split()
    titles = [" ".join(rng.sample(common, rng.randint(2, 5)) + [f"w{rng.randrange(30000)}x" for _ in range(3)])
              for _ in range(50_000)]
    planted = [(index, len(titles) + n) for n, index in enumerate(range(0, 50_000, 2500))]
    titles += [titles[index] + "s" for index, _ in planted]
    start = time.perf_counter()
    found = {(earlier, later) for earlier, later, _ in near_duplicate_pairs(titles)}
    assert time.perf_counter() - start < 30  # about 2 s on a laptop; all-pairs would take hours
    assert set(planted) <= found


def test_the_contributor_template_is_a_valid_paper_and_is_not_in_the_store(content_dir):
    template = ROOT / "docs-templates" / "paper-template.md"
    write(content_dir, "attention-is-all-you-need.md", template.read_text("utf-8"))
    assert check_store(content_dir) == ([], [])
    assert not list((ROOT / "content").rglob("*template*"))


# --- one source of truth: the JSON Schema and the model agree -----------------------------------

GOOD = [
    {"title": "T"},
    {"title": "T", "authors": ["A", "B"], "date": "2024-05-17", "topics": ["X"], "arxiv": "2106.01234",
     "doi": "10.1038/nature14539", "score": 3.5, "upvotes": 0, "code": False, "links": ["https://x.org"]},
    {"title": "T", "date": 2023, "author_count": 3, "authors_truncated": True, "year_inferred": True},
    {"title": "T", "arxiv": "hep-th/9901001", "organisation": "Org", "arxiv_category": "cs.LG"},
    {"title": "T", "sources": [{"listing": "l.txt", "format": "aitopics", "line": 1, "captured": "2025-01-01",
                                "upvotes": 2, "abstract": "a", "date": "2024-05"}]},
]
BAD = [
    {}, {"title": ""}, {"title": "   "}, {"title": 5}, {"title": None}, {"title": "T", "authors": "Ada"},
    {"title": "T", "authors": ["Ada", ""]}, {"title": "T", "date": "17 May 2024"}, {"title": "T", "date": None},
    {"title": "T", "author_count": -1}, {"title": "T", "author_count": True}, {"title": "T", "code": "yes"},
    {"title": "T", "arxiv": "arXiv:2106.01234"}, {"title": "T", "arxiv": "2106.01234v2"},
    {"title": "T", "doi": "https://doi.org/10.1/x"}, {"title": "T", "score": "high"}, {"title": "T", "upvotes": 1.5},
    {"title": "T", "links": "https://x.org"}, {"title": "T", "notes": "hi"}, {"title": "T", "sources": {}},
    {"title": "T", "sources": [{"listing": "l", "format": "f"}]},
    {"title": "T", "sources": [{"listing": "l", "format": "f", "line": 1, "extra": 1}]},
]
# What JSON Schema cannot say, so validate_metadata adds it: real calendar dates, not before 1600, not future.
SCHEMA_VALID_DATE_INVALID = [{"title": "T", "date": "2024-02-30"}, {"title": "T", "date": "1500"},
                             {"title": "T", "date": "2999-01-01"}, {"title": "T", "date": "2024-13"}]


@pytest.mark.parametrize("metadata", GOOD + BAD + SCHEMA_VALID_DATE_INVALID)
def test_schema_and_model_agree(metadata):
    schema_ok = Draft202012Validator(json.loads((ROOT / "schema" / "paper.schema.json").read_text())).is_valid(metadata)
    problems = validate_metadata(metadata, "abstract", TODAY)
    if metadata in SCHEMA_VALID_DATE_INVALID:
        assert schema_ok and [field for field, _ in problems] == ["date"]
    else:
        assert schema_ok == (problems == []) == (metadata in GOOD), problems


def test_schema_fields_are_the_models_fields():
    schema = paper_schema()
    assert list(schema["properties"]) == list(PAPER_KEYS)
    assert list(schema["$defs"]["source"]["properties"]) == list(SOURCE_KEYS)
    Draft202012Validator.check_schema(schema)
    assert all(node.get("errorMessage") for node in schema["properties"].values())


def test_every_stored_file_of_the_bundled_store_matches_the_schema(bundled_content):
    validator = Draft202012Validator(paper_schema())
    for path in (bundled_content / "papers").glob("*.md"):
        front = path.read_text("utf-8").split("---\n")[1]
        metadata = yaml.load(front, Loader=type("L", (yaml.SafeLoader,), {}))  # dates as written or as dates
        metadata = {key: (value.isoformat() if isinstance(value, dt.date) else value) for key, value in metadata.items()}
        assert validator.is_valid(metadata), path


def test_contributing_explains_every_message_check_can_print():
    guide = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    schema = paper_schema()
    messages = [node["errorMessage"] for node in schema["properties"].values()]
    messages += ["unknown field", "YAML syntax error", "tabs for indentation", "mapping values are not allowed",
                 "is not a real calendar date", "is in the future", "contains HTML markup", "duplicate of",
                 "near-duplicate of", "is not a valid slug", "is not a paper file", "is not the slug of the title",
                 "abstract: is empty", "no front matter", "not valid UTF-8", "duplicate key",
                 "is not an http(s) URL", "is not allowed in a paper file", "people in one name"]
    missing = [message for message in messages if message not in guide]
    assert missing == []


def test_a_name_holding_a_second_full_name_is_a_warning_with_the_fix(content_dir):
    write(content_dir, "two-in-one.md", "---\ntitle: Two In One\nauthors:\n- Ada Lovelace, Alan Turing\n"
                                        "- Grace Hopper\n---\n\nx\n")
    write(content_dir, "one-person-each.md", "---\ntitle: One Person Each\nauthors: ['Lovelace, Ada', "
                                             "'Martin Luther King, Jr.', 'van der Waals, J. D.', 王小明]\n---\n\nx\n")
    code, errors, warnings = run_check(content_dir)
    papers = content_dir / "papers"
    assert code == 0 and errors == []
    assert warnings == [f"{papers}/two-in-one.md:3: authors: 'Ada Lovelace, Alan Turing' looks like 2 people in one "
                        f"name: list each author on its own, e.g. authors: [Ada Lovelace, Alan Turing, Grace Hopper]; "
                        f"if it is one person, nothing to do"]
    assert all(LINE_FORMAT.match(line) for line in warnings)
