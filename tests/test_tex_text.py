"""TeX in abstracts as readers see it: stripped macro names restored inside math, text-mode TeX as text,
undelimited `mathcal{O}(n)` typeset; nothing else changed, everything escaped, linear time."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup

from generator.render.tex import find_bare_math, render_text_tex, restore_math
from generator.render.text import abstract_html, render_abstract


def spans(text: str) -> list[str]:
    return [span.get_text() for span in BeautifulSoup(render_abstract(text), "html.parser").select("span.arithmatex")]


@pytest.mark.parametrize(("tex", "shown"), [
    ("Acdot S_1^{-alpha}", r"A\cdot S_1^{-\alpha}"),
    ("mathcal{O}(n)", r"\mathcal{O}(n)"),
    ("C_{Phicirc Psi} > C_Psi", r"C_{\Phi\circ \Psi} > C_\Psi"),
    ("O(n log n) leq infty", r"O(n \log n) \leq \infty"),
    ("frac{1}{sqrt{2pi}} sum_i x_i times 2", r"\frac{1}{\sqrt{2\pi}} \sum_i x_i \times 2"),
    ("left( a right)", r"\left( a \right)"),
    ("hat{x} + mathbb{R}", r"\hat{x} + \mathbb{R}"),
])
def test_stripped_macro_names_get_their_backslash_back(tex: str, shown: str) -> None:
    assert restore_math(tex) == shown


@pytest.mark.parametrize("tex", [
    r"\alpha + \mathcal{O}(n)",  # already macros
    "x_1 + y^2 = 3",  # no words at all
    "a b c",  # single letters are variables
    r"\alpha_{\mathrm{max}}",
    r"\operatorname*{argmax}_x \text{in} S",  # letters inside text-like arguments stay letters
])
def test_math_without_stripped_names_is_unchanged(tex: str) -> None:
    assert restore_math(tex) == tex


@pytest.mark.parametrize(("tex", "shown"), [
    ("alphabet", r"\text{alphabet}"),  # a word containing a macro name is not that macro
    ("Beta", r"\text{Beta}"),  # B + eta is no operator glued to a variable
    ("hat x", r"\text{hat }x"),  # English words are macros only where TeX would use them
    ("left side", r"\text{left side}"),
    ("x in S", r"x\text{ in }S"),  # `in`, `to`, `not` are never restored: prose as likely as \in
    ("L_0 Where S_1 is forward area and S_2", r"L_0\text{ Where }S_1\text{ is forward area and }S_2"),
])
def test_words_inside_math_are_never_taken_for_macros(tex: str, shown: str) -> None:
    assert restore_math(tex) == shown


def test_the_bundled_mangled_formula_reads_as_tex() -> None:
    text = ("with learning rate (LR) annealing over training steps (s): $L(s) = L_0 + Acdot S_1^{-alpha} - Ccdot S_2 "
            "Where S_1 is forward area and S_2$ is learning rate annealing area, 1\\% of the cost")
    html, has_math = abstract_html(text)
    assert has_math
    assert spans(text) == [r"\(L(s) = L_0 + A\cdot S_1^{-\alpha} - C\cdot S_2\text{ Where }S_1"
                           r"\text{ is forward area and }S_2\)"]
    assert "1% of the cost" in BeautifulSoup(html, "html.parser").get_text()


def test_undelimited_styled_letters_become_math_and_nothing_else_does() -> None:
    text = ("an excess risk of mathcal{O}(mathcal{C_Phi/m} + mathcal{C_Psi/n}) for downstream tasks, "
            "regret mathcal O(sqrt K) and mathcal{S^p} > mathcal{S^n}; mathematics and mathcal{ stay text")
    assert spans(text) == [r"\(\mathcal{O}(\mathcal{C_\Phi/m} + \mathcal{C_\Psi/n})\)", r"\(\mathcal O(\sqrt K)\)",
                           r"\(\mathcal{S^p}\)", r"\(\mathcal{S^n}\)"]
    assert "mathematics and mathcal{ stay text" in BeautifulSoup(render_abstract(text), "html.parser").get_text()
    assert list(find_bare_math("plain prose about mathematics, alpha and beta")) == []
    assert abstract_html("plain prose about alpha, beta and 5% of $5")[1] is False


def test_symbols_written_with_their_backslash_outside_math_are_typeset() -> None:
    text = r"the temperature {\tau} controls it, \alpha_1 \in S, but \tautology and \unknown stay"
    assert spans(text) == [r"\({\tau}\)", r"\(\alpha_1\)", r"\(\in\)"]
    assert r"\tautology and \unknown stay" in BeautifulSoup(render_abstract(text), "html.parser").get_text()


@pytest.mark.parametrize(("tex", "html"), [
    (r"100\% of R\&D under\_score \#1 costs \$5", "100% of R&amp;D under_score #1 costs $5"),
    (r"{\em really} new and \emph{important}", "<em>really</em> new and <em>important</em>"),
    (r"\textbf{bold \textit{and} more} {\bf strong}", "<strong>bold <em>and</em> more</strong> <strong>strong</strong>"),
    (r"\textrm{plain} \unknown{kept} \emph{unclosed", r"plain \unknown{kept} \emph{unclosed"),
    (r"\emph{<script>alert(1)</script>}", "<em>&lt;script&gt;alert(1)&lt;/script&gt;</em>"),
])
def test_text_mode_tex_shows_the_text_it_means(tex: str, html: str) -> None:
    assert render_text_tex(tex) == html


def test_stored_abstract_is_only_presented_differently() -> None:
    text = r"We cut 5\% with \emph{care}: $Acdot B$."
    kept = str(text)
    html, has_math = abstract_html(text)
    assert text == kept and has_math
    soup = BeautifulSoup(html, "html.parser")
    assert soup.em.get_text() == "care" and soup.select_one("span.arithmatex").get_text() == r"\(A\cdot B\)"
    assert {tag.name for tag in soup.find_all(True)} == {"p", "em", "span"}


@pytest.mark.parametrize("hostile", [
    "\\emph{" * 20_000, "{\\em " * 20_000, "mathcal{" * 10_000, "mathcal O(" * 10_000,
    "$" + "alpha{" * 10_000 + "$", "$" + "Acdot " * 10_000 + "$", "\\(" + "x in " * 20_000 + "\\)",
])
def test_hostile_tex_renders_in_linear_time(hostile: str) -> None:
    start = time.perf_counter()
    render_abstract(hostile)
    assert time.perf_counter() - start < 2.0
