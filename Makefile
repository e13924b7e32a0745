# Every target installs what it needs into .venv first, so a fresh clone needs
# only `make ingest` (run the bundled demo) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CONFIG ?= configs/default.yaml

.PHONY: help setup ingest demo test test-consumers consumer-tools eval-facts eval-real eval-guard eval-stories bench rerender status clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 18

setup: $(VENV)/.installed ## create .venv and install the project with its test extras

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

ingest: setup ## run the bundled offline demo (configs/default.yaml, or CONFIG=...)
	$(PY) -m pipeline ingest --config $(CONFIG)

demo: ingest ## same as ingest

test: setup ## run the test suite
	$(PY) -m pytest -q

# Real Jekyll, Hugo and headless Chromium; installed with apt-get when
# missing and allowed (root on Debian), otherwise the tests fail saying which.
consumer-tools:
	@if { ! command -v jekyll >/dev/null || ! command -v hugo >/dev/null || [ ! -x /usr/bin/chromium ]; } \
	    && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jekyll hugo chromium fonts-noto-cjk >/dev/null; \
	fi

test-consumers: setup consumer-tools ## build posts and starter sites with real Jekyll/Hugo, look at one in Chromium
	REQUIRE_CONSUMERS=1 $(PY) -m pytest -q -m consumers

eval-facts: setup ## fact extractor precision/recall on the labelled set
	$(PY) scripts/eval_facts.py

# Numeric facts (score_facts.py) and leaks in composed posts on ../shared/real-corpus/.
eval-real: setup ## facts and leaks on the real articles in ../shared/real-corpus
	$(PY) scripts/eval_real.py

# The guard on ../shared/real-corpus/: refusals of each engine's own draft, and
# how often a careless change (figure, unit, date, name, quote, negation, modality) is caught.
eval-guard: setup ## the guard's refusals and catch rate on the real articles in ../shared/real-corpus
	$(PY) scripts/eval_guard.py

eval-stories: setup ## story clustering precision and recall (real set and tests/data/stories)
	$(PY) scripts/eval_stories.py

bench: setup ## benchmark (about 4 minutes), figures in bench/results.json
	$(PY) scripts/bench.py

rerender: setup ## rebuild posts from the archive, no network
	$(PY) -m pipeline rerender --config $(CONFIG)

status: setup ## feed health and item counts
	$(PY) -m pipeline status --config $(CONFIG)

clean: ## remove the demo's posts, reports and archive
	rm -rf output/posts output/reports output/archive.sqlite3 output/raw
