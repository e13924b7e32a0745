# Every target installs what it needs into .venv first, so a fresh clone needs
# only `make ingest` (run the bundled demo) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CONFIG ?= configs/default.yaml

.PHONY: setup ingest demo test test-consumers eval-facts eval-real eval-guard bench rerender status clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

ingest: setup
	$(PY) -m pipeline ingest --config $(CONFIG)

demo: ingest

test: setup
	$(PY) -m pytest -q

eval-facts: setup
	$(PY) scripts/eval_facts.py

# Numeric facts (score_facts.py) and leaks in composed posts on ../shared/real-corpus/.
eval-real: setup
	$(PY) scripts/eval_real.py

# The guard on ../shared/real-corpus/: refusals of each engine's own draft, and
# how often a careless change (figure, unit, date, name, quote, negation, modality) is caught.
eval-guard: setup
	$(PY) scripts/eval_guard.py

bench: setup
	$(PY) scripts/bench.py

rerender: setup
	$(PY) -m pipeline rerender --config $(CONFIG)

status: setup
	$(PY) -m pipeline status --config $(CONFIG)

clean:
	rm -rf output/posts output/reports output/archive.sqlite3 output/raw
