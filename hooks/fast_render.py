"""MkDocs hook: build the same site faster (JSON front matter read as JSON, Material's chrome rendered once).

An optimisation only: the site is byte for byte the same without this hook (tests/test_fast_render.py builds
sites both ways and compares every file), PAPER_ARCHIVE_FAST_RENDER=0 switches it off, and the site builds
with the hook removed from mkdocs.yml.

1. Front matter. MkDocs reads it with `yaml.load(..., CSafeLoader)` (mkdocs/utils/meta.py): libyaml scans in
   C, but PyYAML builds, resolves and constructs every node in Python, ~3-6 ms for a paper or author page.
   The generator writes front matter as one line of JSON, which is also YAML; json.loads reads it ~15x
   faster. JSON and YAML agree on such a line except in cases this hook detects and leaves to MkDocs (see
   `json_front_matter`), so page.meta and page.markdown are exactly what MkDocs would have set.

2. Chrome. Half the time Jinja spends on a paper or listing page goes to Material's blocks around ours
   (head, header, footer, the translations `config` block...), which print the same bytes on every page but
   for its title and canonical URL. See `ChromeMemo`: those blocks are rendered once per variant, with the
   page's values observed through recording proxies, and reused on every later page on which the same
   observations hold, with the page's own strings spliced in where the templates printed them.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import secrets
import string
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn

import jinja2
import jinja2.nodes
import yaml
from markupsafe import Markup
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as mkdocs_meta

log = logging.getLogger("mkdocs.hooks.fast_render")

# --- 1. Front matter read as JSON ---------------------------------------------------------------------------

SWITCH = "PAPER_ARCHIVE_FAST_RENDER"  # "0": hook off (the identity test builds both ways); "front-matter": part 1 only
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


class FrontMatter:
    """Per build: front matter read as JSON in on_page_read_source, handed to the page in on_page_markdown."""

    def __init__(self) -> None:
        self.pending: dict[str, dict[str, Any]] = {}

    def read_source(self, page: Page) -> str | None:
        """The page's source with a stub front matter when its own was read as JSON; None leaves it to MkDocs."""
        try:
            source = page.file.content_string  # exactly how MkDocs reads it (UTF-8 with optional BOM)
        except (OSError, ValueError):
            return None  # MkDocs reads it again and reports the error its own way
        match = mkdocs_meta.YAML_RE.match(source)
        data = json_front_matter(match.group(1)) if match else None
        if data is None:
            self.pending.pop(page.file.src_uri, None)
            return source
        self.pending[page.file.src_uri] = data
        return STUB + source[match.end():]  # MkDocs strips leading newlines after the stub as after the original

    def set_meta(self, page: Page) -> None:
        """Give the page the data read by read_source (MkDocs has just set page.meta to the stub's {})."""
        data = self.pending.pop(page.file.src_uri, None)
        if data is not None:
            page.meta = data


FRONT_MATTER = FrontMatter()


# --- 2. Material's chrome, rendered once per variant -------------------------------------------------------

FAST_TEMPLATES = ("paper.html", "listing.html")  # the templates of thousands of pages (generator/render)
SAME_OBJECTS = ("config", "nav")  # context values MkDocs passes as the very same objects to every page
URL_FILTERS = ("url", "script_tag")  # MkDocs' filters reading only context["page"].url and context["base_url"]
MAX_VARIANTS = 16  # recorded variants of a template's chrome; pages matching none are rendered normally
MAX_FAILED_RECORDINGS = 4  # after this many failed recordings a template is always rendered normally
MAX_ATTEMPTS = 4  # per recording: each retry prints one more string as itself instead of splicing it
ALPHABET = string.ascii_letters + string.digits
LEAF_TYPES = frozenset({str, int, float, bool, type(None), bytes, Markup})  # compared by type and value

Op = tuple  # ("getattr", name), ("getitem", key), ("call", args, kwargs), ("bool",), ("iter", index)...
Path = tuple  # (context key, op, op, ...): how a value was reached from the page's template context
Outcome = tuple  # ("leaf", type, value), ("object", type), ("class", cls), ("raises", type), ("splice", id)


class NotMemoizable(Exception):
    """A recording met something it cannot prove repeats on other pages: pages render normally instead."""


def apply(target: Any, op: Op) -> Any:
    """Perform one recorded operation on a real object (while recording, and again to check a later page)."""
    kind = op[0]
    if kind == "getattr":
        return getattr(target, op[1])
    if kind == "getitem":
        return target[op[1]]
    if kind == "call":
        return target(*op[1], **dict(op[2]))
    if kind == "iter":
        iterator = iter(target)
        if iterator is target:
            raise NotMemoizable("a one-shot iterator cannot be iterated again to check it")
        return next(itertools.islice(iterator, op[1], None))  # StopIteration past the end
    if kind == "class":
        return target.__class__
    if kind == "contains":
        return op[1] in target
    if kind == "eq":
        return target == op[1]
    if kind == "ne":
        return target != op[1]
    return {"bool": bool, "len": len, "str": str}[kind](target)


def classify(value: Any) -> Outcome:
    """What a check compares: leaves by type and value, classes by identity, other objects by type."""
    kind = type(value)
    if kind in LEAF_TYPES:
        return ("leaf", kind, value)
    if isinstance(value, type):
        return ("class", value)
    return ("object", kind)


def perform(target: Any, op: Op) -> tuple[Outcome, Any]:
    """apply() as an outcome to compare, with the value (or the exception) it gave."""
    try:
        value = apply(target, op)
    except NotMemoizable:
        raise
    except Exception as error:  # noqa: BLE001 - an exception is an outcome like any other
        return ("raises", type(error)), error
    return classify(value), value


def is_stand_in(value: Any) -> bool:
    """True for what a recording hands out instead of real values (a Proxy or a Splice)."""
    return type(value) is Proxy or type(value) is Splice


class Recorder:
    """One recording of a template's chrome: what it read from the page and where it printed page strings."""

    def __init__(self, printed_as_is: set[Path], escapable: bool) -> None:
        self.printed_as_is = printed_as_is  # paths earlier attempts found used other than by printing
        self.escapable = escapable  # sentinels with characters escaping changes, else digits only
        self.observations: list[tuple[Path, Op, Outcome]] = []
        self.url_filters: list[tuple[Path, Callable, Any, Any, tuple, Outcome]] = []
        self.splices: list[Path] = []  # splice id -> path of the string printed there
        self.sentinels: list[str] = []  # splice id -> its sentinel text
        self.problem: str | None = None  # set even where the exception is swallowed (C-level hasattr)
        self.problem_path: Path | None = None

    def new_sentinel(self) -> str:
        """A unique text to stand for a page string: a random token with every letter and digit (so that any
        one-character replacement changes it) around the characters HTML, JSON and URL escaping change, or,
        for the second recording, a random 32-digit number: another length, one word, a number to int()."""
        if self.escapable:
            token = f"PAFR{secrets.token_hex(8)}{ALPHABET}"
            return f"{token}<&\"'>{token}"
        return str(secrets.randbelow(9 * 10**31) + 10**31)

    def splice_path(self, splice: "Splice") -> Path | None:
        """The path of the string a Splice stands for."""
        text = object.__getattribute__(splice, "_text")
        return self.splices[self.sentinels.index(text)] if text in self.sentinels else None

    def spliced_into(self, values: Iterable[Any]) -> Path | None:
        """The path of a page string whose sentinel is inside one of these values (it was joined into a
        string, with ~ or a format, and that string is now used as an argument): printed as itself next time."""
        for value in values:
            if type(value) is Splice:
                return self.splice_path(value)
            if type(value) in (str, Markup):
                for splice_id, sentinel in enumerate(self.sentinels):
                    if sentinel in value:
                        return self.splices[splice_id]
        return None

    def refuse(self, reason: str, path: Path | None = None) -> NoReturn:
        """Abandon the recording; path, if any, is a string the next attempt prints as itself."""
        if self.problem is None:
            self.problem, self.problem_path = reason, path
        raise NotMemoizable(reason)

    def step(self, path: Path, target: Any, op: Op) -> Any:
        """Perform op on the real object behind a Proxy and record it; objects come back as Proxies."""
        arguments = list(flatten(op[1:]))
        spliced = self.spliced_into(arguments)
        if spliced or not all(type(argument) in LEAF_TYPES for argument in arguments):
            self.refuse("an argument that is not a constant string, number...", spliced or path)
        outcome, value = perform(target, op)
        if outcome[0] == "raises":
            self.observations.append((path, op, outcome))
            raise value
        return self.hand_out(path, op, outcome, value)

    def hand_out(self, path: Path, op: Op, outcome: Outcome, value: Any) -> Any:
        """A non-empty string becomes a Splice (unless printed as itself), other leaves stay, objects get Proxies."""
        reached = path + (op,)
        if outcome[0] == "leaf" and outcome[1] is str and value and op[0] != "str" \
                and reached not in self.printed_as_is:
            self.observations.append((path, op, ("splice", len(self.splices))))
            self.splices.append(reached)
            self.sentinels.append(self.new_sentinel())
            return Splice(self.sentinels[-1])
        self.observations.append((path, op, outcome))
        return Proxy(self, reached, value) if outcome[0] == "object" else value

    def iterate(self, path: Path, target: Any) -> Iterator[Any]:
        """Iterate the real object, recording each item taken as ("iter", index)."""
        iterator = iter(target)
        if iterator is target:
            self.refuse("a one-shot iterator", path)
        index = 0
        for value in iterator:
            yield self.hand_out(path, ("iter", index), classify(value), value)
            index += 1
        self.observations.append((path, ("iter", index), ("raises", StopIteration)))

    def url_filter(self, original: Callable, page: "Proxy", base_url: Any, value: Any, args: tuple) -> Any:
        """Call MkDocs' url/script_tag filter with the real page and record its result for these arguments:
        relative URLs are the same on every page of a folder, the page's own URL is not."""
        arguments = (base_url, value, *args)
        if any(map(is_stand_in, arguments)) or self.spliced_into(arguments):
            self.refuse("a recorded value given to a URL filter", self.spliced_into(arguments))
        get = object.__getattribute__
        real_context = {"page": get(page, "_target"), "base_url": base_url}
        outcome, result = perform_filter(original, real_context, value, args)
        self.url_filters.append((get(page, "_path"), original, base_url, value, args, outcome))
        if outcome[0] == "raises":
            raise result
        return result


def perform_filter(original: Callable, context: dict, value: Any, args: tuple) -> tuple[Outcome, Any]:
    """A URL filter's result as an outcome, with the value (or the exception)."""
    try:
        result = original(context, value, *args)
    except Exception as error:  # noqa: BLE001
        return ("raises", type(error)), error
    return classify(result), result


def flatten(values: tuple) -> Iterator[Any]:
    """The arguments of an op, tuples unpacked (a call's args and its keyword pairs)."""
    for value in values:
        if type(value) is tuple:
            yield from flatten(value)
        else:
            yield value


RECORDING: list[Recorder] = []  # the recording in progress (at most one): Splice and the URL filters use it


class Proxy:
    """Stands for an object of the page's context while recording: every use is performed on the real
    object and recorded, so that the same uses can be checked on a later page."""

    __slots__ = ("_recorder", "_path", "_target")

    def __init__(self, recorder: Recorder, path: Path, target: Any) -> None:
        object.__setattr__(self, "_recorder", recorder)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_target", target)

    def _step(self, op: Op) -> Any:
        """Record op on the real object."""
        get = object.__getattribute__
        return get(self, "_recorder").step(get(self, "_path"), get(self, "_target"), op)

    def __getattribute__(self, name: str) -> Any:
        if name == "__class__":  # what isinstance() asks: the real object's class, recorded
            return Proxy._step(self, ("class",))
        return Proxy._step(self, ("getattr", name))

    def __getitem__(self, key: Any) -> Any:
        return Proxy._step(self, ("getitem", key))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return Proxy._step(self, ("call", args, tuple(sorted(kwargs.items()))))

    def __bool__(self) -> bool:
        return Proxy._step(self, ("bool",))

    def __len__(self) -> int:
        return Proxy._step(self, ("len",))

    def __str__(self) -> str:
        return Proxy._step(self, ("str",))

    def __contains__(self, item: Any) -> bool:
        return Proxy._step(self, ("contains", item))

    def __eq__(self, other: Any) -> bool:
        return Proxy._step(self, ("eq", other))

    def __ne__(self, other: Any) -> bool:
        return Proxy._step(self, ("ne", other))

    def __iter__(self) -> Iterator[Any]:
        get = object.__getattribute__
        return get(self, "_recorder").iterate(get(self, "_path"), get(self, "_target"))


class Splice:
    """Stands for a page's string while recording: printed by a template, it prints a sentinel, which the
    variant replaces by the page's own string. Printing is the only use allowed. It claims to be a str (as
    isinstance asks, for Jinja's tests and filters) but is none, so C code reading a string raises TypeError
    (`in` a string, a str method or join given it, json); str() of it is allowed only from compiled template
    code, which is how {{ value }} prints, not from filters or `~` (Jinja's str_join); any other use (compare,
    escape, measure, hash...) abandons the recording, and the next attempt hands that string out as itself."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "_text", text)

    def __str__(self) -> str:
        if "__jinja_template__" not in sys._getframe(1).f_globals:
            refuse_splice(self, "str() outside a template's output")
        return object.__getattribute__(self, "_text")

    def __bool__(self) -> bool:
        return True  # only non-empty strings are spliced

    def __getattribute__(self, name: str) -> Any:
        if name == "__class__":
            return str
        refuse_splice(self, name)


def refuse_splice(splice: Splice, use: str) -> NoReturn:
    """A Splice was used other than by printing it."""
    if not RECORDING:
        raise NotMemoizable(use)
    RECORDING[-1].refuse(f"spliced string used: {use}", RECORDING[-1].splice_path(splice))


def refuse_proxy(proxy: Proxy, use: str) -> NoReturn:
    """A Proxy was used in a way a check could not repeat."""
    get = object.__getattribute__
    get(proxy, "_recorder").refuse(f"unsupported use: {use}")


def refusing(name: str, refuse: Callable[[Any, str], NoReturn]) -> Callable:
    """A special method that abandons the recording."""
    def method(self: Any, *args: Any, **kwargs: Any) -> NoReturn:
        refuse(self, name)
    method.__name__ = name
    return method


OTHER_SPECIAL_METHODS = (
    "__hash__ __lt__ __le__ __gt__ __ge__ __int__ __float__ __index__ __complex__ __round__ __format__ __repr__ "
    "__bytes__ __add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __matmul__ __rmatmul__ __truediv__ "
    "__rtruediv__ __floordiv__ __rfloordiv__ __mod__ __rmod__ __divmod__ __rdivmod__ __pow__ __rpow__ "
    "__lshift__ __rlshift__ __rshift__ __rrshift__ __and__ __rand__ __or__ __ror__ __xor__ __rxor__ __neg__ "
    "__pos__ __abs__ __invert__ __reversed__ __next__ __setattr__ __delattr__ __setitem__ __delitem__ "
    "__enter__ __exit__ __dir__ __reduce__ __reduce_ex__ __copy__ __deepcopy__ __getstate__ __getnewargs__ "
    "__getnewargs_ex__ __await__ __aiter__ __anext__").split()
for special in OTHER_SPECIAL_METHODS:
    setattr(Proxy, special, refusing(special, refuse_proxy))
for special in OTHER_SPECIAL_METHODS + "__eq__ __ne__ __len__ __contains__ __getitem__ __iter__ __call__".split():
    setattr(Splice, special, refusing(special, refuse_splice))


class Variant:
    """A template's chrome recorded on one page, valid for every page on which the same checks hold."""

    def __init__(self, context: dict[str, Any], same_objects: dict[str, Any], plain: dict[str, Any],
                 recorder: "Recorder", blocks: dict[str, list[str | int]]) -> None:
        self.keys = frozenset(context)  # the context's keys
        self.same_objects = same_objects  # key -> the object every page must pass (config, nav)
        self.plain = plain  # key -> plain data every page must equal (base_url, extra_css...)
        self.observations = unique(recorder.observations)  # a use repeated with the same outcome: checked once
        self.url_filters = recorder.url_filters
        self.splice_count = len(recorder.splices)
        self.blocks = blocks
        self.printed = {name: printing("".join(parts)) for name, parts in blocks.items()
                        if all(type(part) is str for part in parts)}  # blocks without page strings
        self.spliced = {name: parts for name, parts in blocks.items() if name not in self.printed}

    def same_as(self, other: "Variant") -> bool:
        """True when another recording, with other sentinels, saw and printed the same: no page string was used
        in a way that depends on its text (measured, parsed as a number, joined then compared...)."""
        return (self.observations == other.observations and self.url_filters == other.url_filters
                and self.blocks == other.blocks)

    def splices(self, context: dict[str, Any]) -> list[str] | None:
        """The page's strings to splice in, or None unless every check holds on this page's context."""
        if context.keys() != self.keys:
            return None
        if any(context[key] is not value for key, value in self.same_objects.items()):
            return None
        if any(not same_plain(context[key], value) for key, value in self.plain.items()):
            return None
        reached: dict[Path, Any] = {(key,): context[key] for key in self.keys}
        strings: list[str] = [""] * self.splice_count
        for path, op, expected in self.observations:
            outcome, value = perform(reached[path], op)
            if expected[0] == "splice":
                if outcome[0] != "leaf" or outcome[1] is not str or not value:
                    return None
                strings[expected[1]] = value
            elif outcome != expected:
                return None
            elif outcome[0] == "object":
                reached[path + (op,)] = value
        for page_path, original, base_url, value, args, expected in self.url_filters:
            real_context = {"page": reached[page_path], "base_url": base_url}
            if perform_filter(original, real_context, value, args)[0] != expected:
                return None
        return strings

    def render(self, template: jinja2.Template, context: dict[str, Any], strings: list[str]) -> str:
        """The page: the template rendered with this variant's chrome blocks printing their recorded text."""
        jinja_context = template.new_context(context)
        blocks = jinja_context.blocks
        for name, block in self.printed.items():
            blocks.setdefault(name, []).insert(0, block)
        for name, parts in self.spliced.items():
            text = "".join(part if type(part) is str else strings[part] for part in parts)
            blocks.setdefault(name, []).insert(0, printing(text))
        return template.environment.concat(template.root_render_func(jinja_context))


def unique(observations: list[tuple[Path, Op, Outcome]]) -> list[tuple[Path, Op, Outcome]]:
    """The observations in order, without exact repeats (unhashable ones are all kept)."""
    seen: set = set()
    kept = []
    for observation in observations:
        try:
            if observation in seen:
                continue
            seen.add(observation)
        except TypeError:
            pass
        kept.append(observation)
    return kept


def printing(text: str) -> Callable[[Any], Iterator[str]]:
    """A block function printing text."""
    def block(context: Any) -> Iterator[str]:
        yield text
    return block


def plain_form(value: Any) -> bool:
    """True for leaves and lists/tuples of them: data compared by value."""
    if type(value) in LEAF_TYPES:
        return True
    return type(value) in (list, tuple) and all(map(plain_form, value))


def same_plain(value: Any, expected: Any) -> bool:
    """Equal plain data, type for type."""
    if type(value) is not type(expected):
        return False
    if type(value) in (list, tuple):
        return len(value) == len(expected) and all(map(same_plain, value, expected))
    return value == expected


class ChromeMemo:
    """Renders one template's pages, Material's blocks around the page's own taken from a recorded Variant.

    Blocks fall in three kinds: the page's own (those the template defines: its content, extra head...) and
    the blocks around them (container) are rendered for every page, with the top-level code of the templates
    it extends; all other blocks (Material's head, header, footer, config...) are the chrome. The first page
    of a kind is rendered with Proxies for its context objects: every use the templates make of them is
    recorded (an attribute, a key, truth, iteration...), as are the results of MkDocs' URL filters, and the
    page's non-empty strings print as sentinels. A later page uses the recorded chrome when every recorded
    use gives the same result on it, with its own strings where the sentinels were. The templates are
    deterministic functions of what they read, so its chrome is then what Jinja would print.

    Guards, each making the page render normally when it fails: a page string used other than by being
    printed from template code (compared, escaped, measured, hashed, given to a filter, joined with ~...)
    abandons the recording, and the next attempt hands that string out as itself (compared instead, so pages
    share the variant only when it is equal); every recording is made twice, the second time with other
    sentinels (digits only, another length), and both must print the same; a sentinel printed transformed
    (escaped, encoded) shows its tokens alone; a chrome block rendering a page block abandons the recording;
    a variant is kept only if it renders the recording page exactly as Jinja did; pages of the navigation,
    whose rendering activates nav items, render normally; at most MAX_VARIANTS variants per template.

    Not detected (no template here does it; tests/test_fast_render.py has the uses that are): a page string
    printed into captured output (`{% set %}...{% endset %}`, a macro, `{% filter %}`, `self.block()`) or
    formatted with `%` in template code, whose result is then transformed in a way that leaves both
    sentinels unchanged but not the page's string. config and nav are taken as unchanged while pages render.
    """

    def __init__(self, template: jinja2.Template, chrome: set[str], page_blocks: set[str]) -> None:
        self.template, self.chrome, self.page_blocks = template, chrome, page_blocks
        self.normal_render = template.render
        self.variants: list[Variant] = []
        self.failures = 0
        self.counts = {"reused": 0, "recorded": 0, "normal": 0}
        self.nav_pages: set[int] = set()

    def render(self, *args: Any, **kwargs: Any) -> str:
        """Template.render for MkDocs: the recorded chrome when a variant holds for the page, else Jinja's."""
        context = dict(*args, **kwargs)
        page = context.get("page")
        if page is None or id(page) in self.nav_pages or not enabled():
            return self.normal_render(context)
        try:
            for variant in self.variants:
                strings = variant.splices(context)
                if strings is not None:
                    self.counts["reused"] += 1
                    return variant.render(self.template, context, strings)
        except Exception:  # noqa: BLE001 - whatever went wrong, Jinja renders the page (and reports errors)
            log.debug("fast_render: %s: reusing the chrome failed", self.template.name, exc_info=True)
        output = self.normal_render(context)
        if len(self.variants) < MAX_VARIANTS and self.failures < MAX_FAILED_RECORDINGS:
            self.learn(context, output)
        return output

    def learn(self, context: dict[str, Any], output: str) -> None:
        """Record a variant on this page; keep it if it renders this page exactly as Jinja did."""
        try:
            variant = self.record(context)
            strings = variant.splices(context) if variant else None
            if strings is not None and variant.render(self.template, context, strings) == output:
                self.variants.append(variant)
                self.counts["recorded"] += 1
                return
        except Exception:  # noqa: BLE001
            log.debug("fast_render: %s: recording failed", self.template.name, exc_info=True)
        self.failures += 1
        self.counts["normal"] += 1

    def record(self, context: dict[str, Any]) -> Variant | None:
        """Record the chrome on this page, each failed attempt printing one more string as itself."""
        printed_as_is: set[Path] = set()
        for _ in range(MAX_ATTEMPTS):
            recorders = Recorder(printed_as_is, escapable=True), Recorder(printed_as_is, escapable=False)
            try:
                first, second = (self.record_once(recorder, context) for recorder in recorders)
            except NotMemoizable as refusal:
                problem = next((recorder for recorder in recorders if recorder.problem), None)
                log.debug("fast_render: %s: %s", self.template.name, problem.problem if problem else refusal)
                if problem is None or problem.problem_path is None or problem.problem_path in printed_as_is:
                    return None
                printed_as_is.add(problem.problem_path)
                continue
            return first if first.same_as(second) else None
        return None

    def record_once(self, recorder: Recorder, context: dict[str, Any]) -> Variant:
        """Render the template with Proxies for the context's objects, capturing each chrome block's text."""
        same = {key: context[key] for key in SAME_OBJECTS if key in context}
        plain = {key: value for key, value in context.items() if key not in same and plain_form(value)}
        proxied = {key: value if key in same or key in plain else Proxy(recorder, (key,), value)
                   for key, value in context.items()}
        jinja_context = self.template.new_context(proxied)
        captured: dict[str, str] = {}
        inside_chrome = [0]
        for name in self.chrome:
            jinja_context.blocks.setdefault(name, []).insert(0, capturing(name, captured, inside_chrome, recorder))
        for name in self.page_blocks:
            jinja_context.blocks.setdefault(name, []).insert(0, skipped(inside_chrome, recorder))
        RECORDING.append(recorder)
        try:
            self.template.environment.concat(self.template.root_render_func(jinja_context))
        finally:
            RECORDING.pop()
        if recorder.problem:  # raised where something swallowed the exception
            raise NotMemoizable(recorder.problem)
        return Variant(context, same, plain, recorder, split_blocks(recorder, captured))


def capturing(name: str, captured: dict[str, str], inside_chrome: list[int],
              recorder: Recorder) -> Callable[[Any], Iterator[str]]:
    """A chrome block function that renders the block as the templates define it and keeps its text."""
    def block(context: Any) -> Iterator[str]:
        inside_chrome[0] += 1
        try:
            text = context.environment.concat(context.blocks[name][1](context))
        finally:
            inside_chrome[0] -= 1
        if captured.setdefault(name, text) != text:
            recorder.refuse(f"block {name} printed twice, differently")
        yield text
    return block


def skipped(inside_chrome: list[int], recorder: Recorder) -> Callable[[Any], Iterator[str]]:
    """A page block function for recording: prints nothing, and abandons the recording if chrome uses it."""
    def block(context: Any) -> Iterator[str]:
        if inside_chrome[0]:
            recorder.refuse("a chrome block renders a page block")
        return iter(())
    return block


def split_blocks(recorder: Recorder, captured: dict[str, str]) -> dict[str, list[str | int]]:
    """Each captured block as text and splice ids. Every sentinel must have been printed as it is: an escaped
    or encoded one still shows its tokens, so the tokens must all belong to whole sentinels."""
    everything = "".join(captured.values())
    if recorder.escapable:
        for splice_id, sentinel in enumerate(recorder.sentinels):
            token = sentinel[:sentinel.index("<")]
            if everything.count(token) != 2 * everything.count(sentinel):
                recorder.refuse("a spliced string printed transformed", recorder.splices[splice_id])
    if not recorder.sentinels:
        return {name: [text] for name, text in captured.items()}
    pattern = re.compile("(" + "|".join(map(re.escape, recorder.sentinels)) + ")")
    blocks = {}
    for name, text in captured.items():
        parts = pattern.split(text)
        blocks[name] = [recorder.sentinels.index(part) if index % 2 else part for index, part in enumerate(parts)]
    return blocks


def template_chain(template: jinja2.Template) -> list[jinja2.nodes.Template] | None:
    """The parsed template and those it extends, or None when one extends a name not written literally."""
    environment, chain, name = template.environment, [], template.name
    while name is not None:
        source = environment.loader.get_source(environment, name)[0]
        tree = environment.parse(source)
        chain.append(tree)
        extends = list(tree.find_all(jinja2.nodes.Extends))
        if len(extends) > 1 or (extends and not isinstance(extends[0].template, jinja2.nodes.Const)):
            return None
        name = extends[0].template.value if extends else None
    return chain


def chrome_blocks(template: jinja2.Template) -> tuple[set[str], set[str]] | None:
    """(chrome, page blocks) of a template: its own blocks are the page's, with every block enclosing one of
    them anywhere in the chain; the chrome is every other block of the chain."""
    chain = template_chain(template)
    if chain is None:
        return None
    page_blocks = set(template.blocks)
    enclosing = {block.name: {inner.name for inner in block.find_all(jinja2.nodes.Block)}
                 for tree in chain for block in tree.find_all(jinja2.nodes.Block)}
    per_page = set(page_blocks)
    while True:
        grown = per_page | {name for name, inner in enclosing.items() if inner & per_page}
        if grown == per_page:
            break
        per_page = grown
    return set(enclosing) - per_page, per_page


def url_filter_wrapper(original: Callable) -> Callable:
    """MkDocs' url/script_tag filter, recorded by result while a page is being recorded."""
    @jinja2.pass_context
    def url_filter(context: Any, value: Any, *args: Any) -> Any:
        page = context.get("page")
        if RECORDING and type(page) is Proxy:
            return RECORDING[-1].url_filter(original, page, context.get("base_url"), value, args)
        return original(context, value, *args)
    return url_filter


class ChromeMemos:
    """The memos of one build (a new Jinja environment per build, also under `mkdocs serve`)."""

    def __init__(self) -> None:
        self.memos: list[ChromeMemo] = []
        self.nav_pages: set[int] = set()

    def install(self, environment: jinja2.Environment) -> None:
        """Wrap the URL filters and the render method of each fast template of this environment."""
        self.memos = []
        for name in URL_FILTERS:
            if name in environment.filters:
                environment.filters[name] = url_filter_wrapper(environment.filters[name])
        for name in FAST_TEMPLATES:
            try:
                template = environment.get_template(name)
            except jinja2.TemplateNotFound:
                continue
            blocks = chrome_blocks(template)
            if blocks is None:
                continue
            memo = ChromeMemo(template, *blocks)
            memo.nav_pages = self.nav_pages
            template.render = memo.render
            self.memos.append(memo)

    def report(self) -> None:
        """How many pages reused a recorded chrome (mkdocs build --verbose shows it)."""
        for memo in self.memos:
            log.debug("fast_render: %s: %s, %d variants", memo.template.name, memo.counts, len(memo.variants))


CHROME = ChromeMemos()


# --- MkDocs events ------------------------------------------------------------------------------------------

def on_page_read_source(page: Page, config) -> str | None:
    """Read the source; front matter that is plain JSON is parsed here and replaced by a stub."""
    return FRONT_MATTER.read_source(page) if enabled() else None


@event_priority(100)  # before any other plugin looks at page.meta
def on_page_markdown(markdown: str, page: Page, config, files) -> str:
    """Set page.meta to the front matter read as JSON."""
    FRONT_MATTER.set_meta(page)
    return markdown


def on_nav(nav, config, files):
    """Remember the pages of the navigation: they render normally (rendering one activates its nav items)."""
    CHROME.nav_pages.clear()
    CHROME.nav_pages.update(id(page) for page in nav.pages)
    return nav


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    """Render the fast templates' chrome once per variant."""
    if enabled() and os.environ.get(SWITCH) != "front-matter":
        CHROME.install(env)
    return env


def on_post_build(config) -> None:
    """Log how many pages reused a recorded chrome."""
    CHROME.report()
