# Glossa: `make serve` to preview the site, `make test` to run every test.
# Both set up everything they need on a machine with Python 3.11 and make.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := tests/node_modules/.installed

.PHONY: serve site test test-fast browser-deps lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 (Debian: python3.11 python3.11-venv) or run: make PYTHON=python3 ..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict

browser-deps: $(NODE_STAMP)
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "error: browser tests need Debian's package 'chromium' (/usr/bin/chromium): sudo apt-get install chromium"; exit 1; fi; }
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; \
	  else echo "error: HTML validation needs Java: sudo apt-get install default-jre-headless"; exit 1; fi; }

$(NODE_STAMP): tests/package.json tests/package-lock.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Debian's package 'npm' (Node.js 18+)"; exit 1; }
	cd tests && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

test: $(STAMP) browser-deps
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/mypy plugins/glossa

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf site .pytest_cache .hypothesis test-artifacts
