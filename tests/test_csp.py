"""hooks/csp.py on the built fixture site and on awkward HTML: the policy names exactly the inline scripts a page
carries, links leaving the site are marked, and nothing else of the page changes."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from types import SimpleNamespace

from bs4 import BeautifulSoup

from helpers import load_module
from sitebuild import ROOT, SITE_URL, fixture_site

CSP = load_module(ROOT / "hooks" / "csp.py", "csp_hook")


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def directives(soup: BeautifulSoup) -> dict[str, list[str]]:
    (meta,) = soup.select("meta[http-equiv=Content-Security-Policy]")
    return {name: values for name, *values in (part.split() for part in meta["content"].split(";"))}


def test_every_built_page_carries_a_policy_for_exactly_its_inline_scripts() -> None:
    pages = sorted(fixture_site().site.rglob("*.html"))
    assert len(pages) > 20
    external = 0
    for path in pages:
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        policy = directives(soup)
        inline = {sha256_source(script.string or "") for script in soup.find_all("script") if not script.get("src")}
        assert set(policy["script-src"]) == {"'self'"} | inline, path
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        head = soup.head.find_all(True)
        assert head[0].name == "meta" and head[0].get("charset") and head[1].get("http-equiv"), path
        assert soup.select_one("meta[name=referrer]")["content"] == "same-origin"
        for link in soup.find_all("a", href=True):
            if link["href"].startswith(("http://", "https://", "//")) and not link["href"].startswith(SITE_URL):
                external += 1
                assert {"noopener", "noreferrer"} <= set(link.get("rel", [])), link
    assert external > len(pages)  # Material's footer link on every page, and the papers' own links


def test_external_links_keep_their_rel_and_script_text_is_untouched() -> None:
    html = ('<html><head><title>t</title></head><body>'
            '<a href="https://arxiv.org/abs/1" rel="nofollow" title="a > b">x</a>'
            "<a class=x href='HTTPS://Example.org'>y</a><a href=/papers/>z</a>"
            f'<a href="{SITE_URL}papers/">self</a>'
            '<script>document.write(\'<a href="https://evil.example/">\')</script></body></html>')
    out = CSP.secure_page(html, SITE_URL)
    assert '<a href="https://arxiv.org/abs/1" rel="nofollow noopener noreferrer" title="a > b">' in out
    assert "<a class=x href='HTTPS://Example.org' rel=\"noopener noreferrer\">" in out
    assert "<a href=/papers/>" in out and f'<a href="{SITE_URL}papers/">' in out
    assert '<script>document.write(\'<a href="https://evil.example/">\')</script>' in out
    assert sha256_source('document.write(\'<a href="https://evil.example/">\')') in out
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy"')


def test_hashes_follow_the_browser_reading_of_line_ends_and_skip_external_scripts() -> None:
    html = '<head></head><script src="/a.js"></script><SCRIPT type="module">x\r\ny</Script ><script>x\ny</script>'
    assert CSP.inline_script_hashes(html) == [sha256_source("x\ny")]


def test_the_hook_is_off_under_mkdocs_serve_and_runs_last(monkeypatch) -> None:
    try:
        CSP.on_startup(command="serve", dirty=False)
        assert not CSP.enabled()
        CSP.on_startup(command="build", dirty=False)
        assert CSP.enabled()
        monkeypatch.setenv("PAPER_ARCHIVE_CSP", "0")
        assert not CSP.enabled()
    finally:
        CSP.on_startup(command="build", dirty=False)
    assert CSP.on_post_page.mkdocs_priority == -100 and CSP.on_post_template.mkdocs_priority == -100
    hooks = (ROOT / "mkdocs.yml").read_text("utf-8").split("\nhooks:\n", 1)[1].split("\n\n", 1)[0]
    assert hooks.strip().splitlines()[-1].startswith("  - hooks/csp.py")


def test_html_files_copied_from_the_docs_tree_get_the_policy_once(tmp_path: Path) -> None:
    copied = tmp_path / "old" / "index.html"
    copied.parent.mkdir()
    copied.write_text("<!doctype html><html><head><meta charset=utf-8></head><body>"
                      "<script>location.replace('../new/')</script></body></html>", "utf-8")
    files = [SimpleNamespace(src_uri="old/index.html", abs_dest_path=str(copied)),
             SimpleNamespace(src_uri="papers/x.md", abs_dest_path=str(tmp_path / "papers/x/index.html"))]
    config = SimpleNamespace(site_url="https://example.org/")
    CSP.on_files(files, config)
    CSP.on_post_build(config)
    CSP.on_post_build(config)  # a --dirty build that did not copy it again
    html = copied.read_text("utf-8")
    assert html.count("Content-Security-Policy") == 1 and sha256_source("location.replace('../new/')") in html
    assert html.startswith('<!doctype html><html><head><meta charset=utf-8><meta http-equiv="Content-Security-Policy"')
