# Paper Archive: `make site` builds the site, `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: site test serve check browser java npm vnu audit clean import-seeds

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $@

# SITE_URL (e.g. set by the deploy workflow) is the public URL used in the feed, sitemap and citations.
site: $(STAMP)
	$(BIN)/papers check
	$(BIN)/papers build $(if $(SITE_URL),--site-url '$(SITE_URL)')
	@echo "Site built in site/: open site/index.html, or run 'make serve' for a live preview."

serve: $(STAMP)
	$(BIN)/mkdocs serve

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
