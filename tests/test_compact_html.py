"""hooks/compact_html.py: pages lose template indentation and nothing else.

Unit tests of `compact_html` (kept elements and attribute values byte for byte, inline spacing kept, linear
time on hostile input), then whole sites built with and without the hook (PAPER_ARCHIVE_COMPACT_HTML=0):
every HTML page must parse to the same document, text equal up to the length of its whitespace runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from generator.build import mkdocs_environment
from helpers import load_module
from injection_site import injection_site
from sitebuild import SITE_URL, BuiltSite, fixture_site

ROOT = Path(__file__).resolve().parent.parent


HOOK = load_module(ROOT / "hooks" / "compact_html.py", "compact_html_under_test")
compact = HOOK.compact_html
KEPT = ("pre", "textarea", "script", "style", "code", "kbd")
HTML_SPACE = re.compile("[ \t\n\r\f]+")  # not \s: U+00A0 is text to HTML


def visible_characters(html: str) -> str:
    """The string without HTML whitespace."""
    return HTML_SPACE.sub("", html)


# --- compact_html --------------------------------------------------------------------------------------

def test_indentation_and_blank_lines_become_one_newline() -> None:
    html = "<ul>\n    <li>a</li>\n\n    <li>b</li>  \n\t\n  </ul>\n\n"
    assert compact(html) == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"


@pytest.mark.parametrize("name", KEPT)
@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title])
def test_kept_elements_are_byte_identical(name: str, spelling) -> None:
    element = (f'<{spelling(name)} class="x y"\n      data-a=\'1\'>\n    line 1\n\n\t  line 2  \n'
               f'  <span>\n   inner</span>\n</{spelling(name)}>')
    html = f"<div>\n    {element}\n    <p>\n      after</p>\n</div>"
    assert compact(html) == f"<div>\n{element}\n<p>\nafter</p>\n</div>"


def test_each_kept_element_ends_at_its_own_closing_tag() -> None:
    html = "<pre>\n  a\n  </code>\n  b</pre>\n   <p>\n   c</p>\n<script>x = '</scripts>\n  y'</script >\n   z"
    assert compact(html) == "<pre>\n  a\n  </code>\n  b</pre>\n<p>\nc</p>\n<script>x = '</scripts>\n  y'</script >\nz"


def test_similar_tag_names_are_not_kept() -> None:
    html = "<prefix>\n   a</prefix>\n  <codex>\n  b</codex>\n  <ſcript>\n  c</ſcript>\n  <pre-x>\n  d</pre-x>"
    assert compact(html) == "<prefix>\na</prefix>\n<codex>\nb</codex>\n<ſcript>\nc</ſcript>\n<pre-x>\nd</pre-x>"


def test_an_unclosed_kept_element_keeps_the_rest_of_the_page() -> None:
    html = "<p>\n   a</p>\n   <textarea>\n   b\n\n   <p>\n   c"
    assert compact(html) == "<p>\na</p>\n<textarea>\n   b\n\n   <p>\n   c"


def test_quoted_attribute_values_keep_their_whitespace() -> None:
    html = '<a\n     href="https://example.org/a\n   b"   title=\'one\n\n   two\'\n     class="x">\n   link</a>'
    assert compact(html) == '<a\nhref="https://example.org/a\n   b"   title=\'one\n\n   two\'\nclass="x">\nlink</a>'


def test_inline_spacing_and_text_without_newlines_are_untouched() -> None:
    for html in ['<a href="x">a</a> <a href="y">b</a>', "a \t  b", "   lead and trail   ", "x\xa0\xa0\xa0y",
                 '<span class="a  b">c</span>\t<b>d</b>', "\r lone carriage return \r   ok"]:
        assert compact(html) == html


def test_whitespace_inside_a_text_node_is_kept() -> None:
    # The page's own text: a title written on two lines stays so (what get_text() and textContent read).
    html = "<h1>\n    Title on\n\n   two lines\n  </h1>\n  <p>a\n b <b>c</b>\n\n  d</p>"
    assert compact(html) == "<h1>\nTitle on\n\n   two lines\n</h1>\n<p>a\n b <b>c</b>\nd</p>"


def test_only_html_whitespace_is_squeezed() -> None:
    # No-break and other Unicode spaces are characters to HTML (str.split() and regex \s would eat them).
    assert compact("<p>\n\xa0\u2003 b</p>\n  \u3000<i>c</i>") == "<p>\n\xa0\u2003 b</p>\n\u3000<i>c</i>"
    assert compact("<p>a \r\n\r\n  </p>\f\n\t<p>") == "<p>a\n</p>\n<p>"


def test_compacting_twice_changes_nothing_more() -> None:
    html = ("<div>\n  <pre>\n  x\n</pre>\n  <a\n   title='t\n  u'>\n   y</a>  \n\n  <!-- c\n   d -->\n"
            "  <script>\n  s\n</script>\n</div>\n")
    once = compact(html)
    assert compact(once) == once
    assert visible_characters(once) == visible_characters(html)


HOSTILE = {
    "unclosed <pre": "&lt;pre <pre x\n  <script\n  ",
    "open tags without >": "<pre <script <a\n   \"q\n  ",
    "unclosed <pre> with text": "<pre>\n   &lt;pre&gt; text\n   ",
    "closing tags without >": "</pre \n   </script\n   <pre>",
    "unbalanced quotes in tags": "<a \"\n  '\n  >\n  <b '\n  \"\n",
    "escaped markup": "&lt;pre&gt;\n    &lt;script&gt;\n    &lt;/pre&gt; <code\n",
    "kept elements": "<script>\n  a</script>\n  <style>\n  b</style>\n  <kbd>\n  c",
}


@pytest.mark.parametrize("fragment", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_megabyte_is_linear_and_loses_no_character(fragment: str) -> None:
    html = "<html>\n  <body>\n    " + fragment * (1_000_000 // len(fragment)) + "\n  </body>\n</html>"
    started = time.perf_counter()
    out = compact(html)
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"{elapsed:.1f} s for {len(html):,} characters"  # quadratic would take minutes
    assert visible_characters(out) == visible_characters(html)
    assert "".join(out.split()) == "".join(html.split())
    assert len(out) <= len(html)


SPACES, NEWLINES = " " * 1_000_000, "\n" * 1_000_000
LONG_RUNS = {
    "spaces between tags": (f"<b>a</b>{SPACES}<b>b</b>", f"<b>a</b>{SPACES}<b>b</b>"),
    "newline then spaces after a tag": (f"<b>a</b>\n{SPACES}b", "<b>a</b>\nb"),
    "spaces then newline before a tag": (f"a{SPACES}\n<b>b</b>", "a\n<b>b</b>"),
    "newlines inside text": (f"<p>a{NEWLINES}b</p>", f"<p>a{NEWLINES}b</p>"),
    "spaces inside text, then a run before a tag": (f"<p>a{SPACES}b \n <i>c</i>", f"<p>a{SPACES}b\n<i>c</i>"),
    "a whitespace-only text node": (f"<p>{SPACES}{NEWLINES}{SPACES}</p>", "<p>\n</p>"),
}


@pytest.mark.parametrize(("html", "expected"), LONG_RUNS.values(), ids=list(LONG_RUNS))
def test_long_whitespace_runs_are_linear(html: str, expected: str) -> None:
    started = time.perf_counter()
    out = compact(html)
    assert time.perf_counter() - started < 5
    assert out == expected


def test_switch_and_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<p>\n    x</p>"
    assert HOOK.on_post_page(html, page=None, config=None) == "<p>\nx</p>"
    assert HOOK.on_post_template(html, template_name="404.html", config=None) == "<p>\nx</p>"
    assert HOOK.on_post_template(html, template_name="sitemap.xml", config=None) == html
    monkeypatch.setenv(HOOK.SWITCH, "0")
    assert HOOK.on_post_page(html, page=None, config=None) == html
    assert HOOK.on_post_template(html, template_name="404.html", config=None) == html


# --- whole sites ---------------------------------------------------------------------------------------

def build_uncompacted(built: BuiltSite, site_dir: Path) -> None:
    """mkdocs build --strict of a built site's docs tree into site_dir with PAPER_ARCHIVE_COMPACT_HTML=0."""
    environment = mkdocs_environment(built.content, built.docs, site_dir, SITE_URL)
    environment.update(PAPER_ARCHIVE_COMPACT_HTML="0", NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
               str(ROOT / "mkdocs.yml")]
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def document(html: str) -> list[tuple]:
    """The parsed page as a flat list: each tag with its exact attributes, each string with its type and
    text, whitespace runs as one space except inside kept elements (exact there)."""
    soup = BeautifulSoup(html, "html.parser", multi_valued_attributes=None)
    nodes: list[tuple] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            nodes.append((node.name, tuple(node.attrs.items())))
        elif isinstance(node, NavigableString):
            kept = any(parent.name in KEPT for parent in node.parents)
            nodes.append((type(node).__name__, str(node) if kept else HTML_SPACE.sub(" ", str(node))))
    return nodes


def kept_elements(html: str) -> list[str]:
    """The source text of every <pre>, <script>, <style>, <textarea>, <code> and <kbd> element."""
    soup = BeautifulSoup(html, "html.parser", multi_valued_attributes=None)
    return [element.decode() for element in soup.find_all(KEPT)]


def visible_text(html: str) -> str:
    """What the page shows as text, whitespace runs as one space."""
    return HTML_SPACE.sub(" ", BeautifulSoup(html, "html.parser").get_text()).strip()


SITES = {"fixture": fixture_site, "injection": lambda: injection_site().built}


@pytest.mark.parametrize("name", SITES)
def test_site_pages_are_the_same_documents_and_smaller(name: str, tmp_path: Path) -> None:
    built = SITES[name]()  # built the normal way, through mkdocs.yml: compacted
    build_uncompacted(built, tmp_path / "plain")
    plain_pages = sorted(path.relative_to(tmp_path / "plain") for path in (tmp_path / "plain").rglob("*.html"))
    compact_pages = sorted(path.relative_to(built.site) for path in built.site.rglob("*.html"))
    assert compact_pages == plain_pages and len(plain_pages) > 10
    before = after = 0
    for page in plain_pages:
        plain = (tmp_path / "plain" / page).read_text("utf-8")
        compacted = (built.site / page).read_text("utf-8")
        assert compacted == compact(plain), page  # the hook ran on every page, 404.html included
        assert visible_text(compacted) == visible_text(plain), page
        assert kept_elements(compacted) == kept_elements(plain), page
        assert document(compacted) == document(plain), page
        assert len(compacted.encode()) < len(plain.encode()), page
        before, after = before + len(plain.encode()), after + len(compacted.encode())
    print(f"\n{name}: {len(plain_pages)} HTML pages, {before:,} -> {after:,} bytes ({1 - after / before:.1%} less)")
