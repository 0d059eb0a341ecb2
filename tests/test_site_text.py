"""Untrusted text through Markdown: whatever it holds renders as that text, math kept for MathJax."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.render.identity import group_names, name_slug
from generator.render.text import render_abstract

# The extensions MkDocs always loads, as configured in mkdocs.yml (none added).
MKDOCS_EXTENSIONS = ["toc", "tables", "fenced_code"]
PIECES = list("ab <>&\"'`*_{}[]()#+-.!|\\$~=:;/\n\t1") + ["<script>", "&amp;", "javascript:", "<!--", "](", "    "]
NASTY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def rendered(text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(text, extensions=MKDOCS_EXTENSIONS), "html.parser")


@settings(max_examples=300, deadline=None)
@given(NASTY.filter(lambda t: "$" not in t and "\\" not in t))
def test_abstract_without_math_is_only_paragraphs_of_its_text(text: str) -> None:
    soup = rendered(render_abstract(text))
    assert {tag.name for tag in soup.find_all(True)} <= {"p"}
    assert " ".join(soup.get_text().split()) == " ".join(text.split())


def test_math_becomes_arithmatex_spans_with_tex_intact() -> None:
    soup = rendered(render_abstract(r"Let $a_1 * b_{2}$ and \(x<y\) hold; $$\{x\}$$ or \[E=mc^2\]. Costs $5 and $10."))
    assert [span.get_text() for span in soup.select("span.arithmatex")] == [
        r"\(a_1 * b_{2}\)", r"\(x<y\)", r"\[\{x\}\]", r"\[E=mc^2\]"]
    assert soup.get_text().endswith("Costs $5 and $10.")


def test_html_inside_math_stays_text() -> None:
    soup = rendered(render_abstract("$<img src=x onerror=alert(1)>$"))
    assert soup.find("img") is None
    tex = soup.select_one("span.arithmatex").get_text()  # prose words inside math are set upright (\text{...})
    assert tex.startswith("\\(<") and tex.endswith("=alert(1)>\\)") and "onerror" in tex


def test_name_identity_is_the_slug() -> None:
    assert name_slug("Yann LeCun", "author") == name_slug("yann  lecun", "author") == "yann-lecun"
    assert name_slug("Index", "topic") == "index-topic"
    assert name_slug("!!!", "author").startswith("author-")
    groups = group_names([("a", ["Yann LeCun"]), ("b", ["yann lecun", "Yann LeCun"]), ("c", ["yann lecun"])], "author")
    assert list(groups) == ["yann-lecun"]
    assert list(groups["yann-lecun"].papers) == ["a", "b", "c"]
    assert groups["yann-lecun"].name == "Yann LeCun"
