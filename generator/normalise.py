"""Normalised keys and names: title keys for dedupe, file-safe slugs, links found in text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Container
from urllib.parse import urlsplit

from slugify import slugify

MAX_SLUG_LENGTH = 80
# Stop a URL at whitespace, quotes, angle brackets, brackets, braces and the other characters a URL may not hold
# unescaped (a LaTeX '\url{...}{Repo}' in an abstract must not give an href with '{' in it); then trim punctuation.
URL_PATTERN = re.compile(r"https?://[^\s<>\"'\])}{|\\^`]+")
# arXiv ids as people paste them: 'arXiv:2106.01234v2', 'https://arxiv.org/abs/2106.01234', '.../pdf/2106.01234v1.pdf'.
ARXIV_ID = re.compile(
    r"^(?:arxiv:)?(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$", re.IGNORECASE)
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def title_key(title: str) -> str:
    """The dedupe key of a title: equal after Unicode, case, punctuation and whitespace normalisation."""
    text = unicodedata.normalize("NFKC", title).casefold()
    kept = "".join(char if unicodedata.category(char)[0] in "LN" else " " for char in text)
    key = " ".join(kept.split())
    return key or " ".join(text.split())  # a title of only symbols still gets a key


def short_hash(text: str) -> str:
    """Six hex digits that tell two texts apart, stable across runs and machines."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def base_slug(title: str) -> str:
    """ASCII, lower-case, hyphenated slug of a title, never empty nor reserved on any OS."""
    slug = slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
    if not slug or slug in WINDOWS_RESERVED:
        slug = f"paper-{short_hash(title_key(title))}" if not slug else f"{slug}-paper"
    return slug


def unique_slug(title: str, taken: Container[str]) -> str:
    """A slug not in `taken`: the title's slug, else the slug with a hash of the title key."""
    slug = base_slug(title)
    if slug not in taken:
        return slug
    suffixed = f"{slug}-{short_hash(title_key(title))}"
    counter = 2
    candidate = suffixed
    while candidate in taken:  # only when two keys share a hash prefix: ordered, so still deterministic
        candidate = f"{suffixed}-{counter}"
        counter += 1
    return candidate


def normalise_arxiv_id(text: str) -> str | None:
    """The bare arXiv id ('2106.01234', 'hep-th/9901001') in an id, 'arXiv:' id or arxiv.org URL; None if none.

    The 'arXiv:' prefix, abs/pdf/html URLs and the version suffix (v2) are dropped, so two
    versions of one paper share an id; old-style archive names keep their case ('math.GT/0309136').
    """
    match = ARXIV_ID.match(text.strip())
    return match.group("id") if match else None


def is_web_url(link: str) -> bool:
    """Whether a link is an http(s) URL with a host; never raises (urlsplit does on 'http://[')."""
    try:
        parts = urlsplit(link.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def find_links(text: str) -> list[str]:
    """URLs in a text, in order of appearance, without duplicates or trailing punctuation."""
    links: list[str] = []
    for match in URL_PATTERN.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        if url not in links:
            links.append(url)
    return links
