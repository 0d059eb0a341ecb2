"""The canonical store: content/papers/<slug>.md, read with line-accurate errors, written atomically."""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .errors import InputError, Problem
from .layout import papers_dir
from .models import Paper, validate_metadata

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class StoredPaper:
    """A paper together with where it lives in the store."""

    slug: str
    path: Path
    paper: Paper


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, which plain YAML silently overwrites, and aliases."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        # Aliases let a few lines expand to billions of values ("billion laughs"); validation would then
        # walk or repr them and hang. A paper file never needs one, so refuse it where it is written.
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"alias '*{event.anchor}' is not allowed in a paper file: write the value out in full",
                event.start_mark)
        return super().compose_node(parent, index)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}: keep only one", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _construct_timestamp_as_text(loader: _StrictLoader, node: yaml.ScalarNode) -> str:
    """Keep dates as written ('2024-02-31' must reach validation, not crash the YAML parser)."""
    return loader.construct_scalar(node)


class _FastStrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml's C parser: five times faster, which matters at 50,000 papers.

    Its composer is C, so it cannot refuse aliases: text that could hold one ('&' or '*') and
    text with a syntax error go through _StrictLoader, which also gives the precise messages.
    """


for _loader in (_StrictLoader, _FastStrictLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_front_matter(front_matter: str) -> Any:
    """Parse front matter with the strict rules, on the fast parser whenever that is safe."""
    if "&" not in front_matter and "*" not in front_matter:
        try:
            return yaml.load(front_matter, Loader=_FastStrictLoader)  # noqa: S506 - SafeLoader rules
        except yaml.YAMLError:
            pass  # parse again below for the exact message and line
    return yaml.load(front_matter, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass


def key_lines(front_matter: str) -> dict[str, int]:
    """Line (1-based, counting the opening '---' as line 1) of each top-level front-matter key."""
    try:
        node = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 2 for key, _ in node.value}


def field_line(path: Path, field: str) -> int:
    """Line of a top-level front-matter field in a paper file; 1 when it cannot be told."""
    match = FRONT_MATTER.match(path.read_text("utf-8").replace("\r\n", "\n"))
    return key_lines(match.group(1) or "").get(field, 1) if match else 1


def parse_paper_text(text: str, name: str, today: dt.date | None = None) -> tuple[Paper | None, list[Problem]]:
    """Parse one paper file's text; the paper, or None and every problem found with its line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    if not match:
        return None, [Problem(name, 1, None, "no front matter: the file must start with '---', "
                                              "then 'title: ...' and the other fields, then '---'")]
    front_matter = match.group(1) or ""
    abstract = text[match.end():].strip()
    try:
        metadata = load_front_matter(front_matter)
    except yaml.YAMLError as error:
        return None, [_yaml_problem(name, error)]
    metadata = {} if metadata is None else metadata
    found = validate_metadata(metadata, abstract, today)
    if found:
        lines = key_lines(front_matter)
        return None, [Problem(name, lines.get(field.split(".")[0].split("[")[0], 1), field, message)
                      for field, message in found]
    return Paper.from_metadata(metadata, abstract), []


# How to fix the YAML errors contributors meet most, keyed by a phrase of PyYAML's message.
YAML_HINTS = {
    "mapping values are not allowed": "quote a value that contains ': ', e.g. title: 'Memory: A Survey', "
                                       "and start every field at the beginning of the line",
    "end of stream": "a quote or bracket opened on this line is never closed",
    "expected ',' or ']'": "close the list with ']' and separate items with commas",
    "expected <block end>": "is a quote on this or an earlier line not closed? Otherwise indent fields and "
                            "list items consistently with spaces",
    "could not find expected ':'": "write each field as 'name: value' on its own line",
    "found character": "quote the value, e.g. title: '@home: a study'",
}


def _yaml_problem(name: str, error: yaml.YAMLError) -> Problem:
    """A YAML syntax error as a Problem with the line in the file (front matter starts on line 2)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if getattr(error, "context", None) == "while scanning a quoted scalar" and error.context_mark:
        mark = error.context_mark  # the line where the unclosed quote opens, not the end of the file
    line = mark.line + 2 if mark is not None else 1
    reason = getattr(error, "problem", None) or str(error)
    if "'\\t'" in reason or "tab" in reason.lower():
        reason = f"{reason} (YAML does not allow tabs for indentation: use spaces)"
    else:
        reason += next((f" ({hint})" for known, hint in YAML_HINTS.items() if known in reason), "")
    return Problem(name, line, "front matter", f"YAML syntax error: {reason}")


def read_paper(path: Path, today: dt.date | None = None) -> tuple[Paper | None, list[Problem]]:
    """Read and validate one paper file."""
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(name, None, None, f"not valid UTF-8 at byte {error.start}: save the file as UTF-8")]
    except OSError as error:
        return None, [Problem(name, None, None, f"cannot read the file: {error.strerror}")]
    try:
        return parse_paper_text(text, name, today)
    except RecursionError:  # '[[[[...' thousands deep: PyYAML and validation recurse per level
        return None, [Problem(name, 2, "front matter", "values are nested too deeply (thousands of '[' or '{'): "
                                                       "write each field as plain text or a flat list")]


def paper_files(content_dir: Path) -> list[Path]:
    """Every paper file in the store, sorted by name."""
    directory = papers_dir(content_dir)
    return sorted(directory.glob("*.md")) if directory.is_dir() else []


def load_store(content_dir: Path, today: dt.date | None = None) -> list[StoredPaper]:
    """Every paper in the store; InputError listing all problems if any file is invalid."""
    papers: list[StoredPaper] = []
    problems: list[Problem] = []
    for path in paper_files(content_dir):
        paper, found = read_paper(path, today)
        problems.extend(found)
        if paper is not None:
            papers.append(StoredPaper(path.stem, path, paper))
    if problems:
        raise InputError(problems)
    return papers


def render_paper(paper: Paper) -> str:
    """The file text for a paper: front matter in a stable key order, then the abstract."""
    post = frontmatter.Post(paper.abstract, **paper.to_metadata())
    text = frontmatter.dumps(post, sort_keys=False, allow_unicode=True, width=1_000_000)
    return text + "\n"


def write_atomically(path: Path, text: str) -> bool:
    """Write text to path via a temporary file and rename; False when the bytes were already there."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
