# The two commands: `make run` and `make test`. Everything else is what they stand on.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Development defaults; production sets its own environment.
export DJANGO_DEBUG ?= 1

# The secret key comes from DJANGO_SECRET_KEY, or is generated once into .secret_key (ignored,
# readable only by its owner), so it never appears on a command line or in the terminal.
# `make run` serves the site as the public sees it (debug off, its own error pages);
# `make dev` serves it with debug on and auto-reload; `make serve` is production: gunicorn.
SERVE_ENV := DJANGO_DEBUG=0

.PHONY: run dev serve test install data FORCE system-deps lint test-sqlite test-postgres bench bench-quick \
	screenshots clean

# Both bake the bounded pages (reports/baking.py) after the static files, which they link to,
# unless the baked copies are already of this data and code.
run: data
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py bake --if-stale
	$(SERVE_ENV) $(PY) manage.py runserver 127.0.0.1:8000

serve: data
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(PY) manage.py bake --if-stale
	$(SERVE_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(SERVE_ENV) $(VENV)/bin/gunicorn -c send_inspections/gunicorn.py send_inspections.wsgi

dev: data
	$(PY) manage.py runserver 127.0.0.1:8000

test: install system-deps lint test-sqlite test-postgres

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Builds the database (SQLite unless DATABASE_URL), the postcode index and the place index (towns
# and villages from GeoNames, resolved to districts through the postcodes), from the shipped data,
# when anything they are built from has changed since the last build (about 20 s): the fixtures
# and source documents (settings.SOURCES_DIR is fixtures/sources/), the migrations, the loaders
# and what they import, and the installed packages (the ONS lookups, the postcodes and the
# gazetteer are packages).
# The stamp records the last build of the SQLite file. A DATABASE_URL names a database make
# cannot see (it may have been dropped or pointed elsewhere), so with one set it always rebuilds.
DATA_STAMP := var/.data-built
DATA_INPUTS := $(VENV)/.installed $(shell find fixtures -type f) \
	$(wildcard reports/migrations/*.py areas/migrations/*.py) \
	$(wildcard reports/importers/*.py reports/importers/pdf/*.py reports/management/commands/*.py) \
	$(wildcard areas/management/commands/*.py) \
	reports/models.py reports/vocabulary.py reports/search.py reports/themes.py reports/theme_review.py \
	reports/schedule.py areas/models.py areas/geography.py areas/postcodes.py areas/selectors.py \
	areas/places.py areas/names.py
# A database file, postcode index or place index that went missing is rebuilt whatever the stamp
# says.
DATA_MISSING := $(if $(and $(wildcard db.sqlite3),$(wildcard var/postcodes.bin),$(wildcard var/places.json)),,FORCE)

ifdef DATABASE_URL
data: install
	$(build-data)
else
data: $(DATA_STAMP)

$(DATA_STAMP): $(DATA_INPUTS) $(DATA_MISSING)
	$(build-data)
	touch $@
endif

define build-data
DJANGO_SQLITE_CREATE=1 $(PY) manage.py migrate --noinput
DJANGO_SQLITE_CREATE=1 $(PY) manage.py load_data
$(PY) manage.py build_postcodes
$(PY) manage.py build_places
endef

FORCE:

# Debian's Chromium (for the browser tests), PostgreSQL 15 (for the second test run), and the
# redis-server and nginx that tests/servers.py starts on loopback.
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

# The benchmark against Datasette and the static floor (docs/performance.md): about 30 minutes,
# plus the 20x bake (some 18,000 pages, rendered one at a time; `--bake-scales 1` skips it).
bench: install
	$(PY) bench/run.py

bench-quick: install
	$(PY) bench/run.py --quick

# Screenshots of the main pages at 375 px and 1280 px, for review (not committed).
screenshots: install
	$(PY) -m pytest tests/browser/screenshots.py -q

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-artifacts .pg var .secret_key
