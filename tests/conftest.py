import os
import tempfile
from pathlib import Path

import pytest
from django.db import connection


def pytest_configure(config):
    # Tests render templates without collectstatic, so no manifest of hashed file names.
    from django.conf import settings

    # Tests change data without a new data version, so rendered pages must not be kept.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    settings.KEEP_PRECOMPUTED = False
    # Nor baked, and no test touches var/baked (a new data version removes its `current`): a
    # baking test turns baking on in a folder of its own.
    settings.BAKE = False
    settings.BAKED_ROOT = Path(tempfile.gettempdir()) / f"send-inspections-unbaked-{os.getpid()}"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_report_header(config):
    url = os.environ.get("DATABASE_URL", "")
    engine = "postgresql" if url.startswith("postgres") else "sqlite"
    return f"database: {engine} ({'DATABASE_URL set' if url else 'DATABASE_URL unset'})"


@pytest.fixture
def database_vendor():
    return connection.vendor


@pytest.fixture
def keep_precomputed(settings):
    """As in production: what pages compute over all of England kept per data version."""
    from reports import precomputed

    settings.KEEP_PRECOMPUTED = True
    yield
    precomputed._kept.clear()
