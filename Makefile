# The two commands: `make run` and `make test`. Everything else is what they stand on.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FIXTURES := themes sources areas inspections findings responses
# Development defaults; production sets its own environment.
export DJANGO_DEBUG ?= 1

# `make run` serves the site as the public sees it (debug off, its own 404 and 500 pages), with a
# throwaway secret; `make dev` serves it with debug on and auto-reload.
LOCAL_SECRET := $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
SERVE_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$(LOCAL_SECRET)

.PHONY: run dev test install data system-deps lint test-sqlite test-postgres bench clean

run: data
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py runserver 127.0.0.1:8000

dev: data
	$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps lint test-sqlite test-postgres

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

data: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddata $(FIXTURES)
	$(PY) manage.py import_outcomes

# Debian's Chromium (for the browser tests) and PostgreSQL 15 (for the second test run).
system-deps:
	scripts/install-system-deps.sh

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest

# The same suite on a throwaway PostgreSQL cluster; the browser tests ran once above.
test-postgres: install
	scripts/with-postgres.sh $(PY) -m pytest -m "not browser"

bench: data
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts .pg
