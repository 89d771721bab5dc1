# Sightline: two commands on a fresh machine.
#   make demo   install, build a synthetic authority in SQLite, serve http://127.0.0.1:8000
#   make test   install, lint, type-check, run the whole suite on SQLite and on PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/sightline
DEMO_DB ?= sqlite:///var/demo.sqlite3

.PHONY: demo test install assets lint typecheck test-sqlite test-postgres bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found (Python 3.11 is needed)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

install: $(STAMP)
assets: node_modules/.package-lock.json

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

test-sqlite: install assets
	mkdir -p var/static
	DATABASE_URL=sqlite:///var/test.sqlite3 $(BIN)/pytest -q

test-postgres: install assets
	mkdir -p var/static
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/',1)[0] + '/postgres').close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(BIN)/pytest -q; \
	elif [ "$$CI" = "true" ]; then \
		echo "make: PostgreSQL is not answering on 127.0.0.1:5432 and CI=true: the PostgreSQL pass is mandatory"; exit 1; \
	else \
		echo "make: SKIPPING the PostgreSQL pass: no server answers on 127.0.0.1:5432 (set CI=true to make it mandatory)"; \
	fi

test: lint typecheck test-sqlite test-postgres

bench: install
	$(BIN)/python bench/synth_build.py

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
