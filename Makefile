# Paper Archive: `make site` builds the site, `make preview` serves it, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every dependency, runtime and test, pinned with its hashes (`make lock` writes it from pyproject.toml).
LOCK := requirements.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
UV_VERSION := 0.13.9

.PHONY: site preview preview-changes test serve check browser java npm vnu audit audit-zotero lock deploy-check clean import-seeds

# The locked versions exactly (pip refuses any file whose hash the lock does not list), then the project
# itself without resolving anything more. An old venv's extra packages stay; `rm -rf .venv` for a clean one.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-* && touch $@

# Re-resolve the lock from pyproject.toml (runtime + `test` extra; the `semantic` extra stays out) for
# CPython 3.11, what CI and the deploy run: after changing a dependency, or to take every newest release.
# Versions already locked are kept unless pyproject.toml excludes them; `make lock UPGRADE=1` takes the
# newest of everything. uv (pinned here) resolves in seconds; it goes into .venv but not into the lock.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 --quiet $(if $(UPGRADE),--upgrade) -o $(LOCK)

# SITE_URL (set by the deploy workflow) is the public URL for canonical links, sitemap, feeds and citations;
# unset, mkdocs.yml's site_url applies, and with none the site carries no absolute URL (the build warns).
site: $(STAMP)
	$(BIN)/papers check
	$(BIN)/papers build $(if $(SITE_URL),--site-url '$(SITE_URL)')
	@echo "Site built in site/. To look at it, run 'make preview' and open http://127.0.0.1:$(PORT)/"
	@echo "(opening site/index.html from disk breaks the links and the search: a browser cannot fetch file:// URLs)."

# What the deploy runs before publishing: prints the site's size, and fails for a site built without a
# public URL, with a local one (127.0.0.1, localhost) or over GitHub Pages' 1 GB.
deploy-check: $(STAMP)
	$(BIN)/papers deploy-check '$(SITE_DIR)'

# Serve the built site on this machine only, as GitHub Pages would: `make preview PORT=8001` for another port.
PORT ?= 8000
SITE_DIR ?= site
preview:
	@test -f '$(SITE_DIR)/index.html' || { echo "No site in $(SITE_DIR)/ yet: run 'make site' first." >&2; exit 1; }
	@echo "Serving $(SITE_DIR)/ at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory '$(SITE_DIR)' $(PORT)

# Only the papers you changed (git: since your branch left origin/main, else main, else uncommitted; or
# PAPERS="slug content/papers/x.md"; SINCE=<ref> for another base), with their author/topic/year pages, home
# and search, served with live reload in seconds at any archive size; every page says what it leaves out.
preview-changes: $(STAMP)
	$(BIN)/papers preview --port $(PORT) $(if $(SINCE),--since '$(SINCE)') $(PAPERS)

# What "Save to Zotero" gives on every paper page of site/: Zotero's translation-server against the site
# served on 127.0.0.1, one table. Needs ZOTERO_TRANSLATION_SERVER (a checkout; the script says how to get one).
audit-zotero: $(STAMP)
	$(BIN)/python bench/zotero_audit.py $(if $(SITE_URL),--public-url '$(SITE_URL)')

serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty  # rebuilds only what an edit changed (hooks/narrow_build.py)

check: $(STAMP)
	$(BIN)/papers check

# Headless Chromium for the browser tests: Debian's package, never a downloaded browser build.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

# A Java runtime for the Nu Html Checker: Debian's package, never a downloaded JRE.
java:
	@command -v java >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless; }

# npm, to install the pinned checkers below (Debian's nodejs + npm where the machine has none).
npm:
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm; }

# The Nu Html Checker (vnu.jar, from npm's vnu-jar pinned by tools/vnu/package-lock.json), for
# tests/test_html_validity.py. --ignore-scripts: its postinstall would fetch a JRE; Debian's is used instead.
VNU_JAR := tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): tools/vnu/package-lock.json
	cd tools/vnu && npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

vnu: java npm
	@$(MAKE) --no-print-directory $(VNU_JAR)

test: $(STAMP) browser vnu
	$(BIN)/python -m pytest

# Lighthouse 12.2.3 (the last release for Node 20, pinned by bench/package-lock.json) on the built site,
# mobile: home, a paper, a topic, a search. Not part of `make test` (minutes, and scores vary with load).
LIGHTHOUSE := bench/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/package-lock.json
	cd bench && npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

audit: site browser npm
	@$(MAKE) --no-print-directory $(LIGHTHOUSE)
	$(BIN)/python bench/lighthouse.py --site site

clean:
	rm -rf site build .pytest_cache .hypothesis test-artifacts

# Re-import the bundled listings into content/ (idempotent). Each page was saved on its own day,
# which year-less dates ('Sep 30') resolve against.
import-seeds: $(STAMP)
	$(BIN)/papers import --captured 2025-11-06 listings/hf-daily-papers-1.txt
	$(BIN)/papers import --captured 2025-12-26 listings/hf-daily-papers-2.txt
	$(BIN)/papers import --captured 2025-12-03 listings/hf-daily-papers-3.txt
	$(BIN)/papers import --captured 2025-12-26 listings/author-profile-jie-ren.txt listings/aitopics-rote-learning.txt
