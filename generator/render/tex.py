"""TeX in abstracts as readers should see it: macro names a listing stripped of their backslash restored inside
math, and text-mode TeX outside math (`\\%`, `\\emph{x}`, `{\\bf x}`) shown as the text it means.

Presentation only: the stored abstract, the search index, feeds and citation files keep the text as given.
Everything here runs in time linear in the text (every scan is bounded or precomputed), because abstracts
are untrusted and a hostile one must not make a build quadratic.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

# --- Math: macro names to restore --------------------------------------------------------------------------
# Listings (Hugging Face Daily Papers above all) drop backslashes: `Acdot S_1^{-alpha}`, `mathcal{O}(n)`.
# Inside math a word from these lists, not preceded by a backslash, gets its backslash back. The lists hold
# only names that are not also English words a listing puts inside math, so prose stays prose: `in`, `to`,
# `not`, `mid`, `top`, `le`, `ge`, `ne`, `and` are left out (they are shown as words, see PROSE_WORDS).
GREEK = frozenset("""alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
    pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma
    Upsilon Phi Psi Omega""".split())
# Binary operators and relations: the only names restored when glued to a variable (`Acdot` -> `A\cdot`).
OPERATORS = frozenset("""cdot cdots ldots dots times circ pm mp leq geq neq approx equiv propto otimes oplus
    subseteq supseteq""".split())
SYMBOLS = frozenset("""ll gg sim simeq subset supset cup cap wedge vee div infty partial nabla forall exists
    emptyset varnothing ell star dagger langle rangle lfloor rfloor lceil rceil rightarrow leftarrow Rightarrow
    Leftarrow leftrightarrow mapsto implies iff""".split())
FUNCTIONS = frozenset("log ln exp sin cos tan sinh cosh tanh max min sup inf lim arg det dim Pr".split())
# Only macros of the TeX packages MathJax's tex-svg.js holds without autoloading (mathjax-config.js turns
# autoloading off): `\boldsymbol` or `\mathscr` would be shown as errors, so they are not restored.
COMMANDS = frozenset("""frac dfrac tfrac sqrt sum prod bigcup bigcap mathcal mathbb mathbf mathrm mathit mathsf
    mathfrak operatorname""".split())
MACROS = GREEK | OPERATORS | SYMBOLS | FUNCTIONS | COMMANDS
# English words too, restored only where TeX would use them: before `{` (`hat{x}`, `text{s.t.}`) ...
BRACED_MACROS = frozenset("text textrm textbf textit hat bar dot vec tilde overline underline widehat widetilde".split())
# ... or before a delimiter (`left( x right)`).
SIZING_MACROS = frozenset("left right bigl bigr Bigl Bigr".split())
SIZED_DELIMITER = re.compile(r"\s*(?:[()\[\]|.]|\\[{}|])")
# Words inside math that are prose a listing put between the delimiters (`$... S_2 Where S_1 is forward area$`):
# shown upright with their spaces (`\text{ is forward area }`) instead of as a run of italic variables.
PROSE_WORDS = frozenset("an and as at be by for if in is it of on or the to we with where which".split())
LETTERS = re.compile(r"[A-Za-z]+")
LITERAL_ARGUMENT = re.compile(r"\\?(?:mathrm|mathit|mathsf|mathtt|text|textrm|textit|textbf|mbox|operatorname\*?|begin|end)\{$")


def restore_math(tex: str) -> str:
    """TeX inside math delimiters with stripped macro names given back their backslash, and prose set as text."""
    if not LETTERS.search(tex):
        return tex
    depths = brace_depths(tex)
    parts: list[str] = []
    position = 0
    prose: list[tuple[int, int]] = []  # (start, end) of consecutive prose words not yet emitted

    def flush_prose() -> None:
        nonlocal position
        if prose:
            start, end = prose[0][0], prose[-1][1]
            while start > position and tex[start - 1] == " ":
                start -= 1
            while end < len(tex) and tex[end] == " ":
                end += 1
            parts.append(tex[position:start] + "\\text{" + tex[start:end] + "}")
            position = end
            prose.clear()

    for word in LETTERS.finditer(tex):
        start, end = word.span()
        if prose and tex[prose[-1][1]:start].strip(" "):
            flush_prose()
        if start < position:
            continue  # swallowed as the trailing space of a prose run (cannot happen for a letter; defensive)
        restored = restored_word(tex, start, end)
        if restored is not None:
            flush_prose()
            parts.append(tex[position:start] + restored)
            position = end
        elif is_prose(tex, start, end, depths[start]):
            prose.append((start, end))
        else:
            flush_prose()
    flush_prose()
    parts.append(tex[position:])
    return "".join(parts)


def restored_word(tex: str, start: int, end: int) -> str | None:
    """The word at tex[start:end] with its backslash(es) back, or None when it is to stay as it is."""
    word = tex[start:end]
    if start and tex[start - 1] == "\\":
        return None  # already a macro
    if start and tex[start - 1] == "{" and LITERAL_ARGUMENT.search(tex, max(0, start - 16), start):
        return None  # `\mathrm{max}`, `\text{in}`, `\begin{cases}`: letters, not macros
    following = tex[end:end + 1]
    if word in MACROS:
        return "\\" + word
    if word in BRACED_MACROS and following == "{":
        return "\\" + word
    if word in SIZING_MACROS and SIZED_DELIMITER.match(tex, end):
        return "\\" + word
    for length in range(min(len(word) - 1, 8), 1, -1):  # glued: a variable or a Greek letter, then an operator
        head, operator = word[:-length], word[-length:]
        if operator in OPERATORS and (len(head) == 1 or head in GREEK):
            return ("\\" + head if head in GREEK else head) + "\\" + operator
    return None


def is_prose(tex: str, start: int, end: int, depth: int) -> bool:
    """Whether a word inside math reads as an English word rather than variables (`Where`, `is`, `area`)."""
    word = tex[start:end]
    if depth or (start and tex[start - 1] in "\\_^") or tex[end:end + 1] in ("(", "{", "_", "^"):
        return False
    return len(word) >= 3 or word.lower() in PROSE_WORDS


def brace_depths(tex: str) -> list[int]:
    """The brace depth at every character of `tex` (escaped braces `\\{` do not count), in one pass."""
    depths, depth, escaped = [], 0, False
    for char in tex:
        if char == "}" and not escaped:
            depth = max(depth - 1, 0)
        depths.append(depth)
        if char == "{" and not escaped:
            depth += 1
        escaped = char == "\\" and not escaped
    return depths


# --- Math a listing left without delimiters ---------------------------------------------------------------
# `mathcal{O}(mathcal{C_Phi/m})`, `mathcal O(sqrt K)`: a styled letter is never prose, so such a run is typeset
# as math, extended over its braces, sub/superscripts and one parenthesised argument (bounded, balanced).
# So is a symbol written with its backslash outside math (`temperature {\tau} controls`, `\alpha_1`).
WRITTEN_MACROS = frozenset("in to le ge ne not mid top bot neg".split())  # English words, but not with a backslash
SYMBOL_NAMES = "|".join(sorted(GREEK | SYMBOLS | OPERATORS | FUNCTIONS | WRITTEN_MACROS, key=len, reverse=True))
BARE_MATH = re.compile(r"(?<![\w\\])(?P<styled>\\?(?:mathcal|mathbb|mathfrak))(?=\s?[A-Za-z](?![A-Za-z])|\{)"
                       rf"|\{{\\(?:{SYMBOL_NAMES})\}}|(?<!\\)\\(?:{SYMBOL_NAMES})(?![A-Za-z])")
BARE_MATH_LIMIT = 160  # characters one bare expression may span


def find_bare_math(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each undelimited math expression: `mathcal{O}(...)`, `\\tau`, `{\\alpha}`."""
    if "math" not in text and "\\" not in text:
        return
    position = 0
    while match := BARE_MATH.search(text, position):
        end = match.end()
        if match.group("styled") is None:  # a symbol: itself and its sub/superscripts
            end = scripts_end(text, end)
            yield match.start(), end
            position = end
            continue
        end = balanced_end(text, end, "{", "}") if text[end:end + 1] == "{" else end + (2 if text[end] == " " else 1)
        if end < 0:
            position = match.end()
            continue
        end = scripts_end(text, end)
        if text[end:end + 1] == "(":
            closing = balanced_end(text, end, "(", ")", match.start() + BARE_MATH_LIMIT)
            end = scripts_end(text, closing) if closing > 0 else end
        yield match.start(), end
        position = end


def balanced_end(text: str, start: int, opening: str, closing: str, limit: int | None = None) -> int:
    """The index after the bracket closing the one at text[start], or -1 (none within the limit)."""
    depth = 0
    for index in range(start, min(len(text), limit if limit is not None else start + BARE_MATH_LIMIT)):
        char = text[index]
        depth += (char == opening) - (char == closing)
        if depth == 0:
            return index + 1
    return -1


def scripts_end(text: str, end: int) -> int:
    """The end after any sub/superscripts (`_1`, `^{2/3}`) following position `end`."""
    while text[end:end + 1] in ("_", "^") and end + 1 < len(text):
        if text[end + 1] == "{":
            closing = balanced_end(text, end + 1, "{", "}")
            if closing < 0:
                return end
            end = closing
        elif text[end + 1].isalnum():
            end += 2
        else:
            return end
    return end


# --- Text-mode TeX outside math -----------------------------------------------------------------------------
TEXT_COMMANDS = {"emph": "em", "textit": "em", "textsl": "em", "textbf": "strong", "textrm": "", "textsf": "",
                 "textsc": "", "texttt": "", "text": "", "textnormal": "", "mbox": ""}
TEXT_SWITCHES = {"em": "em", "it": "em", "sl": "em", "itshape": "em", "bf": "strong", "bfseries": "strong"}
TEXT_TEX = re.compile(r"\\(?:[%&_#${}]|(?P<command>[A-Za-z]+)\{)|\{\\(?P<switch>[A-Za-z]+)(?![A-Za-z])\s?")
MAX_NESTING = 8


def render_text_tex(text: str) -> str:
    """Plain text as HTML: escaped, with `\\%`, `\\&`, `\\emph{x}`, `{\\bf x}`... shown as what they mean."""
    if "\\" not in text:
        return html.escape(text, quote=False)
    return _render_text(text, 0, len(text), matching_braces(text), 0)


def _render_text(text: str, start: int, end: int, closing: dict[int, int], nesting: int) -> str:
    parts: list[str] = []
    position = start
    for match in TEXT_TEX.finditer(text, start, end):
        if match.start() < position:
            continue
        command, switch = match.group("command"), match.group("switch")
        if command is None and switch is None:  # an escaped character: \% -> %
            parts.append(html.escape(text[position:match.start()], quote=False))
            parts.append(html.escape(match.group()[1], quote=False))
            position = match.end()
            continue
        brace = match.end() - 1 if command is not None else match.start()
        tag = TEXT_COMMANDS.get(command) if command is not None else TEXT_SWITCHES.get(switch)
        close = closing.get(brace, -1)
        if tag is None or close < 0 or close >= end or nesting >= MAX_NESTING:
            continue
        inner = _render_text(text, match.end(), close, closing, nesting + 1)
        parts.append(html.escape(text[position:match.start()], quote=False))
        parts.append(f"<{tag}>{inner}</{tag}>" if tag else inner)
        position = close + 1
    parts.append(html.escape(text[position:end], quote=False))
    return "".join(parts)


def matching_braces(text: str) -> dict[int, int]:
    """Index of each `{` -> index of its `}` (escaped braces do not count), in one pass with a stack."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    escaped = False
    for index, char in enumerate(text):
        if not escaped:
            if char == "{":
                stack.append(index)
            elif char == "}" and stack:
                pairs[stack.pop()] = index
        escaped = char == "\\" and not escaped
    return pairs
