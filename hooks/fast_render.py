"""MkDocs hook: build the same site faster and in less memory by reading the generator's JSON front matter as
JSON, and holding it in full only while a page's template renders (FrontMatter).

An optimisation only: the site is byte for byte the same without this hook (tests/test_fast_render.py builds
sites both ways and compares every file), PAPER_ARCHIVE_FAST_RENDER=0 switches it off, and the site builds
with the hook removed from mkdocs.yml.

MkDocs reads front matter with `yaml.load(..., CSafeLoader)` (mkdocs/utils/meta.py): libyaml scans in C, but
PyYAML builds, resolves and constructs every node in Python, ~3-6 ms for a paper or author page. The generator
writes front matter as one line of JSON, which is also YAML; json.loads reads it ~15x faster. JSON and YAML
agree on such a line except in cases this hook detects and leaves to MkDocs (see `json_front_matter`), so
page.meta and page.markdown are exactly what MkDocs would have set.

MkDocs internals used: the events on_page_read_source, on_page_markdown, on_page_context and on_post_page,
`page.file.content_string`, `mkdocs.utils.meta.YAML_RE` (how MkDocs finds front matter), and which meta keys
MkDocs reads outside a page's template (KEPT_BETWEEN). (Until the chrome became our own template, a
second part rendered Material's chrome blocks once per kind of page; overrides/main.html made it moot.)
"""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

log = logging.getLogger("mkdocs.hooks.fast_render")

# --- Front matter read as JSON ---------------------------------------------------------------------------------

SWITCH = "PAPER_ARCHIVE_FAST_RENDER"  # "0": hook off (the identity test builds both ways)
STUB = "---\n{}\n---\n"  # front matter MkDocs reads as {} in microseconds; the real one is set afterwards

# What MkDocs' YAML loader would not read as the same data as json.loads, found without parsing:
# - characters libyaml rejects (C0/C1 controls, DEL, BOM, non-characters) or treats as line breaks
#   (NEL, U+2028, U+2029) inside a quoted scalar; json.loads rejects raw C0 controls itself;
YAML_UNSAFE_CHARACTER = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# - \u escapes of UTF-16 surrogates, which JSON pairs into one character and libyaml refuses;
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# - mapping keys near YAML's 1,024-character limit for implicit keys (libyaml fails): 150 characters, even
#   all written as 6-character \uXXXX escapes, stay well under it;
LONGEST_SAFE_KEY = 150
# - numbers YAML 1.1 resolves differently (1e+16 and 1.5e5 are strings to PyYAML, NaN is not JSON YAML).
YAML_FLOAT = next(regexp for tag, regexp in yaml.resolver.Resolver.yaml_implicit_resolvers["1"]
                  if tag == "tag:yaml.org,2002:float")
YAML_INT = next(regexp for tag, regexp in yaml.resolver.Resolver.yaml_implicit_resolvers["1"]
                if tag == "tag:yaml.org,2002:int")


class NotPlainJson(ValueError):
    """The front matter is not JSON that YAML reads as the same data: let MkDocs parse it."""


def enabled() -> bool:
    """False when PAPER_ARCHIVE_FAST_RENDER=0."""
    return os.environ.get(SWITCH, "1") != "0"


def yaml_float(literal: str) -> float:
    """json's parse_float, accepting only literals YAML also resolves to this float."""
    if not YAML_FLOAT.match(literal):
        raise NotPlainJson(literal)
    return float(literal)


def yaml_int(literal: str) -> int:
    """json's parse_int, accepting only literals YAML also resolves to this int (all JSON integers)."""
    if not YAML_INT.match(literal):
        raise NotPlainJson(literal)
    return int(literal)


def no_constant(name: str) -> Any:
    """json's parse_constant: NaN and Infinity are not JSON YAML knows."""
    raise NotPlainJson(name)


def short_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: a dict, unless a key is too long for a YAML implicit key."""
    for key, _ in pairs:
        if len(key) > LONGEST_SAFE_KEY:
            raise NotPlainJson(key[:40])
    return dict(pairs)


DECODER = json.JSONDecoder(parse_float=yaml_float, parse_int=yaml_int, parse_constant=no_constant,
                           object_pairs_hook=short_keys)


def json_front_matter(text: str) -> dict[str, Any] | None:
    """The data MkDocs' YAML loader would read from this front matter, or None to leave it to MkDocs.

    text: the front matter between the --- lines, including its final newline. Only a single line holding
    a JSON object qualifies, without any of the cases listed above.
    """
    line = text[:-1]
    if not line.startswith("{") or "\n" in line or "\r" in line:
        return None
    if not line.isprintable() and YAML_UNSAFE_CHARACTER.search(line):
        return None
    if "\\u" in line and SURROGATE_ESCAPE.search(line):
        return None
    try:
        data = DECODER.decode(line)
    except ValueError:  # NotPlainJson, or not JSON at all (YAML front matter): MkDocs parses it
        return None
    return data if isinstance(data, dict) else None


# What MkDocs reads of a page's meta outside that page's own template: the title (nav, Page.title) and the
# template (chosen before on_page_context). Between reading and rendering a page, only these are kept.
KEPT_BETWEEN = ("title", "template")


class FrontMatter:
    """Per build: front matter read as JSON in on_page_read_source, handed to the page in on_page_markdown,
    and held in full only while the page's template renders.

    MkDocs reads every page before it renders any. Front matter as Python objects is ~5x its JSON (a paper
    page's related papers, citation tags, JSON-LD): held for 50,000 pages, it was most of the build's peak
    memory. So between reading and rendering a page keeps only KEPT_BETWEEN, and on_page_context reads the
    front matter again from the page's file (unchanged: the generator wrote the docs tree before the build).
    """

    def __init__(self) -> None:
        self.pending: dict[str, dict[str, Any]] = {}
        # Pages whose meta is kept short until their template renders -> where their front matter is, and its hash.
        self.deferred: dict[str, tuple[int, int, int]] = {}
        self.read_as_json = 0  # pages of this build, for the log

    def read_source(self, page: Page) -> str | None:
        """The page's source with a stub front matter when its own was read as JSON; None leaves it to MkDocs."""
        source = source_of(page)
        if source is None:
            return None
        match = mkdocs_meta.YAML_RE.match(source)
        data = json_front_matter(match.group(1)) if match else None
        self.deferred.pop(page.file.src_uri, None)
        if data is None:
            self.pending.pop(page.file.src_uri, None)
            return source
        self.pending[page.file.src_uri] = data
        self.deferred[page.file.src_uri] = (match.start(1), match.end(1), hash(match.group(1)))
        return STUB + source[match.end():]  # MkDocs strips leading newlines after the stub as after the original

    def set_meta(self, page: Page) -> None:
        """Give the page the data read by read_source (MkDocs has just set page.meta to the stub's {}), kept
        short until its template renders."""
        data = self.pending.pop(page.file.src_uri, None)
        if data is not None:
            page.meta = kept_between(data)
            self.read_as_json += 1

    def full_meta(self, page: Page) -> None:
        """Before the page's template renders: its whole front matter, read again. The same text as
        read_source checked, so plain json.loads reads it as the same data (DECODER's hooks only refuse)."""
        where = self.deferred.get(page.file.src_uri)
        if where is None:
            return
        text = (source_of(page) or "")[where[0]:where[1]]
        if hash(text) != where[2]:
            raise PluginError(f"{page.file.src_uri}: changed during the build; build again")
        page.meta = json.loads(text)

    def short_meta(self, page: Page) -> None:
        """After the page is written: drop all but KEPT_BETWEEN again (a dirty `serve` keeps pages between builds)."""
        if page.file.src_uri in self.deferred:
            page.meta = kept_between(page.meta)


def source_of(page: Page) -> str | None:
    """The page's file as MkDocs reads it (UTF-8 with optional BOM); None when unreadable (MkDocs reads it again
    and reports the error its own way)."""
    try:
        return page.file.content_string
    except (OSError, ValueError):
        return None


def kept_between(data: dict[str, Any]) -> dict[str, Any]:
    """The part of a page's meta MkDocs reads outside the page's own template."""
    return {key: data[key] for key in KEPT_BETWEEN if key in data}


FRONT_MATTER = FrontMatter()


# --- MkDocs events ------------------------------------------------------------------------------------------

def on_page_read_source(page: Page, config) -> str | None:
    """Read the source; front matter that is plain JSON is parsed here and replaced by a stub."""
    return FRONT_MATTER.read_source(page) if enabled() else None


@event_priority(100)  # before any other plugin looks at page.meta
def on_page_markdown(markdown: str, page: Page, config, files) -> str:
    """Set page.meta to the front matter read as JSON."""
    FRONT_MATTER.set_meta(page)
    return markdown


@event_priority(100)  # before any other plugin looks at page.meta
def on_page_context(context, page: Page, config, nav):
    """Give the page its whole front matter for its template."""
    FRONT_MATTER.full_meta(page)
    return context


@event_priority(-100)  # after every other plugin's post_page
def on_post_page(output: str, page: Page, config) -> str:
    """The page is written: keep only the short meta again."""
    FRONT_MATTER.short_meta(page)
    return output


def on_post_build(config) -> None:
    """Log how many pages' front matter was read as JSON (mkdocs build --verbose shows it)."""
    log.debug("fast_render: front matter read as JSON on %d pages", FRONT_MATTER.read_as_json)
    FRONT_MATTER.read_as_json = 0  # `mkdocs serve` builds again in the same process
