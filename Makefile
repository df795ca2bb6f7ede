# The few commands a newcomer needs. Everything runs from the project's own virtualenv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
export HF_HUB_OFFLINE := 1

.PHONY: run setup install test test-all lint serve clean title-encoder

## set up everything, then serve the API on the bundled data
run: setup serve

## virtualenv + CPU torch + the project + default taxonomy and index
setup: install
	$(BIN)/skillmatch setup

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# CPU torch first: otherwise pip resolves torch to a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

## the test suite (unit + integration; integration tests skip when ../shared data is absent)
test: install
	$(BIN)/python -m pytest -q -m "not slow"

## everything, including the slow tests
test-all: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

## fine-tune the job-title encoder on an ESCO export (ESCO=folder, optional ONET=folder): ~1 h on 2 cores
title-encoder: install
	test -n "$(ESCO)" || (echo "usage: make title-encoder ESCO=path/to/esco-csv [ONET=path/to/onet-text]" && exit 2)
	$(BIN)/python -m pip install --quiet -e ".[train]"
	$(BIN)/python scripts/train_title_encoder.py --esco $(ESCO) $(if $(ONET),--onet $(ONET)) \
		--epochs 1 --batch-size 128 --describe --out models/title-encoder

serve: install
	OMP_NUM_THREADS=1 $(BIN)/skillmatch serve --host $(HOST) --port $(PORT)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
