"""The settings read from the environment: the database, the cache, HTTPS, check --deploy."""

import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from send_inspections.settings import Env

pytestmark = pytest.mark.django_db


def settings_in(env: dict, expression: str) -> str:
    """`expression` over the settings, loaded fresh in a process with this environment."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "send_inspections.settings", **env}
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={k: v for k, v in env.items() if v is not None},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    ).stdout.strip()


@pytest.mark.parametrize(
    "url, backend, location",
    [
        (
            "redis://cache.internal:6379/0",
            "send_inspections.cache.RedisCache",
            "redis://cache.internal:6379/0",
        ),
        (
            "rediss://cache.internal:6380/1",
            "send_inspections.cache.RedisCache",
            "rediss://cache.internal:6380/1",
        ),
        (
            "memcached://cache.internal:11211",
            "django.core.cache.backends.memcached.PyMemcacheCache",
            "cache.internal:11211",
        ),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", ""),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache", ""),
    ],
)
def test_cache_url_names_the_backends_the_deployment_guide_lists(url, backend, location):
    config = Env.cache_url_config(url)
    assert config["BACKEND"] == backend
    assert config["LOCATION"] == location


@pytest.mark.parametrize("cache_url", [None, ""])
def test_without_cache_url_pages_are_kept_in_a_file_cache(cache_url):
    caches = settings_in({"DJANGO_DEBUG": "0", "CACHE_URL": cache_url}, "settings.CACHES")
    assert "FileBasedCache" in caches
    assert str(settings.BASE_DIR / "var" / "cache") in caches
    assert "'MAX_ENTRIES': 5000" in caches


def test_in_development_nothing_is_kept_unless_cache_url_says():
    assert "DummyCache" in settings_in({"DJANGO_DEBUG": "1", "CACHE_URL": None}, "settings.CACHES")
    caches = settings_in({"DJANGO_DEBUG": "1", "CACHE_URL": "locmem://"}, "settings.CACHES")
    assert "LocMemCache" in caches


@pytest.mark.parametrize(
    "web_process, statement_ms, idle_limits, deadline",
    [("1", 3000, True, "4"), ("0", 6000, False, "None")],
)
def test_web_processes_give_up_on_postgresql_sooner_than_commands(
    web_process, statement_ms, idle_limits, deadline
):
    env = {"DATABASE_URL": "postgresql://app@db.internal/site", "DJANGO_WEB_PROCESS": web_process}
    options = settings_in(env, "settings.DATABASES['default']['OPTIONS']")
    assert f"statement_timeout={statement_ms}" in options
    assert ("idle_session_timeout" in options) is idle_limits
    assert ("idle_in_transaction_session_timeout" in options) is idle_limits
    assert "'connect_timeout': 3" in options and "'tcp_user_timeout': 3000" in options
    assert settings_in(env, "settings.DATABASE_DEADLINE") == deadline
    engine = settings_in(env, "settings.DATABASES['default']['ENGINE']")
    assert engine == "send_inspections.postgresql"


def test_a_missing_sqlite_file_is_refused_not_created(tmp_path):
    # What the `mode=rw` the settings add means: SQLite will not create the file.
    missing = tmp_path / "gone.sqlite3"
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(f"file:{missing}?mode=rw", uri=True)
    assert not missing.exists()


def test_settings_open_sqlite_without_creating_it():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    env = {"DJANGO_SQLITE_CREATE": None, "DATABASE_URL": None}
    name = settings_in(env, "settings.DATABASES['default']['NAME']")
    assert name.endswith("db.sqlite3?mode=rw")


@override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_SSL_REDIRECT=True)
def test_behind_https_hsts_is_sent(client):
    response = client.get("/about/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/about/").status_code == 301


@pytest.mark.parametrize("https", ["0", "1"])
def test_check_deploy_is_clean_in_the_production_configuration(https):
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_HTTPS": https}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
