# Heard: the README's commands. Everything installs from the project's own files.
PYTHON ?= $(shell command -v python3.12 >/dev/null 2>&1 && echo python3.12 || echo $(HOME)/.pyenv/versions/3.12.1/bin/python3.12)
VENV := .venv
BIN := $(VENV)/bin
HEARD := $(BIN)/heard
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: lock run setup install assets migrate demo test test-fast test-future production-check lint format bench pdf-ua browser faketime pdftools clean

run: setup demo
	@echo ""
	@echo "Heard is running at http://$(HOST):$(PORT)/"
	@echo "Staff sign in at http://$(HOST):$(PORT)/staff/ as officer / heard-demo-2026"
	@echo "(also: manager, senior, director and admin, same password)"
	@echo "Two-factor sign-in is off in these local demo settings; TWO_FACTOR_REQUIRED=true make run turns it on."
	@echo ""
	$(HEARD) runserver $(HOST):$(PORT)

setup: install assets migrate

install: $(VENV)/.installed

$(VENV)/.installed: requirements/development.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/development.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

assets: heard/core/static/frontend/heard.css

heard/core/static/frontend/heard.css: package.json package-lock.json frontend/heard.scss frontend/build.mjs frontend/init.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build

migrate: install
	$(HEARD) migrate --no-input

demo: migrate
	$(HEARD) demo_data

browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver)

# The tests read the text of the letters' PDFs with poppler's pdftotext.
pdftools:
	@command -v pdftotext >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq poppler-utils)

test: install assets browser pdftools
	$(BIN)/pytest

test-fast: install assets pdftools
	$(BIN)/pytest -m "not browser" -x

# The suite again with the system clock moved years ahead: a test that depends on today fails here
# the day it is written, not years later. (Browser tests are left out: the browser keeps real time.)
FUTURE ?= +5y
faketime:
	@command -v faketime >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq faketime)

test-future: install assets faketime pdftools
	faketime -f "$(FUTURE)" $(BIN)/pytest -m "not browser" -p no:cacheprovider

# Production settings start: collectstatic, check --deploy, gunicorn serving the main pages.
production-check: install assets
	./.ci/production

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy heard config

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install assets
	$(BIN)/python -m bench

# The annual report's PDF against PDF/UA-1 (downloads its checker: not part of test or CI).
YEAR ?= 2025
pdf-ua: install
	./.ci/pdf-ua $(YEAR)

# Two locks with hashes: production installs only its own set (docs/deployment.md).
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.12 --generate-hashes -o requirements/development.lock
	$(BIN)/uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -c requirements/development.lock -o requirements/production.lock

clean:
	rm -rf $(VENV) node_modules heard/core/static/frontend var
