"""`papers check`: every problem in the store at once: schema, duplicates, file names, contributor rules.

Errors fail CI; warnings (near-duplicate titles, a file name that is not the title's slug, an empty
abstract) are printed but do not. Fields and types are checked by the JSON Schema through
generator.models.validate_metadata; this module adds the rules that span files or concern
contributor input only.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

from rapidfuzz import fuzz

from .errors import Problem
from .models import Paper
from .identifiers import normalise_doi
from .names import holds_second_person, yaml_list
from .normalise import WINDOWS_RESERVED, base_slug, is_web_url, normalise_arxiv_id, title_key
from .store import FRONT_MATTER, StoredPaper, field_line, papers_dir, paper_files, read_paper
from .transaction import recover

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FILE_NAME_BYTES = 100
# An HTML tag or comment: '<' then a letter or '/' or '!--'. '$a<b$' and 'x < y' are not tags.
HTML_MARKUP = re.compile(r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|!--)")
# Near-duplicate titles: a pair is reported when difflib's similarity of the title keys is at least
# NEAR_DUPLICATE_SCORE. Only candidate pairs are scored (see candidate_pairs), so 50,000 titles take seconds.
NEAR_DUPLICATE_SCORE = 0.9
SHARED_WORDS = 0.6       # candidates share at least this share of the longer title's words ...
MAX_BUCKET = 50          # ... through a word found in at most this many titles (common words pair everything)
NEIGHBOURS = 3           # ... or sort within this distance of each other, forwards or backwards


def check_file_name(path: Path) -> Problem | None:
    """Why a paper's file name breaks the slug rules, or None."""
    slug = path.stem
    if path.suffix != ".md":
        return Problem(str(path), 1, "file name",
                       f"{path.name!r} is not a paper file: paper files end in '.md' (rename it, e.g. "
                       f"'{base_slug(slug)}.md'), anything else does not belong in {path.parent}")
    if not SLUG_PATTERN.match(slug) or len(path.name.encode()) > MAX_FILE_NAME_BYTES or slug in WINDOWS_RESERVED:
        return Problem(str(path), 1, "file name",
                       f"{path.name!r} is not a valid slug: use lower-case ASCII letters, digits and single "
                       f"hyphens, at most {MAX_FILE_NAME_BYTES} bytes (e.g. '{base_slug(slug)}.md')")
    return None


def slug_warning(item: StoredPaper) -> Problem | None:
    """A warning when the file name is not the slug `papers add` and the importer would give the title."""
    expected = base_slug(item.paper.title)
    # unique_slug() appends a hash of the title (and a counter) when two titles share a slug.
    if re.fullmatch(rf"{re.escape(expected)}(?:-[0-9a-f]{{6}}(?:-\d+)?)?", item.slug):
        return None
    return Problem(str(item.path), 1, "file name",
                   f"'{item.path.name}' is not the slug of the title ('{expected}.md'): rename the file with "
                   f"git mv, unless its page is already published and its URL must stay")


def contributor_problems(paper: Paper) -> list[tuple[str, str]]:
    """Rules for what contributors type (papers add, papers check) but not for imported listings."""
    problems = []
    markup = HTML_MARKUP.search(paper.title)
    # A title exactly as a listing gave it is kept verbatim by the importer (and shown as text), so
    # `papers check` must accept it; only a title typed by a person has to be plain.
    if markup and paper.title not in {source.title for source in paper.sources}:
        problems.append(("title", f"contains HTML markup ({markup.group(0)!r}): write the title as plain text, "
                                  f"without tags; the site shows it exactly as written"))
    # The site drops links that are not http(s) (a javascript: URL must never be clickable): say so here.
    bad_links = [link for link in paper.links if not is_web_url(link)]
    if bad_links:
        problems.append(("links", f"{bad_links[0]!r} is not an http(s) URL: write links as https://..."))
    return problems


def author_warnings(paper: Paper) -> list[str]:
    """Names holding a second person after a comma ('Ada Lovelace, Alan Turing'), each with the fixed list.

    'Lovelace, Ada' (family, given), 'King, Jr.' and 'van der Waals, J. D.' are one person and pass.
    """
    messages = []
    for name in paper.authors:
        reading = holds_second_person(name)
        if reading:
            fixed = [person for author in paper.authors for person in (reading.people if author == name else [author])]
            messages.append(f"{name!r} looks like {len(reading.people)} people in one name: list each author on "
                            f"its own, e.g. authors: {yaml_list(fixed)}; if it is one person, nothing to do")
    return messages


def find_duplicates(papers: list[StoredPaper]) -> list[Problem]:
    """Papers that are the same paper: equal normalised title, arXiv id (any version) or DOI."""
    problems = []
    for field, key_of in (("title", lambda p: title_key(p.title)), ("arxiv", _arxiv_key),
                          ("doi", lambda p: p.doi and (normalise_doi(p.doi) or p.doi.lower()))):
        first_seen: dict[str, StoredPaper] = {}
        for item in papers:
            key = key_of(item.paper)
            if not key:
                continue
            if key in first_seen:
                other = first_seen[key]
                problems.append(Problem(str(item.path), field_line(item.path, field), field,
                                        f"duplicate of {other.path}: it is the same paper, so merge the two "
                                        f"files into one and delete this one"))
            else:
                first_seen[key] = item
    return problems


def _arxiv_key(paper: Paper) -> str | None:
    return paper.arxiv and (normalise_arxiv_id(paper.arxiv) or paper.arxiv)


def title_similarity(first: str, second: str) -> float:
    """Similarity of two title keys, 0..1: 2 * (longest common subsequence) / (total length).

    rapidfuzz's normalised Indel similarity (the measure of difflib's ratio, computed exactly and in C);
    0.0 below NEAR_DUPLICATE_SCORE, which lets it stop early.
    """
    return fuzz.ratio(first, second, score_cutoff=NEAR_DUPLICATE_SCORE * 100) / 100


def candidate_pairs(keys: list[str]) -> Iterator[tuple[int, int]]:
    """(earlier, later) index pairs of titles that may be near-duplicates (some twice), far fewer than all.

    Two sources of candidates. Prefix filtering: with words ordered rarest first across all titles,
    two titles sharing SHARED_WORDS of their words must share one of their first few (rarest) words,
    so each title meets only the titles filed under those. And sorted neighbours: titles that sort
    next to each other, forwards or read backwards, which catches a typo in a title of common words.
    """
    words = [set(key.split()) for key in keys]
    frequency = Counter(word for title_words in words for word in title_words)
    by_word: dict[str, list[int]] = defaultdict(list)
    for later, title_words in enumerate(words):
        rarest = sorted(title_words, key=lambda word: (frequency[word], word))
        for word in rarest[:len(rarest) - math.ceil(SHARED_WORDS * len(rarest)) + 1]:
            if frequency[word] <= MAX_BUCKET:
                for earlier in by_word[word]:
                    yield earlier, later
                by_word[word].append(later)
    for order in (sorted(range(len(keys)), key=keys.__getitem__),
                  sorted(range(len(keys)), key=lambda index: keys[index][::-1])):
        for position, index in enumerate(order):
            for other in order[position + 1:position + 1 + NEIGHBOURS]:
                yield min(index, other), max(index, other)


def near_duplicate_pairs(keys: list[str]) -> list[tuple[int, int, float]]:
    """(earlier, later, score) for distinct keys whose similarity is >= NEAR_DUPLICATE_SCORE, sorted."""
    found: dict[tuple[int, int], float] = {}
    for earlier, later in candidate_pairs(keys):
        if keys[earlier] != keys[later]:  # equal keys are duplicates: an error, reported elsewhere
            score = title_similarity(keys[earlier], keys[later])
            if score:
                found[earlier, later] = score
    return [(earlier, later, score) for (earlier, later), score in sorted(found.items())]


def near_duplicate_warnings(papers: list[StoredPaper]) -> list[Problem]:
    """Warnings for titles so alike that they may be the same paper, with their similarity score."""
    return [Problem(str(papers[later].path), field_line(papers[later].path, "title"), "title",
                    f"near-duplicate of {papers[earlier].path} (similarity {score:.2f}): if it is the same "
                    f"paper, merge the two files; if not, nothing to do")
            for earlier, later, score in near_duplicate_pairs([title_key(item.paper.title) for item in papers])]


def body_line(path: Path) -> int:
    """The line where a paper file's abstract (the body after the front matter) starts."""
    text = path.read_text("utf-8").replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    return text[:match.end()].count("\n") + 1 if match else 1


def stray_files(content_dir: Path) -> list[Path]:
    """Files in the papers folder that are not *.md (e.g. 'x.markdown'), which would be silently skipped."""
    directory = papers_dir(content_dir)
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir()
                  if path.suffix != ".md" and not path.name.startswith("."))


def check_store(content_dir: Path, today: dt.date | None = None) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for the whole store; errors fail CI, warnings do not."""
    recover(content_dir)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    papers: list[StoredPaper] = []
    for path in stray_files(content_dir):
        errors.append(check_file_name(path))
    for path in paper_files(content_dir):
        name_problem = check_file_name(path)
        if name_problem:
            errors.append(name_problem)
        paper, problems = read_paper(path, today)
        errors.extend(problems)
        if paper is None:
            continue
        item = StoredPaper(path.stem, path, paper)
        papers.append(item)
        errors.extend(Problem(str(path), field_line(path, field), field, message)
                      for field, message in contributor_problems(paper))
        if not name_problem:
            warnings.extend(filter(None, [slug_warning(item)]))
        warnings.extend(Problem(str(path), field_line(path, "authors"), "authors", message)
                        for message in author_warnings(paper))
        if not paper.abstract:
            warnings.append(Problem(str(path), body_line(path), "abstract",
                                    "is empty: paste the paper's abstract below the closing '---'"))
    errors.extend(find_duplicates(papers))
    warnings.extend(near_duplicate_warnings(papers))
    return errors, warnings
