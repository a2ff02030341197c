# Glossa: `make serve` to preview the site, `make test` to run every test.
# Both set up everything they need on a machine with Python 3.11 and make.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := tests/node_modules/.installed

.PHONY: serve site test test-fast browser-deps system-deps lint bench clean zensical-assets

# Debian packages the targets need: `missing_if_not,PACKAGE,CHECK` prints PACKAGE when the shell
# command CHECK fails. As root with apt-get the missing ones are installed; otherwise each is named.
missing_if_not = { $(2); } >/dev/null 2>&1 || echo $(1);
PYTHON_PACKAGES = $(call missing_if_not,$(notdir $(PYTHON))-venv,$(PYTHON) -c 'import ensurepip; import venv')
BROWSER_PACKAGES = $(call missing_if_not,npm,command -v npm) \
	$(call missing_if_not,chromium,test -x /usr/bin/chromium) \
	$(call missing_if_not,default-jre-headless,command -v java)

define install_missing
	@missing=$$(echo $$($(1))); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "error: missing Debian packages: $$missing (sudo apt-get install $$missing)"; exit 1; fi; \
	fi
endef

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 (Debian: python3.11 python3.11-venv) or run: make PYTHON=python3 ..."; exit 1; }
	$(call install_missing,$(PYTHON_PACKAGES))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload --watch-theme --dev-addr 127.0.0.1:8000

site: $(STAMP)
	$(BIN)/mkdocs build --strict

# docs/glossa/: the minified copy of Glossa's CSS and JavaScript that Zensical ships, written again.
zensical-assets: $(STAMP)
	$(BIN)/zensical build --clean

# Chromium for the browser tests, Java for the HTML checker, npm for axe-core and the checker.
browser-deps: system-deps $(NODE_STAMP)

system-deps:
	$(call install_missing,$(BROWSER_PACKAGES))

$(NODE_STAMP): tests/package.json tests/package-lock.json | system-deps
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
