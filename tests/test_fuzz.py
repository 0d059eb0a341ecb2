"""Fuzzed parsers, importer, `papers check` and slugs: parsed papers or a clear file:line error, never a crash or a hang.

Hypothesis draws listings from the lines the formats are made of (headers, glued title+authors lines,
dates, '·', abstracts, blank lines) mixed with arbitrary text and bytes, so examples reach the
parsers' branches rather than stopping at format detection. Worst-case inputs for every regex and
loop (1 MB lines, 100k lines, unclosed delimiters) must finish in bounded time.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from generator.check import check_store
from generator.cli import main
from generator.errors import InputError, PaperArchiveError
from generator.formats import parse_listing
from generator.importer import import_listings
from generator.normalise import WINDOWS_RESERVED, base_slug, title_key, unique_slug
from generator.render.text import render_abstract
from generator.store import load_store, read_paper

CAPTURED = dt.date(2025, 11, 22)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROBLEM = re.compile(r"^\S+?:\d+: (?:[^:]+: )?.+")
FILE_PROBLEM = re.compile(r"^\S+?(?::\d+)?: .+")  # a whole-file problem (empty, binary) has no line

# The building blocks of the three listing formats, plus hostile and arbitrary text.
FORMAT_LINES = st.sampled_from([
    "", "", "", "Goto", "Collaborating Authors", " Rote Learning", "new", "Daily Papers",
    "byAK and the research community", "Nov 6", "·", "  • 7 authors", "ServiceNow-AI ServiceNow-AI",
    "Jun 17, 2024 5", "Sep 30 2", "Feb 30, 2024", "30.1AIOct 10, 2023Code", "12.5LGMar 3, 2024",
    "Exploring Memorization in Language ModelsShenglai Zeng, Yaxin Li, Jie Ren et al.",
    "DNN?Jie Ren, Jane Doe", "Attention Is All You Need", "arXiv.org Machine Learning",
    "We study things in depth. It works well and we show it.", "Short. Abstract.",
    "<script>window.__pwned=1</script>", "{{ 7*7 }}", "---", "$\\(", "et al.",
])
LINES = st.one_of(FORMAT_LINES, FORMAT_LINES, st.text(max_size=80))
LISTING_TEXT = st.lists(LINES, max_size=40).map("\n".join)


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="paper-archive-fuzz-"))


def assert_clear(problems, name: str, line_count: int | None = None) -> None:
    """Every problem names the file (and a line inside it, when it has one) and says something."""
    assert problems
    for problem in problems:
        assert problem.file == name and problem.message.strip()
        if problem.line is not None:
            assert problem.line >= 1 and (line_count is None or problem.line <= line_count + 1)


def lines_of(text: str) -> int:
    """How many lines a listing has as the parser reads it: CRLF and a lone CR end a line too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def assert_parsed_or_refused(path: Path, line_count: int, abstracts: bool = False) -> None:
    """The file parses into titled, located records (with an abstract, for listings), or every problem names
    this file and a line within it."""
    try:
        result = parse_listing(path, CAPTURED)
    except InputError as error:
        assert_clear(error.problems, str(path), line_count)
        return
    for record in result.records:
        assert record.title.strip() and record.line >= 1 and (not abstracts or record.abstract is not None)
    if result.rejected:
        assert_clear(result.rejected, str(path), line_count)


@FUZZ
@given(text=LISTING_TEXT, newline=st.sampled_from(["\n", "\r\n", "\r"]), bom=st.booleans())
def test_parse_listing_yields_records_or_clear_problems(text, newline, bom):
    directory = scratch()
    try:
        path = directory / "listing.txt"
        path.write_bytes(("\ufeff" if bom else "").encode() + text.replace("\n", newline).encode("utf-8", "surrogatepass"))
        assert_parsed_or_refused(path, lines_of(text), abstracts=True)
    except UnicodeEncodeError:
        pass  # lone surrogates cannot be written as UTF-8 at all
    finally:
        shutil.rmtree(directory)


@FUZZ
@given(data=st.binary(max_size=300))
def test_parse_listing_on_arbitrary_bytes(data):
    directory = scratch()
    try:
        path = directory / "listing.txt"
        path.write_bytes(data)
        try:
            parse_listing(path, CAPTURED)
        except InputError as error:
            assert_clear(error.problems, str(path))
    finally:
        shutil.rmtree(directory)


@settings(max_examples=25, deadline=None)
@given(text=LISTING_TEXT)
def test_import_commits_a_valid_store_or_nothing(text):
    """Whatever the listing, the import either refuses it (store untouched) or leaves a store `papers check` accepts."""
    assert_import_all_or_nothing("listing.txt", text)


def assert_import_all_or_nothing(name: str, text: str) -> None:
    """Import `text` as a file called `name`: a refusal names file and line and leaves no paper; a success
    accounts for every record and leaves a store `papers check` accepts."""
    directory = scratch()
    try:
        listing, content = directory / name, directory / "content"
        listing.write_text(text, "utf-8", errors="replace")
        try:
            report = import_listings([listing], content, CAPTURED, keep_going=True, today=CAPTURED)
        except PaperArchiveError as error:
            assert not list(content.glob("papers/*.md"))
            assert all(FILE_PROBLEM.match(line) for line in error.format_message().splitlines()), error.format_message()
            return
        assert report.read == report.new + report.merged + report.unchanged + len(report.rejected)
        assert check_store(content, CAPTURED)[0] == []
        assert len(load_store(content, CAPTURED)) == report.new
    finally:
        shutil.rmtree(directory)



# --- bibliographic files: BibTeX, RIS, CSL-JSON, arXiv Atom -------------------------------------------

BIB_LINES = st.sampled_from([
    "@article{key2020,", "@misc{k,", "@phdthesis{t,", "@unknowntype{u,", "@string{jmlr = {J. ML}}", "@comment{x}",
    "title = {A {B}ert Title},", "title = {Unclosed {brace},", "title = \"Quoted\",", "title = jmlr # { more},",
    "author = {M{\\\"u}ller, Hans and others},", "author = {and and},", "author = {, ,},", "year = 2020,",
    "year = {in press},", "month = mar,", "month = {13},", "date = {2024-02-30},", "eprint = {2106.01234v2},",
    "archivePrefix = {arXiv},", "doi = {10.1/x},", "url = {javascript:alert(1)},", "keywords = {a; b, c},",
    "crossref = {missing},", "abstract = {$x^2$ and \\emph{y}},", "}", "{", "\\", "%", "#",
    "TY  - JOUR", "TI  - A title", "AU  - Doe, Jane", "PY  - 2020", "DA  - 2020/13/40/", "KW  - k", "ER  - ", "ER  -",
    "[", "]", "{\"title\": \"T\", \"type\": \"article\", \"author\": [{\"family\": \"D\"}]},",
    "{\"type\": \"book\", \"issued\": {\"date-parts\": [[\"x\"]]}},", "\"title\": 5,", "null,",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>http://arxiv.org/api/x</id>",
    "<entry><id>http://arxiv.org/abs/2101.00001v1</id><title>T</title><published>2021-01-01T00:00:00Z</published></entry>",
    "<entry><title></title></entry>", "</feed>", "<", "&amp;", "&bogus;",
])
BIB_TEXT = st.lists(st.one_of(BIB_LINES, BIB_LINES, BIB_LINES, st.text(max_size=40)), max_size=30).map("\n".join)


@FUZZ
@given(text=BIB_TEXT)
def test_bibliographic_files_yield_records_or_clear_problems(text):
    directory = scratch()
    try:
        path = directory / "refs.txt"
        path.write_text(text, "utf-8", errors="replace")
        assert_parsed_or_refused(path, lines_of(text))
    finally:
        shutil.rmtree(directory)


@settings(max_examples=40, deadline=None)
@given(text=BIB_TEXT)
def test_bibliographic_import_commits_a_valid_store_or_nothing(text):
    assert_import_all_or_nothing("refs.bib", text)

# --- papers check on arbitrary paper files -----------------------------------------------------------

FRONT_LINES = st.sampled_from([
    "title: A Paper", "title: 'Quoted: yes'", "title:", "title: [a, b]", "authors: [A B, C D]", "authors:", "- A B",
    "  - nested", "date: '2024-02-30'", "date: 2024-01-01", "date: 99999", "topics: {a: 1}", "links: [javascript:x]",
    "arxiv: 2106.01234", "doi: 10.1/x", "score: .nan", "upvotes: -1", "code: yes", "x: &a [1]", "y: *a",
    "sources: [{listing: l, format: f, line: 0}]", "\ttitle: tab", "title: !!python/object:os.system {}",
    "? complex key", ": value", "'unclosed", "[", "{", "---", "...", "%YAML 1.1", "title: \x00", "&anchor",
])
PAPER_TEXT = st.builds(
    lambda lines, body, opening: (opening + "\n".join(lines) + "\n---\n" + body),
    st.lists(st.one_of(FRONT_LINES, FRONT_LINES, st.text(max_size=40)), max_size=12),
    st.text(max_size=60), st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "", "--- \n"]))


def run_check(content: Path):
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


@FUZZ
@given(text=PAPER_TEXT)
def test_check_reports_any_paper_file_with_file_line_or_accepts_it(text):
    directory = scratch()
    try:
        papers = directory / "content" / "papers"
        papers.mkdir(parents=True)
        (papers / "a-paper.md").write_text(text, "utf-8", errors="surrogateescape")
        result = run_check(directory / "content")
        assert result.exit_code in (0, 1)
        errors = [line for line in result.output.splitlines() if str(papers) in line and not line.startswith("warning: ")]
        assert (result.exit_code == 1) == bool(errors), result.output
        assert all(PROBLEM.match(line) for line in errors), result.output
    except UnicodeEncodeError:
        pass
    finally:
        shutil.rmtree(directory)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=200))
def test_check_on_arbitrary_bytes(data):
    directory = scratch()
    try:
        papers = directory / "content" / "papers"
        papers.mkdir(parents=True)
        (papers / "a-paper.md").write_bytes(data)
        result = run_check(directory / "content")
        assert result.exit_code in (0, 1)
        if result.exit_code == 1:
            assert f"{papers / 'a-paper.md'}" in result.output
    finally:
        shutil.rmtree(directory)


# --- bounded time ---------------------------------------------------------------------------------------

WORST_CASES = {
    "1 MB single line": "x" * 1_000_000,
    "1 MB of words": "Word " * 200_000,
    "100k short lines": "ab\n" * 100_000,
    "100k dots": "·\n" * 100_000,
    "100k sentence breaks": "We. Do. It.\n" * 100_000,
    "100k commas": ("," * 999 + "\n") * 100,
    "glued capitals": ("aB" * 999 + "Jane Doe, John Smith\n") * 500,
    "long header-like lines": ("1" * 70 + "AIOct 10, 2023Code\n") * 20_000,
    "long count lines": ("1" + " " * 10_000 + "authors x\n") * 100,
    "long date lines": ("Jan 1" + " " * 10_000 + "x\n") * 100,
    "daily papers page": "Daily Papers\n" + "A Title\n\nAn abstract. It is. Fine.\n\n  • 3 authors\n·\nJun 17, 2024 5\n\n" * 20_000,
    "topic page": "Goto\nCollaborating Authors\n T\n\n\n" + "A Title\n\nV\n\nWe do. It works.\n\n\n" * 20_000,
    "author profile": ("12.5LGMar 3, 2024Code\nA TitleJane Doe, John Smith et al.\nWe do. It works.\n") * 20_000,
    "bib deep braces": "@misc{k, title={" + "{" * 20_000 + "x" + "}" * 20_000 + "}}\n",
    "bib unclosed braces": "@misc{k, title={" + "{" * 50_000 + "\n",
    "bib 1 MB title": "@misc{k, title={" + "word " * 200_000 + "}}\n",
    "bib 10k entry starts": "@misc{\n" * 10_000,
    "ris 50k record starts": "TY  - JOUR\n" * 50_000,
    "csl-json 20k items": "[" + ",\n".join('{"title": "T", "type": "article"}' for _ in range(20_000)) + "]",
}


@pytest.mark.parametrize("name", sorted(WORST_CASES))
def test_every_parser_is_fast_on_worst_case_input(tmp_path, name):
    path = tmp_path / "listing.txt"
    path.write_text(WORST_CASES[name], "utf-8")
    started = time.perf_counter()
    try:
        parse_listing(path, CAPTURED)
    except InputError:
        pass
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("text", [
    "\\(" * 500_000, "\\[" * 500_000, "$$" * 300_000, "\\) " + "\\(" * 300_000 + "\\]", "$a " * 300_000,
    "<a " + "x " * 400_000, "http://" * 100_000,
], ids=["unclosed-paren", "unclosed-bracket", "dollars", "mixed-delimiters", "dollar-words", "open-tag", "urls"])
def test_abstract_rendering_is_linear_on_unclosed_math_and_tags(text):
    started = time.perf_counter()
    render_abstract(text)
    assert time.perf_counter() - started < 3.0


@pytest.mark.parametrize("front", [
    "x\n" * 100_000, "--- x\n" * 50_000, "title: " + "'" * 100_000, "title: " + "[" * 5_000,
    "title: T\nauthors: [" + "a, " * 30_000 + "]", "title: <a " + "x " * 200_000,
    "title: " + "[" * 5_000 + "]" * 5_000, "title: T\nx: " + "{a: " * 3_000 + "}" * 3_000,
], ids=["no-closing-fence", "fence-lookalikes", "quotes", "deep-brackets", "long-list", "open-tag",
        "deep-closed-brackets", "deep-mappings"])
def test_paper_files_parse_fast_on_worst_case_input(tmp_path, front):
    path = tmp_path / "x.md"
    path.write_text(f"---\n{front}\n---\n\nabstract\n", "utf-8")
    started = time.perf_counter()
    paper, problems = read_paper(path)
    assert paper is not None or (problems and all(problem.line for problem in problems))
    assert time.perf_counter() - started < 3.0


# --- slugs and file names -------------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def assert_safe_file_name(slug: str) -> None:
    name = f"{slug}.md"
    assert ".." not in slug and "/" not in slug and "\\" not in slug and not CONTROL.search(slug)
    assert slug.split(".")[0].lower() not in WINDOWS_RESERVED and len(name.encode()) <= 100
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug


@settings(max_examples=300, deadline=None)
@given(title=st.text(min_size=1, max_size=300))
def test_any_title_gets_a_safe_file_name(title):
    assert_safe_file_name(base_slug(title))
    assert_safe_file_name(unique_slug(title, {base_slug(title)}))


ACCENTS = st.sampled_from(["a", "á", "à", "ä", "A", "æ", "e", "é", "o", "ö", "ø", "c", "ç", " ", "-", "?", "中", "ß", "ss"])


@settings(max_examples=60, deadline=None)
@given(titles=st.lists(st.lists(ACCENTS, min_size=1, max_size=6).map("".join), min_size=2, max_size=40))
def test_titles_that_slugify_alike_never_share_a_file(titles):
    taken: dict[str, str] = {}
    for key in dict.fromkeys(title_key(title) for title in titles):
        slug = unique_slug(key, taken.keys())
        assert slug not in taken
        assert_safe_file_name(slug)
        taken[slug] = key


def test_importing_many_colliding_titles_writes_one_file_per_paper(tmp_path):
    """Titles that differ only by accents, CJK or a hash-prefix clash: one import, one file each."""
    words = ["Resume", "Résumé", "Resumé", "RÉSUMÉ!", "Re-sume", "Resume 中", "Resume 文", "Resumë", "Rèsume",
             "Resume ß", "Resume ss", "Resume æ", "Resume ae", "CON", "con!", "Aux", "NUL", "Com1", "..", "/", "\\"]
    titles = [f"{word} Study" for word in words] + ["中文", "日本語", "한국어", "!!!", "???"]
    blocks = "\n\n\n".join(f"{title}\n\narXiv.org AI\n\nWe study {n}. It works." for n, title in enumerate(titles))
    listing = tmp_path / "collide.txt"
    listing.write_text(f"Goto\n\nCollaborating Authors\n\n Collisions\n\n\n{blocks}\n", "utf-8")
    report = import_listings([listing], tmp_path / "content", CAPTURED)
    files = list((tmp_path / "content" / "papers").glob("*.md"))
    distinct = len({title_key(title) for title in titles})
    assert report.new == distinct == len(files) == len(load_store(tmp_path / "content"))
    for path in files:
        assert_safe_file_name(path.stem)
    assert unicodedata.is_normalized("NFC", "".join(path.name for path in files))
