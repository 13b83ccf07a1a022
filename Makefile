# Task list. Every target creates the virtualenv on first use, so each works on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test lint typecheck format bench schema clean

$(BIN)/viewas: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

## Install, migrate, seed the demo on first run, print demo tokens, serve on :8000.
run: $(BIN)/viewas
	$(BIN)/viewas serve

## Install and run the whole test suite (SQLite; set VIEWAS_TEST_DATABASE_URL for PostgreSQL).
test: $(BIN)/viewas
	$(BIN)/python -m pytest

lint: $(BIN)/viewas
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/viewas
	$(BIN)/mypy

format: $(BIN)/viewas
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Benchmarks: impersonated vs plain requests, side by side in one run (see bench/README.md).
bench: $(BIN)/viewas
	$(BIN)/python -m bench.run

schema: $(BIN)/viewas
	$(BIN)/viewas export-schema -o schema.graphql

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache .hypothesis
