"""hooks/fast_render.py builds byte-identical sites: JSON front matter and recorded Material chrome.

The hook is an optimisation only. These tests build the fixture, injection and bundled sites with and
without it (PAPER_ARCHIVE_FAST_RENDER=0) and compare every file byte for byte; check its front-matter reader
against MkDocs' own on hostile values; and run its chrome recorder against templates that use page values
in every way a theme could (escaped, measured, compared, JSON-encoded...), comparing with plain Jinja.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from mkdocs.utils import meta as mkdocs_meta
from mkdocs.utils.templates import script_tag_filter, url_filter

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


def reuse_counts(log: str) -> dict[str, dict[str, int]]:
    """fast_render's per-template counts from a verbose build log."""
    found = re.findall(r"fast_render: (\S+): (\{[^}]*\})", log)
    return {name: json.loads(counts.replace("'", '"')) for name, counts in found}


SITES = {"fixture": fixture_site, "injection": lambda: injection_site().built, "bundled": bundled_site}


@pytest.mark.parametrize("name", SITES)
def test_site_is_byte_identical_with_and_without_the_hook(name: str, tmp_path: Path) -> None:
    built = SITES[name]()
    fast_log = build_docs(built, tmp_path / "fast", "1")
    build_docs(built, tmp_path / "plain", "0")
    fast, plain = tree(tmp_path / "fast"), tree(tmp_path / "plain")
    assert fast.keys() == plain.keys()
    different = [path for path in fast if fast[path] != plain[path]]
    assert different == [], f"{len(different)} files differ, e.g. {different[:5]}"
    counts = reuse_counts(fast_log)
    for template in HOOK.FAST_TEMPLATES:  # the hook really was at work
        assert counts[template]["reused"] > 0, counts


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


# --- recorded chrome against plain Jinja --------------------------------------------------------------------

BASE = """<!doctype html>
<html><head>{% block htmltitle %}<title>{{ page.meta.title }} - {{ config.site_name }}</title>{% endblock %}
{% block site_meta %}{% if page.canonical_url %}<link rel="canonical" href="{{ page.canonical_url }}">{% endif %}
<link rel="icon" href="{{ 'assets/favicon.png' | url }}">{% endblock %}
{% block extrahead %}{% endblock %}</head>
<body>{% set skip = page.toc | first %}{% if skip is defined %}<a href="{{ skip.url | url }}">skip</a>{% endif %}
{% block header %}<header>
{%- if page.meta and page.meta.title %}{{ page.meta.title }}{% else %}{{ page.title }}{% endif %}
<a href="{{ '' | url }}">home</a></header>{% endblock %}
{% block usage %}USAGE{% endblock %}
{% block container %}<main>{% block content %}{% endblock %}</main>{% endblock %}
{% block scripts %}{% for script in config.extra_javascript %}{{ script | script_tag }}{% endfor %}{% endblock %}
</body></html>"""
CHILD = """{% extends "base.html" %}
{% block content %}{% autoescape true %}
<h1>{{ page.meta.title }}</h1>{{ page.content | safe }}
{% endautoescape %}{% endblock %}"""

USAGES = {  # how chrome might use page values, each must come out as plain Jinja prints it
    "printed": "{{ page.meta.title }}",
    "concatenated": "{{ page.meta.title ~ '!' }} {{ 'by ' ~ page.meta.author }}",
    "escaped": "{{ page.meta.title | e }}",
    "upper": "{{ page.meta.title | upper }}",
    "length": "{{ page.meta.title | length }}",
    "truncated": "{{ page.meta.title | truncate(12) }}",
    "sliced": "{{ page.meta.title[:3] }}",
    "compared": "{% if page.meta.title == 'Plain title' %}same{% endif %}",
    "tested": "{% if 'x' in page.meta.title %}has x{% endif %}",
    "json": "{{ page.meta.title | tojson }}",
    "json dict": "{{ {'title': page.meta.title} | tojson }}",
    "json meta": "{{ page.meta | tojson }}",
    "striptags": "{{ page.meta.title | striptags }}",
    "urlencode": "{{ page.meta.title | urlencode }}",
    "replace": "{{ page.meta.title | replace('a', 'b') }}",
    "format": "{{ '%s.' | format(page.meta.title) }}",
    "set twice": "{% set t = page.meta.title %}{{ t }}|{{ t | e }}",
    "url": "{{ page.url }} {{ page.url | url }}",
    "page as string": "{{ page.meta.tags }}",
    "joined": "{{ page.meta.tags | join(', ') }}",
    "looped": "{% for tag in page.meta.tags %}[{{ tag }}]{% endfor %}",
    "counted": "{{ page.meta.tags | length }} {{ page.meta.count + 1 }}",
    "get": "{{ page.meta.get('title') }} {{ page.meta.get('missing', 'none') }}",
    "items": "{% for key, value in page.meta | dictsort %}{{ key }}={{ value }};{% endfor %}",
    "default": "{{ page.meta.subtitle | default(page.meta.title) }}",
    "mapping": "{% if page.meta is mapping %}mapping{% endif %}{% if page.meta.tags is string %}string{% endif %}",
    "hidden": "{% if page.meta.hide and 'toc' in page.meta.hide %}hidden{% endif %}",
    "pprint": "{{ page.meta.title | pprint }}",
    "wordcount": "{{ page.meta.title | wordcount }}",
    "int": "{{ page.meta.count | int }} {{ page.meta.title | int }}",
    "joined then measured": "{{ (page.meta.title ~ '') | length }} {{ ('%s' | format(page.meta.title)) | wordcount }}",
    "joined then parsed": "{{ (page.meta.title ~ '') | int }} {{ ('x' ~ page.meta.title) | replace('x', '') }}",
    "joined then given": "{{ ('papers/' ~ page.meta.title ~ '/') | url }} {{ page.meta.get(page.meta.title ~ '') }}",
    "in a string": "{% if page.meta.title in 'Plain title, x marks' %}listed{% endif %}",
    "given to a str method": "{{ 'Plain title'.startswith(page.meta.title) }} {{ ', '.join(page.meta.tags) }}",
}


def fake_pages() -> list[SimpleNamespace]:
    """Pages with hostile, missing, empty and non-string titles, varying tags, tables of contents and depth."""
    titles = ["Plain title", "Plain title", "x marks", *ALL.values(), "PAFR0000S0E<&\"'>PAFR0000S0E", "", "2024",
              "Plain", "papers/p1", "three short words"]
    pages = []
    for number, title in enumerate(titles):
        meta = {"title": title, "tags": ["a", title][: number % 3], "count": number}
        if number % 4 == 1:
            meta["author"] = f"Author {number} <b>"
        if number % 5 == 2:
            meta["hide"] = ["toc"]
        toc = [SimpleNamespace(url=f"#{'abstract' if number % 6 else 'other'}")] if number % 7 else []
        url = f"papers/p{number}/" if number % 8 else f"deep/er/p{number}/"
        pages.append(SimpleNamespace(meta=meta, title=title or "Untitled", url=url, toc=toc, content=f"<p>{number}</p>",
                                     canonical_url=f"https://example.org/{url}" if number % 9 else None))
    pages += [SimpleNamespace(meta={}, title="No meta", url="papers/none/", toc=[], content="", canonical_url=None),
              SimpleNamespace(meta={"title": 42, "tags": []}, title="Number", url="papers/n/", toc=[], content="",
                              canonical_url=None)]
    return pages


def environment(usage: str) -> jinja2.Environment:
    """A Jinja environment like MkDocs' (no autoescape, its url and script_tag filters) with these templates."""
    loader = jinja2.DictLoader({"base.html": BASE.replace("USAGE", usage), "child.html": CHILD})
    env = jinja2.Environment(loader=loader, auto_reload=False)
    env.filters["url"] = HOOK.url_filter_wrapper(url_filter)
    env.filters["script_tag"] = HOOK.url_filter_wrapper(script_tag_filter)
    return env


CONFIG = SimpleNamespace(site_name="Site <&>", extra_javascript=["assets/app.js"])


def context(page: SimpleNamespace) -> dict:
    """The template context MkDocs would pass (base_url depends on the page's depth)."""
    depth = page.url.count("/")
    return {"page": page, "config": CONFIG, "nav": None, "base_url": "/".join([".."] * depth),
            "extra_css": [], "mkdocs_version": "1.6.1"}


def rendered(render, page: SimpleNamespace) -> tuple[str, object]:
    """("ok", the page) or ("raises", the exception's type): some usages fail on some pages, as in Jinja."""
    try:
        return "ok", render(context(page))
    except Exception as error:  # noqa: BLE001
        return "raises", type(error)


@pytest.mark.parametrize("usage", USAGES)
def test_recorded_chrome_prints_what_jinja_prints(usage: str) -> None:
    template = environment(USAGES[usage]).get_template("child.html")
    memo = HOOK.ChromeMemo(template, *HOOK.chrome_blocks(template))
    pages = fake_pages()
    for page in pages + pages:  # the second round reuses what the first recorded
        assert rendered(memo.render, page) == rendered(memo.normal_render, page), page.meta
    if usage in ("printed", "get", "default", "looped"):  # page strings only printed: spliced, so shared
        assert memo.counts["reused"] > len(pages), memo.counts


def test_chrome_and_page_blocks_of_the_archive_templates() -> None:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([ROOT / "overrides", material_templates()]))
    env.filters.update(url=url_filter, script_tag=script_tag_filter)
    for name in HOOK.FAST_TEMPLATES:
        chrome, page_blocks = HOOK.chrome_blocks(env.get_template(name))
        assert {"content", "container", "extrahead"} <= page_blocks  # container holds content
        assert {"header", "htmltitle", "site_meta", "footer", "config"} <= chrome
        assert not chrome & page_blocks


def material_templates() -> Path:
    """mkdocs-material's templates folder."""
    import material

    return Path(material.__file__).parent / "templates"


def test_a_chrome_block_rendering_a_page_block_is_not_recorded() -> None:
    loader = jinja2.DictLoader({
        "base.html": "{% block header %}{{ self.content() }}{% endblock %}{% block content %}{% endblock %}",
        "child.html": '{% extends "base.html" %}{% block content %}{{ page.meta.title }}{% endblock %}'})
    template = jinja2.Environment(loader=loader).get_template("child.html")
    memo = HOOK.ChromeMemo(template, *HOOK.chrome_blocks(template))
    for page in fake_pages():
        assert memo.render(context(page)) == memo.normal_render(context(page))
    assert memo.counts["reused"] == 0


def test_switch_turns_the_hook_off(monkeypatch: pytest.MonkeyPatch) -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri="x.md", content_string=source_with('{"title":"T"}')))
    for switch, front_matter, chrome in (("0", False, False), ("front-matter", True, False), ("1", True, True)):
        monkeypatch.setenv("PAPER_ARCHIVE_FAST_RENDER", switch)
        assert (HOOK.on_page_read_source(page, config=None) is not None) == front_matter
        env = jinja2.Environment(loader=jinja2.DictLoader({}))
        env.filters["url"] = url_filter
        assert HOOK.on_env(env, config=None, files=None) is env
        assert (env.filters["url"] is not url_filter) == chrome
