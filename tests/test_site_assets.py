"""site/assets/ holds only what pages load: every file is referenced, every reference resolves, pages still work."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_support import CHROMIUM, base_url  # noqa: F401 - base_url: the fixture site served
from sitebuild import ROOT, SITE_URL, fixture_site

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
REFERENCE_ATTRIBUTES = ("src", "href", "data-src", "poster")
# A licence travels with the code it covers (MathJax is Apache-2.0, §4a), though no page loads it.
NOTICES = re.compile(r"^(LICENSE|LICENCE|NOTICE|COPYING)(\.\w+)?$")


def site_files(site: Path, folder: str) -> set[str]:
    """Site-relative paths of the files under a folder of the site."""
    return {path.relative_to(site).as_posix() for path in (site / folder).rglob("*") if path.is_file()}


def page_url(site: Path, page: Path) -> str:
    """The URL path a page is served at: '/papers/x/' for papers/x/index.html."""
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[:-len("index.html")] if relative.endswith("index.html") else relative)


MOUNT = urlsplit(SITE_URL).path  # the fixture site lives under /archive/: 404.html links from there


def local_target(base: str, reference: str) -> str | None:
    """The site-relative path a reference on a page or asset at `base` points at, or None if off-site."""
    parts = urlsplit(urljoin(SITE_URL.rstrip("/") + base, reference.strip()))
    if f"{parts.scheme}://{parts.netloc}" != SITE_URL[:len(SITE_URL) - len(MOUNT)] or not parts.path.startswith(MOUNT):
        return None
    return unquote(parts.path)[len(MOUNT):]


def page_references(site: Path) -> dict[str, set[str]]:
    """For every HTML page: the site-relative targets of its src/href attributes and inline CSS url()s."""
    references = {}
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        base = page_url(site, page)
        found = {local_target(base, tag[name]) for tag in soup.find_all(True)
                 for name in REFERENCE_ATTRIBUTES if tag.has_attr(name)}
        found |= {local_target(base, url) for style in soup.find_all("style") for url in CSS_URL.findall(style.text)}
        references[page.relative_to(site).as_posix()] = {target for target in found if target}
    return references


def asset_closure(site: Path, start: set[str]) -> set[str]:
    """Assets reachable from the pages' references: CSS url()s, and names a script or stylesheet mentions."""
    assets = site_files(site, "assets")
    reached = set(start) & assets
    queue = list(reached)
    while queue:
        current = queue.pop()
        if not current.endswith((".js", ".css", ".json", ".svg")):
            continue
        text = (site / current).read_text("utf-8", errors="replace")
        found = set()
        if current.endswith(".css"):
            found = {local_target("/" + current, url) for url in CSS_URL.findall(text)}
        # Scripts load by name (a worker, a MathJax component): a file whose name the text mentions is referenced.
        found |= {asset for asset in assets if Path(asset).name in text}
        for asset in (found & assets) - reached:
            reached.add(asset)
            queue.append(asset)
    return reached


def test_every_file_in_assets_is_loaded_by_a_page_or_another_asset() -> None:
    site = fixture_site().site
    referenced = set().union(*page_references(site).values())
    unreferenced = sorted(path for path in site_files(site, "assets") - asset_closure(site, referenced)
                          if not NOTICES.match(Path(path).name))
    assert unreferenced == []  # was Material's bundle, lunr, its search worker and every *.map: 2.6 MB nobody loads
    assert not list(site.rglob("*.map"))  # a bundle's sourceMappingURL comment is no reason to ship its map


def test_every_asset_a_page_references_exists() -> None:
    site = fixture_site().site
    missing = {page: sorted(target for target in targets if target.startswith("assets/")
                            and not (site / target).is_file())
               for page, targets in page_references(site).items()}
    assert {page: targets for page, targets in missing.items() if targets} == {}


def test_no_script_points_at_a_source_map_that_is_not_there() -> None:
    site = fixture_site().site
    for path in [*(site / "assets").rglob("*.js"), *(site / "assets").rglob("*.css")]:
        for target in re.findall(r"sourceMappingURL=([^\s*]+)", path.read_text("utf-8", errors="replace")):
            assert (path.parent / target).is_file(), f"{path} points at a missing {target}"


# In the browser: the pages load every asset they ask for, MathJax typesets, nothing fails.
PAGES = ["", "papers/attention-is-all-you-need/", "topics/transformers/", "authors/ashish-vaswani/",
         "years/2017/", "search/?q=transformer"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make browser installs it)")
def test_pages_load_every_asset_they_request_and_typeset_math(base_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    failed: list[str] = []
    requested: set[str] = set()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("requestfinished", lambda request: requested.add(request.url))
        page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
        for path in PAGES:
            page.goto(base_url + path, wait_until="networkidle")
            if path.startswith("papers/"):
                page.wait_for_selector("span.arithmatex mjx-container svg", timeout=15_000)
                assert page.locator("mjx-merror").count() == 0
        browser.close()
    assert failed == [] and errors == []
    loaded = {url[len(base_url):].split("?")[0] for url in requested if url.startswith(base_url + "assets/")}
    assert {"assets/mathjax/tex-svg.js", "assets/javascripts/paper-search.js", "assets/javascripts/paper-search-box.js",
            "assets/javascripts/pa-chrome.js", "assets/images/pa-icons.svg"} <= loaded
    assert not [url for url in loaded if "lunr" in url or "workers/" in url or url.endswith(".map") or "bundle." in url]


@pytest.mark.parametrize("plugins", [{}, {"search": object()}])
def test_the_hook_drops_only_theme_files_no_page_loads(tmp_path: Path, plugins) -> None:
    """Source maps, Material's bundle, lunr and the search worker, whatever the plugins (every template is ours);
    never a docs file. The two stylesheets pages link are named for main.html, main first."""
    import importlib.util
    from types import SimpleNamespace

    from mkdocs.structure.files import File, Files

    spec = importlib.util.spec_from_file_location("prune_assets", ROOT / "hooks/prune_assets.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    theme, docs = tmp_path / "theme", tmp_path / "docs"
    stylesheets = ["assets/stylesheets/palette.fb2fffe2.min.css", "assets/stylesheets/main.57a0d79d.min.css"]
    theme_files = ["assets/javascripts/bundle.a5f9d56c.min.js", "assets/javascripts/bundle.a5f9d56c.min.js.map",
                   "assets/javascripts/lunr/min/x.js", "assets/javascripts/workers/search.1234.min.js",
                   "assets/javascripts/workers/search.1234.min.js.map", "assets/javascripts/pa-chrome.js",
                   "assets/stylesheets/main.57a0d79d.min.css.map", *stylesheets]
    for root, names in ((theme, theme_files), (docs, ["assets/data.map"])):
        for name in names:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text("x")
    files = Files([File(name, str(theme), str(tmp_path / "site"), True) for name in theme_files]
                  + [File("assets/data.map", str(docs), str(tmp_path / "site"), True)])
    config = SimpleNamespace(plugins=plugins, docs_dir=str(docs))
    kept = {file.src_uri for file in hook.on_files(files, config)}
    assert kept == {"assets/data.map", "assets/javascripts/pa-chrome.js", *stylesheets}
    assert hook.STYLESHEETS == stylesheets[::-1]


def test_the_hook_fails_the_build_when_materials_stylesheets_are_missing() -> None:
    """A Material release that renames its stylesheets must fail the build, not ship unstyled pages."""
    import importlib.util

    from mkdocs.exceptions import PluginError

    spec = importlib.util.spec_from_file_location("prune_assets", ROOT / "hooks/prune_assets.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    with pytest.raises(PluginError):
        hook.material_stylesheets(["assets/stylesheets/main.57a0d79d.min.css", "assets/stylesheets/extra.css"])
