"""Helpers for the site tests: a small fixture store, built once per session, and HTML parsing."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from generator.build import build_site
from generator.models import Paper, Source
from generator.store import render_paper

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "http://127.0.0.1:8000/archive/"
XSS_TITLE = '<script>window.__xss=1</script> "quoted" {{ 7*7 }} {% if %} </script><img src=x onerror="window.__xss=1">'
XSS_ABSTRACT = ("<script>window.__xss=1</script><img src=x onerror=window.__xss=1> "
                "[click](javascript:window.__xss=1) <a href=\"javascript:window.__xss=1\">a</a>\n\n"
                "# not a heading\n\n    not code $x<y$ &amp; <!-- comment --> </textarea>")
MATH_ABSTRACT = (r"We bound the loss by $O(n^2)$ where \(a<b\) and show $$\sum_{i=1}^{n} x_i \le 1$$."
                 " It costs $5 and $10. Transformers are quadrillionfold faster.")


def fixture_papers() -> dict[str, Paper]:
    """Six papers covering names, counts, partial dates, inferred years, metrics, math and XSS."""
    hf = "hf-daily-papers-1.txt"
    return {
        "attention-is-all-you-need": Paper(
            title="Attention Is All You Need", authors=["Ashish Vaswani", "Noam Shazeer"], date="2017-06-12",
            topics=["Transformers", "NLP"], arxiv="1706.03762", arxiv_category="cs.CL", score=9.5, upvotes=12,
            code=True, links=["https://github.com/tensorflow/tensor2tensor", "javascript:alert(1)"],
            sources=[Source(listing=hf, format="hf-daily-papers", line=3, upvotes=12, code=True),
                     Source(listing="hf-daily-papers-2.txt", format="hf-daily-papers", line=9, score=9.5,
                            upvotes=10)],
            abstract=MATH_ABSTRACT),
        "deep-learning": Paper(
            title="Deep Learning", authors=["Yann LeCun", "Yoshua Bengio"], author_count=3, authors_truncated=True,
            date="2015-05", topics=["transformers"], doi="10.1038/nature14539",
            sources=[Source(listing="author-profile-jie-ren.txt", format="author-profile", line=1)],
            abstract="Deep learning allows computational models that are composed of multiple layers."),
        "gradient-based-learning": Paper(
            title="Gradient-Based Learning Applied to Document Recognition", authors=["yann lecun"], date="1998",
            year_inferred=True, topics=["Computer Vision"],
            abstract="Multilayer networks trained with backpropagation recognise handwritten digits."),
        "counted-authors": Paper(title="A Paper With Only A Count", author_count=7,
                                 abstract="Seven unnamed authors wrote this undated paper."),
        "xss": Paper(title=XSS_TITLE, authors=['<img src=x onerror="window.__xss=1">', "Mallory"], date="2024-01-02",
                     topics=["<b>bold</b>"], abstract=XSS_ABSTRACT),
        "vision-transformer": Paper(
            title="An Image Is Worth 16x16 Words", authors=["Alexey Dosovitskiy", "Ashish Vaswani"],
            date="2020-10-22", topics=["Computer Vision", "Transformers"], arxiv="2010.11929",
            abstract="We apply a pure transformer to sequences of image patches (zebrafish benchmark)."),
    }


def write_store(content_dir: Path, papers: dict[str, Paper]) -> Path:
    """Write papers as content/papers/<slug>.md files the way the store does."""
    directory = content_dir / "papers"
    directory.mkdir(parents=True, exist_ok=True)
    for slug, paper in papers.items():
        (directory / f"{slug}.md").write_text(render_paper(paper), encoding="utf-8")
    return content_dir


@dataclass
class BuiltSite:
    """A store built into docs and site folders."""

    content: Path
    docs: Path
    site: Path

    def html(self, url: str) -> BeautifulSoup:
        """The parsed page at a site-relative URL such as 'papers/x/'."""
        return BeautifulSoup((self.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    def papers_json(self) -> dict:
        """The parsed papers.json export."""
        return json.loads((self.site / "papers.json").read_text(encoding="utf-8"))


def build_store(root: Path, content: Path) -> BuiltSite:
    """Build a store into root/docs and root/site."""
    built = BuiltSite(content, root / "docs", root / "site")
    build_site(content, docs_dir=built.docs, site_dir=built.site, site_url=SITE_URL)
    return built


_CACHE: dict[str, BuiltSite] = {}


def _temporary_root(prefix: str) -> Path:
    root = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    return root


def fixture_site() -> BuiltSite:
    """The fixture store, built once per test session (tests must not modify it)."""
    if "fixture" not in _CACHE:
        root = _temporary_root("paper-archive-site-")
        _CACHE["fixture"] = build_store(root, write_store(root / "content", fixture_papers()))
    return _CACHE["fixture"]


def bundled_site() -> BuiltSite:
    """The bundled store (content/), built once per test session into a temp dir."""
    if "bundled" not in _CACHE:
        root = _temporary_root("paper-archive-bundled-")
        _CACHE["bundled"] = build_store(root, ROOT / "content")
    return _CACHE["bundled"]


# The title link of each compact paper entry (overrides/partials/paper-list.html: entries carry no classes).
ENTRY_TITLE = ".pa-papers > li > a"


def listed_urls(soup: BeautifulSoup) -> list[str]:
    """Slugs of the papers listed on an index page, in page order."""
    return [link["href"].split("papers/", 1)[1].strip("/") for link in soup.select(ENTRY_TITLE)]
