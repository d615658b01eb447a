# planwatch: the two commands a fresh machine needs (Python 3.11+).
#   make demo   set up .venv, ingest samples/ into planwatch.db, show the summary and a few rows
#   make test   set up .venv with the test extras and run the test suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= planwatch.db

.PHONY: demo test samples images clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/planwatch ingest samples/ --db $(DB)
	$(BIN)/planwatch info --db $(DB)
	$(BIN)/python -m sqlite_utils rows $(DB) actions --limit 5 --table

test: $(VENV)/.installed-test
	scripts/ensure-chromium
	$(BIN)/python -m pytest

samples: $(VENV)/.installed-test
	$(BIN)/python samples/make.py

images: $(VENV)/.installed
	scripts/ensure-chromium
	$(BIN)/python docs/make_images.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
