# The commands the README names. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and make: the first call creates .venv and installs everything.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
# Development runs use debug mode and a random secret key kept in .secret-key.
DEV_ENV := DJANGO_DEBUG=1
# `make serve`: production settings on plain HTTP on loopback, with the environment's
# DJANGO_SECRET_KEY or else the key kept in .secret-key (behind TLS: DJANGO_SECURE_SSL=1).
SERVE_ENV := DJANGO_DEBUG=0 DJANGO_SECURE_SSL=$${DJANGO_SECURE_SSL:-0} \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat .secret-key)}" PORT=$(PORT)

.PHONY: install run serve test test-postgres lint format bench clean

# axe-core for the accessibility tests (tests/test_accessibility.py), from the npm lockfile
# in tests/axe; skipped with a message where npm is missing (those tests then skip too).
AXE_INSTALLED := tests/axe/node_modules/.installed

install: $(VENV)/.installed $(AXE_INSTALLED)

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

$(AXE_INSTALLED): tests/axe/package.json tests/axe/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/axe --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: axe-core not installed, the accessibility tests will be skipped (apt-get install nodejs npm)"; \
	fi

run: install
	$(DEV_ENV) $(MANAGE) migrate --noinput
	$(DEV_ENV) $(MANAGE) import_monographs seeds
	$(DEV_ENV) $(MANAGE) create_admin
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

serve: install .secret-key
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) exec $(VENV)/bin/gunicorn --config medsite/gunicorn.conf.py medsite.wsgi

.secret-key:
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

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

# The import and server-time benchmarks on SQLite (bench/README.md; needs
# ../shared/corpus/rxhive-sample). They write bench/results/*.json; record the figures
# in bench/README.md. The load test under gunicorn is bench/serve_bench.py (needs wrk).
bench: install
	$(DEV_ENV) $(PY) bench/import_bench.py
	$(DEV_ENV) $(PY) bench/pages_bench.py --sizes 20000

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
