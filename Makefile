# Two commands: `make demo` runs the product with demo data; `make test` runs every check.
# Both start with `make install`, which is idempotent and quick when nothing changed.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Any Python 3.12: pyenv's (picked by .python-version), the system's, or one named by PYTHON.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install demo test serve lint format typecheck bench clean

DFE_VALIDATOR := var/dfe-validator
DFE_VALIDATOR_VERSION := 0.1.17

install: $(VENV)/.installed /usr/bin/chromium var/.migrated var/.postcodes $(DFE_VALIDATOR)/.installed

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it or set PYTHON=/path/to/python3.12"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

# Debian's Chromium drives the browser tests and renders charts for PDFs; never a downloaded one.
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium fonts-liberation poppler-utils

# DfE's SSDA903 validation rules (Data to Insight's csc-validator-be-903) pin pandas<2, so they
# run in an environment of their own on Debian's Python 3.11 (docs/adr/0014-dfe-validation-rules-apart.md).
$(DFE_VALIDATOR)/.installed: Makefile
	@if ! /usr/bin/python3.11 -c 'import ensurepip, venv' >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q python3.11 python3.11-venv; fi
	@test -x $(DFE_VALIDATOR)/bin/python || /usr/bin/python3.11 -m venv $(DFE_VALIDATOR)
	$(DFE_VALIDATOR)/bin/python -m pip install --quiet "csc-validator-be-903==$(DFE_VALIDATOR_VERSION)"
	@touch $@

var/.migrated: $(VENV)/.installed $(shell find sufficiency placements reports -path '*/migrations/*.py' 2>/dev/null)
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	@touch $@

# The compact postcode look-up (ADR 0017): built once, then only memory-mapped.
var/.postcodes: $(VENV)/.installed
	@mkdir -p var
	$(PY) manage.py build_postcodes
	@touch $@

demo: install
	$(PY) manage.py setup_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops the web server and the task worker)"
	@trap 'kill 0' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py db_worker --interval 1 >var/worker.log 2>&1 & \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy sufficiency placements reports demo
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: install
	$(VENV)/bin/mypy sufficiency placements reports demo

bench: install
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var/staticfiles var/.migrated
