"""hooks/fast_render.py builds byte-identical sites: JSON front matter read as JSON.

The hook is an optimisation only. These tests build the fixture, injection and bundled sites with and
without it (PAPER_ARCHIVE_FAST_RENDER=0) and compare every file byte for byte, and check its front-matter
reader against MkDocs' own on hostile values.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.utils import meta as mkdocs_meta

from generator.build import mkdocs_environment
from helpers import load_module
from injection_site import injection_site
from payloads import ALL
from sitebuild import SITE_URL, BuiltSite, bundled_site, fixture_site

ROOT = Path(__file__).resolve().parent.parent


HOOK = load_module(ROOT / "hooks" / "fast_render.py", "fast_render_under_test")


# --- whole sites ---------------------------------------------------------------------------------------

def build_docs(built: BuiltSite, site_dir: Path, switch: str) -> str:
    """mkdocs build --strict --verbose of a built site's docs tree into site_dir; the log."""
    environment = mkdocs_environment(built.content, built.docs, site_dir, SITE_URL)
    environment.update(PAPER_ARCHIVE_FAST_RENDER=switch, SOURCE_DATE_EPOCH="1763769600", NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "--config-file",
               str(ROOT / "mkdocs.yml")]
    result = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def tree(directory: Path) -> dict[str, bytes]:
    """Every file below directory by relative path, with its bytes."""
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


def pages_read_as_json(log: str) -> int:
    """How many pages' front matter the hook read, from a verbose build log (0 when it did not say)."""
    found = re.findall(r"fast_render: front matter read as JSON on (\d+) pages", log)
    return int(found[-1]) if found else 0


SITES = {"fixture": fixture_site, "injection": lambda: injection_site().built, "bundled": bundled_site}


@pytest.mark.parametrize("name", SITES)
def test_site_is_byte_identical_with_and_without_the_hook(name: str, tmp_path: Path) -> None:
    built = SITES[name]()
    fast_log = build_docs(built, tmp_path / "fast", "1")
    plain_log = build_docs(built, tmp_path / "plain", "0")
    fast, plain = tree(tmp_path / "fast"), tree(tmp_path / "plain")
    assert fast.keys() == plain.keys()
    different = [path for path in fast if fast[path] != plain[path]]
    assert different == [], f"{len(different)} files differ, e.g. {different[:5]}"
    pages = sum(1 for _ in built.docs.rglob("*.md"))
    assert pages_read_as_json(fast_log) == pages  # the hook was at work on every page...
    assert pages_read_as_json(plain_log) == 0  # ...and off in the other build


def test_hook_is_listed_in_mkdocs_yml() -> None:
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert re.search(r"^hooks:\n(  - .*\n)*  - hooks/fast_render\.py\b", text, re.MULTILINE)


# --- front matter ---------------------------------------------------------------------------------------

def source_with(front: str, body: str = "\n\nThe abstract.\n") -> str:
    """A page source with this front matter line."""
    return f"---\n{front}\n---\n{body}"


def read_by_hook(source: str) -> tuple[str, dict] | None:
    """(markdown, meta) as the hook sets them, or None when it leaves the page to MkDocs."""
    match = mkdocs_meta.YAML_RE.match(source)
    data = HOOK.json_front_matter(match.group(1)) if match else None
    if data is None:
        return None
    markdown, stub_meta = mkdocs_meta.get_data(HOOK.STUB + source[match.end():])
    assert stub_meta == {}
    return markdown, data


HOSTILE = [*ALL.values(), "plain", "", " leading and trailing ", "é ü 中文 עברית 😀",
           "\\/ \\\\ \" ' \t \n \r",
           "\x00\x01\x1f", "\x7f\x80\x85\x9f", "\u2028\u2029", "\ufeff", "\ufffe\uffff", "\ud7ff\ue000",
           "# not a comment", "key: value", "--- !!python/object {}", "&anchor *alias", "[a, b]", "{a: b}",
           "1e+16", "true", "null", "~", "0o17", "2024-01-02", "12:30:00"]
NUMBERS = [0, -0, 1, -17, 10**30, 1.5, -0.0, 2.5e-07, 1e16, 1.0e300, 7.25]


@pytest.mark.parametrize("ensure_ascii", [False, True])
@pytest.mark.parametrize("value", HOSTILE + NUMBERS + [True, False, None, [], {}, [1, "a", None], {"k": [{"x": 1}]}])
def test_front_matter_read_as_json_is_what_mkdocs_reads(value, ensure_ascii: bool) -> None:
    front = json.dumps({"template": "paper.html", "title": value, "nested": {"list": [value, {"v": value}]}},
                       ensure_ascii=ensure_ascii, separators=(",", ":"))
    source = source_with(front)
    expected = mkdocs_meta.get_data(source)
    hook = read_by_hook(source)
    if hook is not None:  # otherwise MkDocs reads it itself: nothing to compare
        assert hook == expected
        assert repr(hook[1]) == repr(expected[1])  # 1 is not 1.0 is not True


def test_ordinary_front_matter_takes_the_fast_path() -> None:
    for value in ["A title", "é ü 中文 😀", 'quotes " and \\ backslash', 3, 2.5, True, None, ["a"]]:
        front = json.dumps({"title": value}, ensure_ascii=False, separators=(",", ":"))
        assert read_by_hook(source_with(front)) is not None, value


@pytest.mark.parametrize("front", [
    '{"a":1e+16}',  # PyYAML reads a float without a dot as a string
    '{"a":1.5e5}',
    '{"a":NaN}',
    '{"a":"\\ud83d\\ude00"}',  # libyaml rejects surrogate escapes, JSON pairs them
    '{"%s":1}' % ("k" * 1100),  # libyaml rejects implicit keys over 1,024 characters
    '{"%s":1}' % ("\\u0041" * 160),
    '{"a":"\x85"}',  # a raw NEL is a line break to YAML
    '{"a":"\x7f"}',  # a raw DEL is not printable to YAML
    '{"a":"\u2028"}',
    '{"a":"\ufeff"}',
    '["not", "a", "mapping"]',
    "title: YAML front matter",
    '{"a":\n1}',
])
def test_front_matter_yaml_would_read_differently_is_left_to_mkdocs(front: str) -> None:
    assert read_by_hook(source_with(front)) is None


def test_pages_of_generated_trees_read_the_same() -> None:
    built = injection_site().built
    for path in sorted(built.docs.rglob("*.md")):
        source = path.read_text("utf-8-sig")
        hook = read_by_hook(source)
        assert hook is not None, path  # the generator always writes one line of JSON
        assert hook == mkdocs_meta.get_data(source), path


def test_switch_turns_the_hook_off(monkeypatch: pytest.MonkeyPatch) -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md", content_string=source_with('{"title":"T"}')))
    for switch, on in (("0", False), ("1", True)):
        monkeypatch.setenv("PAPER_ARCHIVE_FAST_RENDER", switch)
        assert (HOOK.on_page_read_source(page, config=None) is not None) == on


# --- front matter held in full only while a page renders ------------------------------------------------

def generated_page(tmp_path: Path, front: dict) -> SimpleNamespace:
    """A page as the hook sees it: a real MkDocs File of a docs file with JSON front matter, and its meta."""
    from mkdocs.structure.files import File

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "paper.md").write_text(f"---\n{json.dumps(front)}\n---\n\nBody\n", "utf-8")
    return SimpleNamespace(file=File("paper.md", str(docs), str(tmp_path / "site"), True), meta={})


def test_a_page_holds_its_whole_front_matter_only_while_its_template_renders(tmp_path: Path) -> None:
    front = {"title": "A <b> title", "template": "paper.html", "paper": {"authors": ["Ada"], "count": 0}}
    page, front_matter = generated_page(tmp_path, front), HOOK.FrontMatter()
    markdown = front_matter.read_source(page)
    assert markdown == HOOK.STUB + "\nBody\n"
    front_matter.set_meta(page)
    assert page.meta == {"title": "A <b> title", "template": "paper.html"}  # what MkDocs reads between
    front_matter.full_meta(page)
    assert page.meta == front
    front_matter.short_meta(page)
    assert page.meta == {"title": "A <b> title", "template": "paper.html"}


def test_front_matter_left_to_mkdocs_is_left_whole(tmp_path: Path) -> None:
    page, front_matter = generated_page(tmp_path, {"title": "T"}), HOOK.FrontMatter()
    Path(page.file.abs_src_path).write_text("---\ntitle: T\nextra: [1, 2]\n---\nBody\n")
    assert front_matter.read_source(page).startswith("---\ntitle: T")  # YAML: MkDocs parses it
    page.meta = {"title": "T", "extra": [1, 2]}  # as MkDocs sets it
    front_matter.set_meta(page)
    front_matter.full_meta(page)
    front_matter.short_meta(page)
    assert page.meta == {"title": "T", "extra": [1, 2]}


def test_a_page_changed_between_reading_and_rendering_stops_the_build(tmp_path: Path) -> None:
    page, front_matter = generated_page(tmp_path, {"title": "T", "n": 1}), HOOK.FrontMatter()
    front_matter.read_source(page)
    front_matter.set_meta(page)
    Path(page.file.abs_src_path).write_text('---\n{"title": "T", "n": 2}\n---\n\nBody\n', "utf-8")
    with pytest.raises(HOOK.PluginError, match="paper.md: changed during the build"):
        front_matter.full_meta(page)
