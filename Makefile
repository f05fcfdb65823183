# Two entry points for people: `make preview` and `make test`.
# Both create .venv and install what they need on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup preview preview-bilingual build check test lint browser vnu clean messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

preview: $(STAMP)
	$(PY) build.py serve --open

preview-bilingual: $(STAMP)
	$(PY) build.py serve --content examples/bilingual --open

# The site's own words: extract them into catalogue/locale/messages.pot and bring every
# language's catalogue up to date with it (docs/languages.md). The build compiles the catalogues.
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -c Translators: --sort-by-file -o catalogue/locale/messages.pot .
	$(VENV)/bin/pybabel update -i catalogue/locale/messages.pot -d catalogue/locale --no-fuzzy-matching --ignore-obsolete

build: $(STAMP)
	$(PY) build.py build

check: $(STAMP)
	$(PY) build.py check

browser:
	@test -x /usr/bin/chromium || scripts/install-chromium

# The W3C Nu Html Checker, which the tests run over every page (pinned; into .tools/, git-ignored).
vnu:
	@scripts/install-vnu

lint: $(STAMP)
	$(VENV)/bin/ruff check catalogue tests bench build.py
	$(VENV)/bin/ruff format --check catalogue tests bench build.py
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(STAMP) browser vnu lint
	$(VENV)/bin/pytest

clean:
	rm -rf _site .cache .pytest_cache .mypy_cache .ruff_cache .tools
