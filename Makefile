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

.PHONY: install run serve test test-postgres lint format bench audit lock clean

# axe-core for the accessibility tests (tests/test_accessibility.py), from the npm lockfile
# in tests/axe: only `make test` installs it; skipped with a message where npm is missing
# (those tests then skip too).
AXE_INSTALLED := tests/axe/node_modules/.installed

install: $(VENV)/.installed

# Exactly the locked versions, each checked against its hash (pip, setuptools and the
# dev tools included), from wheels only, so no unlocked build dependency is fetched; then
# MedSite itself, built with the locked setuptools. requirements.txt is the same lock
# without the dev tools, for a deploy. README, "Dependencies", says how to upgrade.
LOCK := requirements-dev.txt

$(VENV)/.installed: $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --only-binary :all: -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
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
	$(DEV_ENV) PORT=$(PORT) $(MANAGE) create_admin
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

serve: install .secret-key
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) exec $(VENV)/bin/gunicorn --config medsite/gunicorn.conf.py medsite.wsgi

.secret-key:
	umask 077 && $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# One pytest worker per core (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
test: install $(AXE_INSTALLED)
	$(DEV_ENV) $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

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

# Compile the lock files again from pyproject.toml. `make lock` after a change of its
# dependencies keeps every pin that still fits; `make lock UPGRADE=--upgrade` moves all to
# the newest versions the ranges allow; `make lock UPGRADE="--upgrade-package django"` only
# that one. Then `make install`, the tests, and `make audit`.
# requirements.txt is a constraints file for the dev lock, so it names no extras; the dev
# lock keeps them ("cachecontrol[filecache]==…"): pip --require-hashes takes a package
# wanted with an extra for a requirement of its own, and refuses a newer release of it.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --build-deps-for editable \
	--no-emit-find-links --no-emit-index-url
lock: install
	$(PIP_COMPILE) $(UPGRADE) --strip-extras --output-file requirements.txt pyproject.toml
	$(PIP_COMPILE) $(UPGRADE) --no-strip-extras --extra dev --constraint requirements.txt \
		--output-file requirements-dev.txt pyproject.toml

# Known vulnerabilities in the locked versions (pip-audit; README, "Dependencies"): on a
# machine that reaches the vulnerability service (PyPI's JSON API, or OSV with
# AUDIT_SERVICE=osv), not in CI. --strict: a package the service did not answer for fails
# the audit instead of being skipped. Waivers: one per line in audit-waivers.txt, the
# vulnerability's ID and then the reason; a waiver without a reason stops the audit.
AUDIT_SERVICE ?= pypi
AUDIT_WAIVERS := audit-waivers.txt
audit: install
	@ignore=$$(awk '/^[[:space:]]*(#|$$)/ { next } \
		NF < 2 { print FILENAME ":" FNR ": waiver " $$1 " gives no reason" > "/dev/stderr"; bad = 1; next } \
		{ printf " --ignore-vuln %s", $$1 } END { exit bad }' $(AUDIT_WAIVERS)) || exit 1; \
	log=$$(mktemp); \
	$(PY) -m pip_audit --requirement $(LOCK) --strict --disable-pip --progress-spinner off \
		--vulnerability-service $(AUDIT_SERVICE) $$ignore >$$log 2>&1; status=$$?; \
	if [ $$status -eq 0 ]; then cat $$log; rm -f $$log; exit 0; fi; \
	if grep -qE "not found on PyPI|Could not connect|ConnectionError|ProxyError|Max retries|timed out" $$log; then \
		grep -E "^(ERROR|requests\.exceptions)" $$log | tail -n 2; rm -f $$log; \
		echo "make audit: FAILED: the vulnerability service ($(AUDIT_SERVICE)) could not be reached or gave no answer for a locked package (above), so this is no audit. Run it where the service is reachable (README, \"Dependencies\")." >&2; \
		exit 2; \
	fi; \
	cat $$log; \
	if grep -q "known vulnerabilit" $$log; then rm -f $$log; \
		echo "make audit: FAILED: known vulnerabilities above. Upgrade the package (README, \"Dependencies\") or waive the ID with a reason in $(AUDIT_WAIVERS)." >&2; \
	else rm -f $$log; echo "make audit: FAILED: pip-audit stopped (above)." >&2; fi; \
	exit 1

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
