# `make run` and `make test` each set up .venv from scratch when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SOURCES := $(shell find generator templates -type f -not -name '*.pyc' 2>/dev/null) pyproject.toml

.PHONY: run test unit lint check interop bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# A regular (non-editable) install: what users get from `pip install .`.
$(VENV)/.installed: $(BIN)/python $(SOURCES)
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $@

# The main job: the bundled docs -> spec/ -> generated/.
run: $(VENV)/.installed
	$(BIN)/apigen build
	$(BIN)/apigen generate

test: lint check unit interop

unit: $(VENV)/.installed
	$(BIN)/pytest -q -p no:cacheprovider tests

# The third-party tools, pinned: npm packages from tools/interop/package-lock.json into tools/interop/node_modules,
# Python ones from pyproject's `interop` extra into .venv, a JRE (OpenAPI Generator's jar) from Debian's packages
# only where `java` is missing. Each step leaves a stamp, so a second run installs nothing.
INTEROP := tools/interop
$(INTEROP)/node_modules/.installed: $(INTEROP)/package.json $(INTEROP)/package-lock.json
	cd $(INTEROP) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.interop-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet '.[interop]'
	command -v java >/dev/null || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq default-jre-headless; }
	touch $@

# Spectral, Redocly, openapi-python-client, OpenAPI Generator and Prism on every spec (tests/interop).
interop: $(VENV)/.installed $(INTEROP)/node_modules/.installed $(VENV)/.interop-installed
	APIGEN_INTEROP=1 $(BIN)/pytest -q -p no:cacheprovider --durations=5 tests/interop

lint: $(VENV)/.installed
	$(BIN)/ruff check generator tests tools bench/generate bench/parse bench/validate bench/sdk bench/client
	$(BIN)/mypy --strict generator

# spec/ and generated/ must be what the committed sources and code produce.
check: $(VENV)/.installed
	$(BIN)/apigen check

# The long fuzz run (tests/test_fuzz.py, fifty times the examples of `make test`'s seeded run, a new seed
# each time): a failing input it prints belongs under tests/fuzz_regressions/.
fuzz: $(VENV)/.installed
	APIGEN_FUZZ=long $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: $(VENV)/.installed
	$(BIN)/python bench/generate
	$(BIN)/python bench/validate

clean:
	rm -rf $(VENV) build *.egg-info
