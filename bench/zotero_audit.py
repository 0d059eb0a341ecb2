"""What "Save to Zotero" gives a researcher on every paper page: Zotero's translation-server against the built site.

Zotero's browser connector and translation-server run the same translators; on a site it has no
translator for, the generic "Embedded Metadata" one reads the page's meta tags. This serves `site/` on
127.0.0.1, starts a translation-server checkout (ZOTERO_TRANSLATION_SERVER), asks it for each paper page
and compares the item with what the store knows about the paper. It prints one table.

    ZOTERO_TRANSLATION_SERVER=/path/to/translation-server python bench/zotero_audit.py [--site site] \
        [--content content] [--public-url https://example.org/archive/]

--public-url: the site URL the site was built with (`papers build --site-url`); an item's URL counts as
public only when it starts with it.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.render.text import clean_text  # noqa: E402
from generator.store import load_store  # noqa: E402

# The commits the figures in bench/RESULTS.md were taken with (translation-server and its submodules).
PINNED = {"translation-server": "d88a8d5384456439962edfef129b14841b09af6d",
          "modules/translators": "ee1746de4d401edc036477d5223551bafd5149a8",
          "modules/translate": "e0fe482b8a07e42cbf83545947382008ae7ddb82",
          "modules/utilities": "9c89b23153ce621ed0f1d581a5e32248704c6fb7",
          "modules/zotero-schema": "1f5331e902ed2b765a379b9586c65d1a192c151d"}
HOW_TO_GET_ONE = f"""\
Set ZOTERO_TRANSLATION_SERVER to a checkout of https://github.com/zotero/translation-server, e.g.:

    git clone --recurse-submodules https://github.com/zotero/translation-server /opt/zotero-ts
    cd /opt/zotero-ts && git checkout {PINNED['translation-server']} && git submodule update --init
    npm install --omit=dev     # Node 18+; if git+ssh is blocked, point "wicked-good-xpath" in
                               # package.json at the npm package: "wicked-good-xpath": "^1.3.0"
    export ZOTERO_TRANSLATION_SERVER=/opt/zotero-ts

Pinned submodule commits: {', '.join(f'{path} {commit[:12]}' for path, commit in PINNED.items())}."""


def free_port() -> int:
    """A TCP port nobody listens on (for the site and the server)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_site(site: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    """The built site on 127.0.0.1, in a thread, quietly."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def start_translation_server(checkout: Path) -> tuple[subprocess.Popen, int]:
    """`node src/server.js` of the checkout on a free port; waits until it answers."""
    port = free_port()
    environment = {**os.environ, "TRANSLATORS_DIR": str(checkout / "modules" / "translators"),
                   "NODE_CONFIG": json.dumps({"port": port, "host": "127.0.0.1"})}
    process = subprocess.Popen(["node", "src/server.js"], cwd=checkout, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            return process, port  # it answers (404 on /): ready
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"translation-server exited with {process.returncode}; run `npm start` in {checkout}")
            time.sleep(0.5)
    process.kill()
    raise SystemExit("translation-server did not start within 60 s")


def translate(server_port: int, url: str) -> dict:
    """The first item translation-server makes of a web page ({} when none)."""
    request = urllib.request.Request(f"http://127.0.0.1:{server_port}/web", data=url.encode(),
                                     headers={"Content-Type": "text/plain"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            items = json.loads(response.read())
    except urllib.error.HTTPError:
        return {}
    return items[0] if items else {}


def person_name(creator: dict) -> str:
    """A creator as one string, 'First Last'."""
    return " ".join(part for part in (creator.get("firstName", ""), creator.get("lastName", "")) if part)


def squash(text: str) -> str:
    """Whitespace-insensitive text for comparing abstracts."""
    return " ".join(clean_text(text).split())


def audit(items: list[tuple[object, dict]], public_url: str | None) -> list[tuple[str, str]]:
    """Table rows (what, count) for the items translation-server gave for each paper."""
    total = len(items)
    real = non_person = abstract = public = identifiers = tagged = 0
    types: Counter[str] = Counter()
    for paper, item in items:
        known = {squash(name).lower() for name in paper.authors}
        names = [squash(person_name(creator)).lower() for creator in item.get("creators", [])]
        real += any(name in known for name in names)
        non_person += any(name not in known for name in names)
        abstract += bool(paper.abstract.strip()) and squash(item.get("abstractNote", "")) == squash(paper.abstract)
        types[item.get("itemType", "(no item)")] += 1
        public += bool(public_url) and item.get("url", "").startswith(public_url)
        identifiers += bool(item.get("DOI") or "arXiv" in item.get("extra", "") or item.get("archiveID"))
        tagged += bool(item.get("tags"))
    with_names = sum(bool(paper.authors) for paper, _ in items)
    with_abstract = sum(bool(paper.abstract.strip()) for paper, _ in items)
    with_ids = sum(bool(paper.arxiv or paper.doi) for paper, _ in items)
    return [("pages asked", str(total)),
            ("items with a real author (of papers with named authors)", f"{real}/{with_names}"),
            ("items with a creator that is not one of the paper's authors", f"{non_person}/{total}"),
            ("abstract = the paper's (of papers with an abstract)", f"{abstract}/{with_abstract}"),
            ("item types", ", ".join(f"{name} {count}" for name, count in types.most_common())),
            ("url = the public site URL", f"{public}/{total}" + ("" if public_url else " (no --public-url)")),
            ("DOI or arXiv id (of papers with one)", f"{identifiers}/{with_ids}"),
            ("items with tags", f"{tagged}/{total}")]


def main() -> None:
    """Serve the site, translate every paper page, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--public-url", default=None, help="the --site-url the site was built with")
    parser.add_argument("--jobs", type=int, default=4)
    options = parser.parse_args()
    checkout = os.environ.get("ZOTERO_TRANSLATION_SERVER")
    if not checkout or not (Path(checkout) / "src" / "server.js").is_file():
        raise SystemExit(f"bench/zotero_audit.py needs Zotero's translation-server.\n{HOW_TO_GET_ONE}")
    if not (Path(checkout) / "node_modules").is_dir():
        raise SystemExit(f"{checkout} has no node_modules: run `npm install --omit=dev` there.\n{HOW_TO_GET_ONE}")
    papers = load_store(options.content)
    site_server, site_port = serve_site(options.site)
    process, server_port = start_translation_server(Path(checkout))
    try:
        urls = [f"http://127.0.0.1:{site_port}/papers/{stored.slug}/" for stored in papers]
        with ThreadPoolExecutor(options.jobs) as pool:
            results = list(pool.map(functools.partial(translate, server_port), urls))
    finally:
        process.terminate()
        site_server.shutdown()
    rows = audit([(stored.paper, item) for stored, item in zip(papers, results)], options.public_url)
    width = max(len(what) for what, _ in rows)
    print(f"| {'Zotero item (Embedded Metadata)'.ljust(width)} | count |\n| {'-' * width} | --- |")
    for what, count in rows:
        print(f"| {what.ljust(width)} | {count} |")


if __name__ == "__main__":
    main()
