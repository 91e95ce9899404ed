# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_STORE ?= .kg-demo

.PHONY: demo test test-remote bench eval lint clean chromium virtuoso

# The browser tests drive Debian's Chromium (never `playwright install`): install it if missing.
chromium:
	@command -v chromium >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }

# tests/test_virtuoso_store.py starts its own Virtuoso (Debian's virtuoso-opensource): install it if missing.
virtuoso:
	@command -v virtuoso-t >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q virtuoso-opensource; }

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/kg ingest --demo --store $(DEMO_STORE)
	$(BIN)/kg serve --store $(DEMO_STORE) --host $(HOST) --port $(PORT)

test: $(STAMP) chromium virtuoso
	$(BIN)/python -m pytest -q

# The same suite with every store fixture on a fresh `oxigraph serve` (the oxigraph package, a test extra).
test-remote: $(STAMP) chromium virtuoso
	$(BIN)/python -m pytest -q --store-kind=remote

bench: $(STAMP)
	$(BIN)/python -m bench

eval: $(STAMP)
	$(BIN)/kg extract ../shared/seeds/*.txt --format jsonl > .eval-seeds.jsonl
	$(BIN)/python ../shared/eval/score.py ../shared/eval/seeds_gold.jsonl .eval-seeds.jsonl | tail -n 1
	$(BIN)/kg extract tests/devset/articles/*.txt --format jsonl > .eval-dev.jsonl
	$(BIN)/python ../shared/eval/score.py tests/devset/gold.jsonl .eval-dev.jsonl | tail -n 1
	$(BIN)/kg extract tests/heldout/articles/*.txt --format jsonl > .eval-held.jsonl
	$(BIN)/python ../shared/eval/score.py tests/heldout/gold.jsonl .eval-held.jsonl | tail -n 1
	$(BIN)/kg extract tests/blind2/articles/*.txt --format jsonl > .eval-blind2.jsonl
	$(BIN)/python ../shared/eval/score.py tests/blind2/gold.jsonl .eval-blind2.jsonl | tail -n 1
	$(BIN)/kg extract tests/blind3/articles/*.txt --format jsonl > .eval-blind3.jsonl
	$(BIN)/python ../shared/eval/score.py tests/blind3/gold.jsonl .eval-blind3.jsonl | tail -n 1

lint: $(STAMP)
	$(BIN)/ruff check kg api extractors tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_STORE) build *.egg-info
