# One command for the whole quality gate: `make check` (lint, types, tests).
# It uses the virtual environment the README's install command creates.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: check lint types test docs bench

check: lint types test

lint:
	$(PY) -m ruff check src tests benchmarks
	$(PY) -m ruff format --check src tests benchmarks

types:
	$(PY) -m mypy

test:
	$(PY) -m pytest

docs:  # regenerate the generated documentation
	$(PY) -m masterplan_cli.docs checks > docs/checks.md
	$(PY) -m masterplan_cli.docs format > docs/format.md

bench:
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_build.py
