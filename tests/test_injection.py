"""Injection corpus: every payload in every field is rejected with file:line or shown as inert text everywhere.

One site (tests/injection_site.py) holds every payload of tests/payloads.py in every field, imported
through the real parsers or written by hand; the tests parse its HTML, XML and JSON and check that
each field's text comes out exactly as stored and that no element, attribute or URL from a payload
exists. The headless-Chromium half is tests/test_injection_browser.py.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner

from generator.check import HTML_MARKUP, check_store
from generator.cli import main
from generator.normalise import is_web_url
from generator.render.entries import entry_authors
from generator.render.identity import name_slug
from generator.render.site import gather_site
from generator.render.tex import restore_math
from generator.render.text import clean_text, find_math, one_line
from injection_site import InjectionSite, injection_site, listing_abstract
from payloads import ALL, BAD_FRONT_MATTER, SINGLE_LINE
from sitebuild import SITE_URL

ATOM = "{http://www.w3.org/2005/Atom}"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background",
                  "cite", "ping"}
SAFE_URL = re.compile(r"https?://|[^:]*$|[^:/?#]*[/?#]")  # http(s), or relative (no scheme before the path)
# Elements only a payload could have brought: the theme and templates use none of them.
FOREIGN_TAGS = {"iframe", "img", "object", "embed", "style", "base", "textarea", "frame", "frameset", "applet"}
# Attributes whose value is shown or read as text (escaped by the templates); a payload in any other
# attribute means it broke out of its text.
TEXT_ATTRIBUTES = {"content", "title", "alt", "aria-label", "placeholder", "value"}
# Where the problem lines of `papers check` / `papers import` / `papers build` must point.
PROBLEM_LINE = re.compile(r"^(?:warning: )?\S+?:\d+: [^:]+: .+")


@pytest.fixture(scope="module")
def site() -> InjectionSite:
    return injection_site()


def norm(text: str) -> str:
    """Whitespace collapsed, as HTML shows it."""
    return " ".join(text.split())


def shown_paragraph(paragraph: str) -> str:
    """How an abstract paragraph reads on the page: math is kept for MathJax as \\( \\) / \\[ \\] spans, with the
    macro names a listing stripped given back (generator/render/tex.py, tested in tests/test_tex_text.py)."""
    text, position, parts = clean_text(paragraph), 0, []
    for start, end, tex, display in find_math(text):
        parts += [text[position:start], ("\\[" if display else "\\(") + restore_math(tex.strip()) + ("\\]" if display else "\\)")]
        position = end
    return norm("".join(parts) + text[position:])


def shown_abstract(abstract: str) -> list[str]:
    return [text for text in (shown_paragraph(p) for p in re.split(r"\n\s*\n", abstract.strip())) if text]


_SOUPS: dict[Path, BeautifulSoup] = {}


def parsed(path: Path) -> BeautifulSoup:
    """A built page, parsed once for all the tests here (they only read it)."""
    if path not in _SOUPS:
        _SOUPS[path] = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    return _SOUPS[path]


def page(site: InjectionSite, url: str) -> BeautifulSoup:
    return parsed(site.built.site / url / "index.html")


def html_files(site: InjectionSite) -> list[Path]:
    return sorted(site.built.site.rglob("*.html"))


# --- the import keeps every payload as text ------------------------------------------------------------

def test_every_listing_payload_is_imported_verbatim_in_every_field(site):
    titles = {item.paper.title: item.paper for item in site.papers}
    assert "0 rejected" in site.import_output
    for key, payload in SINGLE_LINE.items():
        daily, profile, topic_page = (titles[f"{payload} {kind} {key}"] for kind in ("hf", "ap", "ai"))
        assert (daily.organisation, daily.abstract) == (payload, listing_abstract(payload)), key
        assert (profile.authors, profile.abstract) == (["Jane Doe", "John Smith"], listing_abstract(payload)), key
        assert (topic_page.topics, topic_page.sources[0].venue, topic_page.sources[0].topic) == (
            [payload], payload, payload), key
        assert topic_page.abstract == listing_abstract(payload), key


def test_every_hand_written_payload_is_loaded_verbatim(site):
    papers = site.by_slug()
    for key, payload in ALL.items():
        paper = papers[f"hand-{key}"].paper
        assert (paper.title, paper.authors, paper.topics) == (f"{payload} hand {key}", [payload, "Jane Doe"], [payload])
        assert paper.abstract == f"{payload}\n\nSecond paragraph about {payload}."


# --- no active content anywhere --------------------------------------------------------------------------

SITE_FORMS = {"md-search__form", "pa-home-search"}  # header search, home/404 search


def foreign_content(soup: BeautifulSoup) -> list[str]:
    """Every element, attribute or URL in a page that a payload could have brought, described."""
    found = []
    # hooks/csp.py's policy: the one http-equiv meta allowed, right after <meta charset>, first in <head>
    head = soup.head.find_all(True, recursive=False) if soup.head else []
    policy = head[1] if len(head) > 1 and head[0].get("charset") and head[1].name == "meta" \
        and head[1].get("http-equiv") == "Content-Security-Policy" else None
    for element in soup.find_all(True):
        if element is policy:
            continue
        if element.name in FOREIGN_TAGS or (element.name == "meta" and element.get("http-equiv")):
            found.append(f"<{element.name}>")
        if element.name == "form" and not SITE_FORMS & set(element.get("class", [])):
            found.append("<form>")
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}=...>")
            elif name.lower() in URL_ATTRIBUTES:
                if not SAFE_URL.match(value.strip()):
                    found.append(f"<{element.name} {name}={value!r}>")
            elif name == "data-filename":  # a citation download: a paper's or group's slug, never its raw text
                if not re.fullmatch(r"[a-z0-9-]+\.(bib|ris|csl\.json)", value):
                    found.append(f"<{element.name} {name}={value!r}>")
            elif "pwned" in value and name not in TEXT_ATTRIBUTES:
                found.append(f"<{element.name} {name}={value!r}>")  # a payload broke out of its text
    for script in soup.find_all("script"):
        if script.get("type") in ("application/ld+json", "application/json"):
            json.loads(script.string)  # data, and well-formed: nothing closed it early
        elif script.get("src"):
            if not re.fullmatch(r"(/archive/|(\.\./)*)assets/(javascripts|mathjax)/[\w.-]+\.js", script["src"]):
                found.append(f"<script src={script['src']!r}>")
        elif "pwned" in (script.string or ""):
            found.append("<script> with payload text")
    return found


def test_no_page_has_a_payload_element_attribute_or_url(site):
    pages = html_files(site)
    assert len(pages) >= len(site.papers) + 50
    problems = {str(path.relative_to(site.built.site)): found for path in pages
                if (found := foreign_content(parsed(path)))}
    assert problems == {}


def test_the_only_javascript_is_the_sites_own(site):
    """Scripts by content: the chrome's one inline script (the rest are files), MathJax, JSON-LD; nothing else."""
    inline = set()
    for path in html_files(site):
        for script in parsed(path).find_all("script"):
            if not script.get("src") and script.get("type") is None:
                inline.add(re.sub(r'new URL\("[./a-z]*"', 'new URL("."', script.string))
    assert len(inline) == 1  # main.html's head script painting the colour scheme, identical on every page
    assert not any("pwned" in text or "__xss" in text for text in inline)


# --- each field as text on each page where it appears ---------------------------------------------------

def meta_values(soup: BeautifulSoup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def abstract_paragraphs(soup: BeautifulSoup) -> list[str]:
    heading = soup.find("h2", id="abstract")
    texts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        texts.append(norm(sibling.get_text()))
    return texts


def test_paper_pages_show_every_field_as_text(site):
    for item in site.papers:
        paper, soup = item.paper, page(site, f"papers/{item.slug}/")
        title = clean_text(paper.title)
        assert soup.select_one("h1.pa-title").get_text() == title, item.slug
        assert soup.title.get_text().startswith(title + " - "), item.slug
        assert meta_values(soup, "citation_title") == [title]
        assert meta_values(soup, "citation_author") == paper.authors
        assert meta_values(soup, "citation_keywords") == paper.topics
        head = soup.select_one("article .pa-paper-head")  # related papers below may link their own authors
        assert [a.get_text() for a in head.select("a[href*='authors/']")] == [norm(n) for n in paper.authors]
        assert [a.get_text() for a in head.select("a[href*='topics/']")] == [norm(t) for t in paper.topics]
        assert abstract_paragraphs(soup) == shown_abstract(paper.abstract), item.slug
        organisation = soup.select_one(".pa-organisation")
        assert (organisation.get_text() if organisation else None) == paper.organisation
        links = sorted(a["href"] for a in soup.select(".pa-actions a.pa-code, .pa-actions a.pa-link, .pa-actions a.pa-pdf"))
        assert links == sorted(link for link in paper.links if is_web_url(link)), item.slug


def test_json_ld_carries_the_payloads_as_data(site):
    for item in site.papers:
        soup = page(site, f"papers/{item.slug}/")
        [script] = soup.find_all("script", type="application/ld+json")
        data = json.loads(script.string)
        paper = item.paper
        assert data["name"] == data["headline"] == paper.title
        assert [author["name"] for author in data.get("author", [])] == paper.authors
        assert data.get("keywords", []) == paper.topics
        assert "abstract" not in data  # the page's text (checked above) and citation_abstract carry it
        assert meta_values(soup, "citation_abstract") == ([one_line(paper.abstract)] if paper.abstract.strip() else [])
        assert "<" not in script.string and "</script" not in str(script)[:-len("</script>")]


def listed(soup: BeautifulSoup) -> dict[str, tuple[str, str]]:
    """Paper slug -> (title text, byline text) for the paper lists of an index page."""
    entries = {}
    for entry in soup.select(".pa-papers > li"):
        link = entry.select_one(":scope > a")
        authors = entry.select_one(":scope > p > span")
        entries[link["href"].split("papers/", 1)[1].strip("/")] = (link.get_text(), authors.get_text() if authors else "")
    return entries


def expected_entry(paper) -> tuple[str, str]:
    return clean_text(paper.title), entry_authors(paper)


def every_page(site, url: str) -> BeautifulSoup:
    """All pages of a paginated list (generator/render/paging.py) as one document, page 1 first."""
    soups = [page(site, url)]
    for number in range(2, 10_000):
        if not (site.built.site / f"{url}page/{number}/index.html").is_file():
            break
        soups.append(page(site, f"{url}page/{number}/"))
    joined = soups[0]
    for soup in soups[1:]:
        joined.body.append(soup.body)
    return joined


def test_home_lists_every_title_and_topic_as_text(site):
    soup = page(site, "")
    assert listed(soup) == {item.slug: expected_entry(item.paper) for item in site.papers}
    topics = sorted(name.get_text() for name in soup.select(".pa-home-topics .pa-chip__name"))
    assert topics == sorted(clean_text(group.name) for group in gather_site(site.papers, SITE_URL).topics.values())


def test_author_topic_and_year_pages_show_names_and_titles_as_text(site):
    view = gather_site(site.papers, SITE_URL)
    papers = site.by_slug()
    for kind, groups in (("authors", view.authors), ("topics", view.topics)):
        directory = page(site, f"{kind}/")
        if kind == "authors":  # authors/ is an A–Z index; the names are on authors/<initial>/ (and its pages)
            directory = BeautifulSoup("".join(str(every_page(site, f"authors/{a['href'].strip('/')}/"))
                                              for a in directory.select(".pa-initials a")), "html.parser")
        assert sorted(a.get_text() for a in directory.select(".pa-directory a")) == \
            sorted(clean_text(group.name) for group in groups.values())
        for slug, group in groups.items():
            soup = every_page(site, f"{kind}/{slug}/")
            assert soup.h1.get_text() == clean_text(group.name), slug
            assert soup.title.get_text().startswith(clean_text(group.name) + " - "), slug
            assert listed(soup) == {paper: expected_entry(papers[paper].paper) for paper in group.papers}
    for year, slugs in view.years.items():
        assert listed(every_page(site, f"years/{year}/")) == {slug: expected_entry(papers[slug].paper) for slug in slugs}


def test_atom_feed_carries_payloads_as_plain_text(site):
    feed_path = site.built.site / "feed.xml"
    entries = {entry.find(f"{ATOM}link").get("href"): entry for entry in ET.parse(feed_path).getroot().iter(f"{ATOM}entry")}
    assert len(entries) == len(site.papers)
    for item in site.papers:
        entry = entries[SITE_URL + f"papers/{item.slug}/"]
        paper = item.paper
        assert entry.find(f"{ATOM}title").text == paper.title
        assert entry.find(f"{ATOM}title").get("type") == entry.find(f"{ATOM}summary").get("type") == "text"
        assert entry.find(f"{ATOM}summary").text == norm(paper.abstract)
        assert [name.text for name in entry.iter(f"{ATOM}name")] == paper.authors  # no "7 authors" or "Unknown" as a name
        assert [category.get("term") for category in entry.iter(f"{ATOM}category")] == paper.topics
    parsed = feedparser.parse(str(feed_path))
    assert not parsed.bozo
    by_title = {entry.title: entry for entry in parsed.entries}
    for item in site.papers:  # a feed reader sees plain text, not HTML to render
        entry = by_title[item.paper.title]
        assert entry.title_detail.type == "text/plain" and entry.summary_detail.type == "text/plain"
        assert entry.summary == norm(item.paper.abstract)


def test_papers_json_carries_payloads_as_data(site):
    exported = {entry["slug"]: entry for entry in site.built.papers_json()["papers"]}
    assert exported.keys() == site.by_slug().keys()
    for item in site.papers:
        entry = exported[item.slug]
        assert {key: value for key, value in entry.items() if key not in ("slug", "url")} == json.loads(
            json.dumps({**item.paper.to_metadata(), "abstract": item.paper.abstract}))


def json_strings(value) -> list[str]:
    """Every string in a JSON document (keys too)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *json_strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def test_search_index_holds_payloads_as_plain_strings(site):
    """The search index is data the client inserts as text nodes: each title is stored exactly, unescaped."""
    index = site.built.site / "search-index"
    strings = {text for path in index.rglob("*.json") for text in json_strings(json.loads(path.read_text("utf-8")))}
    assert {clean_text(item.paper.title) for item in site.papers} <= strings
    assert {name for item in site.papers for name in item.paper.authors} - strings <= {
        name for item in site.papers for name in item.paper.authors if name != norm(name)}


def test_jinja_is_never_evaluated(site):
    """`{{ 7*7 }}` stays as written (never 49), in headings, titles and abstracts alike."""
    jinja = [item for item in site.papers if "{{ 7*7 }}" in item.paper.title]
    assert len(jinja) == 8  # two payloads, each through three listing formats and a hand-written file
    for item in jinja:
        soup = page(site, f"papers/{item.slug}/")
        for text in (soup.select_one("h1.pa-title").get_text(), soup.title.get_text(), " ".join(abstract_paragraphs(soup))):
            assert "{{ 7*7 }}" in text and "49" not in text, item.slug
        assert "Paper Archive" not in soup.select_one("h1.pa-title").get_text()  # {{ config.site_name }}


# --- rejected with file:line: field: message -------------------------------------------------------------

def run(*args: str) -> tuple[int, list[str], str]:
    """(exit code, problem lines, whole output) of a `papers` command; never a traceback."""
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output and not isinstance(result.exception, (AssertionError, NameError)), result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 1 and not result.exception:
        raise AssertionError(result.output)
    lines = [line.removeprefix("Error: ") for line in result.output.splitlines() if ".md:" in line]
    return result.exit_code, lines, result.output


def store_with(tmp_path: Path, name: str, text: str) -> Path:
    directory = tmp_path / "content" / "papers"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, "utf-8")
    return tmp_path / "content"


def paper_file(**fields: object) -> str:
    abstract = fields.pop("abstract", "An abstract.")
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{front}---\n\n{abstract}\n"


@pytest.mark.parametrize("name", sorted(BAD_FRONT_MATTER))
def test_yaml_attacks_are_rejected_with_their_line_by_check_import_and_build(tmp_path, name):
    front, line, words = BAD_FRONT_MATTER[name]
    content = store_with(tmp_path, "bad.md", f"---\n{front}\n---\n\nAbstract.\n")
    where = f"{content / 'papers' / 'bad.md'}:{line}: front matter: "
    code, lines, output = run("check", "--content", str(content))
    assert code == 1 and len(lines) == 1 and lines[0].startswith(where) and words in lines[0], output
    assert not Path("/tmp/paper-archive-pwned").exists() and not Path("/tmp/pwned").exists()
    code, lines, output = run("build", "--content", str(content), "--docs-dir", str(tmp_path / "docs"),
                              "--site-dir", str(tmp_path / "site"))
    assert code == 1 and any(line.startswith(where) for line in lines), output
    listing = tmp_path / "l.txt"
    listing.write_text("Goto\n\nCollaborating Authors\n\n T\n\n\nA Title\n\nV\n\nWe study. It works.\n", "utf-8")
    code, lines, output = run("import", "--content", str(content), str(listing))
    assert code == 1 and any(line.startswith(where) for line in lines), output


@pytest.mark.parametrize("field", ["arxiv", "doi", "unknown_field"])
def test_payloads_in_identifier_and_unknown_fields_are_rejected(tmp_path, field):
    for number, payload in enumerate(ALL.values()):
        name = f"paper-{number}.md"
        content = store_with(tmp_path / str(number), name, paper_file(title=f"Paper {number}", **{field: payload}))
        code, lines, output = run("check", "--content", str(content))
        assert code == 1 and lines == [line for line in lines if PROBLEM_LINE.match(line)], output
        assert any(line.startswith(f"{content / 'papers' / name}:3: {field}: ") for line in lines), output


def test_payloads_in_text_fields_pass_check_unless_a_person_typed_html(tmp_path):
    """Typed titles must be plain (check says so at the line); links must be http(s); the rest is text."""
    for number, payload in enumerate(ALL.values()):
        content = store_with(tmp_path / str(number), f"paper-{number}.md", paper_file(
            title=f"{payload} {number}", authors=[payload], topics=[payload], links=[payload], abstract=payload))
        errors, _ = check_store(content)
        expected = {"title"} if HTML_MARKUP.search(payload) else set()
        if not is_web_url(payload):
            expected.add("links")
        assert {problem.field for problem in errors} == expected, payload
        lines = {"title": 2, "links": (content / "papers" / f"paper-{number}.md").read_text("utf-8").split("\n").index("links:") + 1}
        assert all(problem.line == lines[problem.field] for problem in errors), payload


def test_html_in_a_title_a_listing_gave_passes_check(tmp_path):
    """What the importer stored verbatim, `papers check` accepts: an import never leaves a failing store."""
    listing = tmp_path / "l.txt"
    listing.write_text("Goto\n\nCollaborating Authors\n\n T\n\n\n<b>Bold</b> Results\n\nV\n\nWe study. It works.\n", "utf-8")
    content = tmp_path / "content"
    assert run("import", "--content", str(content), str(listing))[0] == 0
    assert run("check", "--content", str(content))[0] == 0


@pytest.mark.parametrize("field", ["title", "authors", "topics", "links", "organisation", "arxiv", "doi"])
def test_unquoted_payloads_are_parsed_or_rejected_with_their_line(tmp_path, field):
    """A contributor pasting a payload without quotes: YAML may read it as anything; never a traceback."""
    for number, payload in enumerate(SINGLE_LINE.values()):
        value = f"[{payload}]" if field in ("authors", "topics", "links") else payload
        text = f"---\ntitle: Paper {number}\n{field}: {value}\n---\n\n{payload}\n"
        if field == "title":
            text = f"---\ntitle: {value}\n---\n\n{payload}\n"
        content = store_with(tmp_path / str(number), "paper.md", text)
        code, lines, output = run("check", "--content", str(content))
        assert lines == [line for line in lines if PROBLEM_LINE.match(line)], output
        errors = [line for line in lines if not line.startswith("warning: ")]
        assert (code == 1) == bool(errors), output
        assert all(re.match(rf"{re.escape(str(content))}/papers/paper\.md:[234]: ", line) for line in errors), output
