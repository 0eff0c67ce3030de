# The developer's commands; each runs in the virtual environment the README's install command
# creates. `make check` is the quality gate, and `.ci/run` runs the same steps on a clean clone.
VENV ?= .venv
PY := $(VENV)/bin/python
LOCK := requirements/dev.txt
# The oldest Python pyproject.toml's `requires-python` allows: the lock holds what it needs too.
OLDEST_PYTHON := 3.10

.PHONY: check lint types test test-fast test-latest lock docs messages bench fonts

check: lint types test

lint:
	$(PY) -m ruff check src tests benchmarks scripts
	$(PY) -m ruff format --check src tests benchmarks scripts

types:
	$(PY) -m mypy

# PYTEST_ARGS go to each pytest run, e.g. make test-latest PYTEST_ARGS='-m "not slow"'
test:
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

test-fast:  # the edit loop (a minute on 2 cores): all but PDF and Word builds, the HTML validator, property runs, time limits, servers
	$(PY) -m pytest -n auto -m "not slow" $(PYTEST_ARGS)

# Refresh the lock after a change to pyproject.toml: what is still allowed keeps its pin, the
# rest is resolved anew, for every platform and Python version the package supports (uv's
# `--universal`), with the hashes of every file. `make lock ARGS=--upgrade` moves every pin
# to the newest allowed version.
lock:
	$(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install --quiet uv
	$(PY) -m uv pip compile pyproject.toml --all-extras --universal --python-version $(OLDEST_PYTHON) \
		--generate-hashes --custom-compile-command "make lock" --quiet $(ARGS) --output-file $(LOCK)

# The newest versions pyproject.toml allows, in a venv of their own: a break shows here before
# users, who install with those ranges, meet it.
test-latest:
	rm -rf .venv-latest
	python3 -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	.venv-latest/bin/python -m pip list --format freeze
	.venv-latest/bin/python -m pytest -n auto -p no:cacheprovider $(PYTEST_ARGS)

docs:  # regenerate the generated documentation
	$(PY) -m masterplan_cli.docs checks > docs/checks.md
	$(PY) -m masterplan_cli.docs checks id > docs/checks.id.md
	$(PY) -m masterplan_cli.docs format > docs/format.md

# The command line's messages in Indonesian (src/masterplan_cli/l10n.py says how they are chosen):
# extract the marked English texts, carry them into the Indonesian catalogue (a new or changed
# text arrives untranslated: translate it in the .po), and compile the catalogue the wheel ships.
LOCALE := src/masterplan_cli/locale
messages:
	$(VENV)/bin/pybabel --quiet extract -F babel.cfg --no-location --sort-output --project masterplan \
		--copyright-holder "masterplan developers" -o $(LOCALE)/masterplan.pot .
	$(VENV)/bin/pybabel --quiet update -i $(LOCALE)/masterplan.pot -d $(LOCALE) -D masterplan -l id \
		--no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --width 100
	$(VENV)/bin/pybabel --quiet compile -d $(LOCALE) -D masterplan -l id --statistics

bench:
	$(PY) benchmarks/bench_check.py
	$(PY) benchmarks/bench_build.py

# The bundled fonts in templates/fonts/, from Debian's Noto packages (downloaded, never
# installed, so that fontconfig does not see them): scripts/make_fonts.py says what and why.
FONT_PACKAGES := fonts-noto-core=20201225-1 fonts-noto-mono=20201225-1
fonts:
	rm -rf build/fonts && mkdir -p build/fonts/files
	cd build/fonts && apt-get download $(FONT_PACKAGES)
	for deb in build/fonts/*.deb; do dpkg-deb -x $$deb build/fonts/files; done
	$(PY) scripts/make_fonts.py build/fonts/files
