"""Build-time accounting: every paper in the store has its page, and no generated page lists a missing paper."""

from __future__ import annotations

import re

from ..errors import PaperArchiveError
from .site import Site

# How generated pages refer to a paper in their front matter (paper lists, related papers):
# `"url":"papers/<slug>/"` (generator/render/document.py writes front matter as one line of JSON).
PAPER_URL = re.compile(r'"url":"(papers/[a-z0-9-]+/)"')


def front_matter(page: bytes) -> str:
    """The YAML front matter of a generated Markdown page ('' when it has none)."""
    text = page.decode("utf-8")
    return text[4:].split("\n---\n", 1)[0] if text.startswith("---\n") else ""


class Accounting:
    """Checks the generated files one at a time, as they are rendered, then the whole (`check`)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.paper_pages = {item.doc_path for item in site.papers}
        self.known = {item.url for item in site.papers}
        self.seen: set[str] = set()
        self.problems: list[str] = []

    def note(self, path: str, data: bytes) -> None:
        """Check one generated file: a paper page must be a store paper's, listed papers must exist."""
        self.seen.add(path)
        if not path.endswith(".md"):
            return
        if path.startswith("papers/") and path.count("/") == 1 and path not in self.paper_pages:
            self.problems.append(f"{path}: generated page of a paper that is not in the store")
        self.problems += [f"{path}: lists {url}, which is not a paper in the store"
                          for url in PAPER_URL.findall(front_matter(data)) if url not in self.known]

    def check(self, kept: set[str] | frozenset[str] = frozenset()) -> None:
        """Raise PaperArchiveError naming every problem, and every paper without a page.

        `kept`: pages kept from the last run (their inputs did not change, so they were checked then).
        """
        problems = [f"{item.source_path}: no page was generated for this paper ({item.doc_path})"
                    for item in self.site.papers if item.doc_path not in self.seen and item.doc_path not in kept]
        problems += self.problems
        if problems:
            raise PaperArchiveError("build accounting failed (a renderer bug; nothing was written):\n"
                                    + "\n".join(problems))

