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
	$(BIN)/sqlite-utils query $(DB) "select council, doc_date, ref, rag, due_date, lead, \
	    substr(action, 1, 48) as action from v_actions order by council, doc_date, action_id limit 8" --table

test: $(VENV)/.installed-test
	scripts/ensure-chromium
	$(BIN)/python -m pytest

samples: $(VENV)/.installed-test
	scripts/ensure-libreoffice
	$(BIN)/python samples/make.py

images: $(VENV)/.installed
	scripts/ensure-chromium
	$(BIN)/python docs/make_images.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
