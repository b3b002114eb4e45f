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

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

.PHONY: install demo test lint bench
install: $(STAMP)

demo: $(STAMP)
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

test: lint $(CHROMIUM)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks $(ARGS)
