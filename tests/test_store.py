"""The store: untrusted text round-trips byte for byte, stable layout, line-accurate errors, slugs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importer import import_listings
from generator.merge import paper_from_source
from generator.models import Source, shows_text
from generator.normalise import base_slug, unique_slug
from generator.store import load_store, parse_paper_text, render_paper

NASTY = [
    'Quotes "double" and \'single\': colons # hashes',
    "---",
    "<script>alert(1)</script>",
    "$E = mc^2$ and \\(x^2\\)",
    "emoji 🧪📄 and RTL עברית العربية",
    "{{ jinja }} {% raw %}",
    "- looks like a list",
    "null",
    "true",
    "0x1F",
    "2024-01-01",
    "key: value",
    "&anchor *alias !!python/object:os.system",
]

# Line ends are the one normalisation the store makes (CRLF and CR become LF), so the body has none.
text_without_edges = st.text(st.characters(blacklist_characters="\r", blacklist_categories=("Cs",)),
                             min_size=1).map(str.strip).filter(bool)
shown_text = text_without_edges.filter(shows_text)  # a title or a name: control characters alone show nothing


def round_trip(source: Source):
    paper = paper_from_source(source)
    loaded, problems = parse_paper_text(render_paper(paper), "x.md", dt.date(2026, 1, 1))
    assert problems == []
    return paper, loaded


def test_nasty_strings_round_trip_in_every_text_field():
    for text in NASTY:
        source = Source(listing="l.txt", format="aitopics", line=1, title=text, abstract=text,
                        authors=[text, "Ada Lovelace"], topic=text)
        paper, loaded = round_trip(source)
        assert (loaded.title, loaded.abstract, loaded.authors, loaded.topics) == (text, text, [text, "Ada Lovelace"], [text])
        assert loaded == paper


@settings(max_examples=100, deadline=None)
@given(title=shown_text, abstract=text_without_edges, authors=st.lists(shown_text, max_size=4))
def test_any_text_survives_store_and_load(title, abstract, authors):
    paper, loaded = round_trip(Source(listing="l.txt", format="aitopics", line=3, title=title,
                                      abstract=abstract, authors=authors))
    assert (loaded.title, loaded.abstract, loaded.authors) == (title, abstract, authors)


line_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1).map(str.strip).filter(
    lambda text: len(text) > 1 and text not in ("Goto", "Collaborating Authors"))


@settings(max_examples=60, deadline=None)
@given(title=line_text, abstract=line_text)
def test_any_line_survives_import_from_a_real_listing(tmp_path_factory, title, abstract):
    directory = tmp_path_factory.mktemp("prop")
    listing = directory / "topic.txt"
    listing.write_text(f"Goto\n\nCollaborating Authors\n\n Topic\n\n\n{title}\n\narXiv.org AI\n\n{abstract}\n", "utf-8")
    import_listings([listing], directory / "content", dt.date(2025, 1, 1))
    [stored] = load_store(directory / "content")
    assert (stored.paper.title, stored.paper.abstract) == (title, abstract)


def test_file_layout_is_stable_and_readable():
    source = Source(listing="hf.txt", format="hf-daily-papers", line=13, captured="2025-11-22",
                    title="A Paper", abstract="Body text.", author_count=7, date="2024-06-17", upvotes=2)
    text = render_paper(paper_from_source(source))
    assert text == (
        "---\n"
        "title: A Paper\n"
        "author_count: 7\n"
        "date: '2024-06-17'\n"
        "upvotes: 2\n"
        "sources:\n"
        "- listing: hf.txt\n"
        "  format: hf-daily-papers\n"
        "  line: 13\n"
        "  captured: '2025-11-22'\n"
        "  title: A Paper\n"
        "  author_count: 7\n"
        "  date: '2024-06-17'\n"
        "  upvotes: 2\n"
        "---\n"
        "\n"
        "Body text.\n"
    )


def test_errors_name_file_line_and_field(tmp_path: Path):
    text = "---\ntitle: Fine\nauthors: Ada Lovelace\ndate: 2024-02-31\n---\n\nAbstract.\n"
    paper, problems = parse_paper_text(text, "content/papers/x.md")
    assert paper is None
    assert [str(problem) for problem in problems] == [
        "content/papers/x.md:3: authors: must be a list of non-empty names (spaces and control characters alone are empty)",
        "content/papers/x.md:4: date: '2024-02-31' is not a real calendar date",
    ]


def test_yaml_syntax_errors_and_duplicate_keys_are_reported_with_lines():
    _, problems = parse_paper_text("---\ntitle: A\n\tauthors: [x]\n---\nBody\n", "p.md")
    assert problems[0].line == 3 and "tabs" in problems[0].message
    _, problems = parse_paper_text("---\ntitle: A\ntitle: B\n---\nBody\n", "p.md")
    assert problems[0].line == 3 and "duplicate key 'title'" in problems[0].message
    _, problems = parse_paper_text("no front matter here", "p.md")
    assert problems[0].line == 1 and "front matter" in problems[0].message


def test_slugs_are_ascii_safe_and_unique():
    assert base_slug("Zoë Müller's Paper: Über Alles?") == "zoe-muller-s-paper-uber-alles"
    assert base_slug("🧪🧪") .startswith("paper-")
    assert base_slug("CON") == "con-paper"
    assert len(base_slug("word " * 100)) <= 80
    taken = {"a-paper"}
    first = unique_slug("A Paper!", taken)
    assert first != "a-paper" and first.startswith("a-paper-")
    assert unique_slug("A Paper!", taken) == first  # deterministic
    assert unique_slug("A Paper?", taken | {first}) not in taken | {first}


def test_a_title_name_or_topic_of_control_characters_alone_is_empty(tmp_path: Path) -> None:
    """Every output drops the control characters XML cannot carry, so such a value would show as nothing: an
    empty topic chip, meta tag and feed category. `papers check` says which field of which file."""
    from generator.check import check_store

    papers = tmp_path / "content" / "papers"
    papers.mkdir(parents=True)
    for name, field, value in (("t", "title", '"\\b"'), ("a", "authors", '["Ada Lovelace", "\\u001f "]'),
                               ("c", "topics", '["Graphs", "\\b"]')):
        front = {"title": "'A title'", "authors": "[Ada Lovelace]", "topics": "[Graphs]"} | {field: value}
        (papers / f"{name}.md").write_text("---\n" + "".join(f"{k}: {v}\n" for k, v in front.items())
                                           + "---\nAn abstract.\n", "utf-8")
    errors, _ = check_store(tmp_path / "content")
    found = {(Path(problem.file).stem, problem.field) for problem in errors}
    assert {("t", "title"), ("a", "authors"), ("c", "topics")} <= found
