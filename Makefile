# `make run` and `make test` each set up .venv from scratch when it is missing or stale.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SOURCES := $(shell find generator templates -type f -not -name '*.pyc' 2>/dev/null) pyproject.toml

.PHONY: run test lint check bench fuzz clean

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

test: lint check
	$(BIN)/pytest -q -p no:cacheprovider tests

lint: $(VENV)/.installed
	$(BIN)/ruff check generator tests tools bench/generate bench/parse bench/validate bench/sdk
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
