# Two entry points: `make demo` serves Tandem with demo data, `make test` runs every check.
# `make demo PORT=8080` serves the demo on another port (and says so in data/demo.env).
# `make bench` runs the benchmarks (ARGS=--postgres for PostgreSQL); see README.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
APT := DEBIAN_FRONTEND=noninteractive apt-get -qq -o Dpkg::Use-Pty=0
PORT ?= 8000
# The web app's scripts (htmx, Chart.js; axe-core for the tests), from npm's lockfile, served by
# the app itself; and its translations, compiled from the committed .po files.
VENDOR := web/static/vendor
ASSETS := $(VENDOR)/node_modules/.installed
TRANSLATIONS := web/translations
CATALOGUES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

.PHONY: install demo test lint bench assets translations messages screenshots
install: $(STAMP) assets translations

assets: $(ASSETS)
$(ASSETS): $(VENDOR)/package.json $(VENDOR)/package-lock.json
	cd $(VENDOR) && npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS)

translations: $(COMPILED)
$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# After changing the app's words: extract them, merge them into each .po, then translate.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o $(TRANSLATIONS)/messages.pot --no-location --sort-output web
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --no-fuzzy-matching --ignore-obsolete

demo: install
	$(BIN)/tandem demo --port $(PORT)
	$(BIN)/tandem serve --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's Chromium (Playwright downloads none here): installed once,
# quietly, only where it is missing (apt-get needs root).
$(CHROMIUM):
	$(APT) update
	$(APT) install -y chromium > /dev/null

# The features run three ways: in-process and against a live server (tests/e2e) by the first
# run, then as people live them, on the web app's pages in Chromium.
test: lint $(CHROMIUM) assets translations
	$(BIN)/pytest -q
	$(BIN)/pytest -q tests/steps --through=browser

# The README's screenshots (each test run saves its own to build/screenshots/ as artefacts).
screenshots: $(CHROMIUM) assets translations
	TANDEM_SCREENSHOTS=docs/screenshots $(BIN)/pytest -q tests/browser/test_every_page.py tests/browser/test_participants.py

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks $(ARGS)
