# Sightline: two commands on a fresh machine.
#   make demo   install, build a synthetic authority in SQLite, serve http://127.0.0.1:8000
#   make test   install (Chromium for the browser tests too), lint, type-check, run the whole suite
#               on SQLite and on PostgreSQL (side by side)
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REF_VENV := .venv-reference
REF_STAMP := $(REF_VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/sightline
DEMO_DB ?= sqlite:///var/demo.sqlite3
# The browser tests (tests/browser, decision 0021) drive the system's Chromium, Debian's
# `chromium` package; Playwright never downloads a browser of its own.
export SIGHTLINE_CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install assets reference chromium lint typecheck test-sqlite test-postgres bench fuzz clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found (Python 3.11 is needed)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

# The public DfE-rule validators (csc-validator-be-cin, csc-validator-be-903) in a venv of their
# own: they pin pandas<2 and numpy<1.25. Rebuilt from scratch when the pins change.
$(REF_STAMP): reference-validators.txt
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found (Python 3.11 is needed)"; exit 1; }
	rm -rf $(REF_VENV)
	$(PYTHON) -m venv $(REF_VENV)
	$(REF_VENV)/bin/pip install --quiet --upgrade pip
	$(REF_VENV)/bin/pip install --quiet -r reference-validators.txt
	$(REF_VENV)/bin/python -c "import cin_validator.cin_validator, lac_validator.lac_validator"
	touch $(REF_STAMP)

install: $(STAMP)

# Installs Debian's chromium with apt-get when $(SIGHTLINE_CHROMIUM) is missing: as root, or
# with sudo; otherwise stops and says how.
chromium:
	@if [ -x "$(SIGHTLINE_CHROMIUM)" ]; then exit 0; fi; \
	how="install Debian's chromium package (sudo apt-get install chromium), or set SIGHTLINE_CHROMIUM to a Chromium or Chrome executable"; \
	if ! command -v apt-get >/dev/null; then \
		echo "make: no Chromium at $(SIGHTLINE_CHROMIUM) and no apt-get to install it: $$how"; exit 1; \
	fi; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "make: no Chromium at $(SIGHTLINE_CHROMIUM), and installing it needs root (no sudo here): $$how"; exit 1; fi; \
	echo "make: installing Chromium for the browser tests: $$sudo apt-get install chromium"; \
	{ $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium; } \
		|| { echo "make: installing Chromium failed: $$how"; exit 1; }; \
	[ -x "$(SIGHTLINE_CHROMIUM)" ] || { echo "make: chromium is installed but $(SIGHTLINE_CHROMIUM) is not there: set SIGHTLINE_CHROMIUM to its path"; exit 1; }
assets: node_modules/.package-lock.json
reference: $(REF_STAMP)

demo: install assets
	mkdir -p var
	DATABASE_URL=$(DEMO_DB) SIGHTLINE_DEMO=1 $(BIN)/sightline demo

lint: install
	mkdir -p var
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	DEBUG=1 DATABASE_URL=sqlite:///var/lint.sqlite3 $(BIN)/sightline makemigrations --check --dry-run

typecheck: install
	DEBUG=1 $(BIN)/mypy

test-sqlite: install assets reference chromium
	mkdir -p var/static
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -q

test-postgres: install assets reference chromium
	mkdir -p var/static
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres').close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q; \
	elif [ "$$CI" = "true" ]; then \
		echo "make: PostgreSQL is not answering on 127.0.0.1:5432 and CI=true: the PostgreSQL pass is mandatory"; exit 1; \
	else \
		echo "make: SKIPPING the PostgreSQL pass: no server answers on 127.0.0.1:5432 (set CI=true to make it mandatory)"; \
	fi

# The two database passes run side by side (one per core); each pass's output is shown whole
# when it ends (--output-sync), and either failing fails the target.
test: lint typecheck chromium
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

# A deeper run of the importers' fuzz tests: 1,000 generated files per importer (the suite tries 40).
fuzz: install
	mkdir -p var/static
	SIGHTLINE_FUZZ_EXAMPLES=1000 DATABASE_URL=sqlite:///var/fuzz.sqlite3 $(BIN)/pytest -q tests/returns/test_import_fuzz.py

bench: install
	$(BIN)/python bench/synth_build.py

clean:
	rm -rf $(VENV) $(REF_VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
