# Yupana: the two commands a newcomer needs.
#   make run   - installs, prepares the demo and starts web server, worker and SUNAT simulator
#   make test  - installs the development tools and runs the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REQ_HASH := $(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
DEV_HASH := $(shell cat requirements.txt requirements-dev.txt pyproject.toml | sha1sum | cut -c1-12)
# Test workers: both cores by default.
WORKERS ?= 2

.PHONY: run test install install-dev bench clean

$(BIN)/python:
	@scripts/ensure-system.sh run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-$(REQ_HASH): $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

$(VENV)/.dev-installed-$(DEV_HASH): $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

install: $(VENV)/.installed-$(REQ_HASH)

install-dev: $(VENV)/.dev-installed-$(DEV_HASH)

run: install
	@scripts/ensure-system.sh run
	$(BIN)/python -m yupana.cli run-demo

test: install-dev
	@scripts/ensure-system.sh test
	$(BIN)/python -m pytest -n $(WORKERS) --durations=15 $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
