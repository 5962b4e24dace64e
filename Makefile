# The commands the README names. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and make: the first call creates .venv and installs everything.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
# Development runs use debug mode and a random secret key kept in .secret-key.
DEV_ENV := DJANGO_DEBUG=1

.PHONY: install run test test-postgres lint format check clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: install
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) import_monographs seeds
	$(DEV_ENV) $(MANAGE) create_admin
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(DEV_ENV) $(PY) -m pytest $(PYTEST_ARGS)

# The same tests on a throwaway PostgreSQL 15 cluster, started and stopped by the script.
test-postgres: install
	.ci/with-postgres $(MAKE) test

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
