"""Production behaviour: caching on the data version, security headers, failure modes."""

import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from reports.models import DataVersion
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def page_cache():
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        yield
        cache.clear()


def test_pages_carry_validators_from_the_data_version(client):
    response = client.get("/about/")
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]


def test_a_conditional_get_is_a_304_without_rendering(client, django_assert_num_queries):
    etag = client.get("/areas/cornwall/")["ETag"]
    with django_assert_num_queries(1):  # the data version, nothing else
        response = client.get("/areas/cornwall/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    since = client.get("/areas/cornwall/")["Last-Modified"]
    assert client.get("/areas/cornwall/", headers={"If-Modified-Since": since}).status_code == 304


def test_a_repeat_view_is_served_from_the_cache(client, page_cache):
    first = client.get("/areas/southend-on-sea/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/areas/southend-on-sea/")
    assert len(queries) == 1
    assert second.content == first.content


def test_loading_new_data_changes_the_version_and_serves_nothing_stale(client, page_cache):
    etag = client.get("/regions/north-west/")["ETag"]
    AreaFactory(name="Brandnewshire", region="NW")
    assert b"Brandnewshire" not in client.get("/regions/north-west/").content  # cached
    DataVersion.record()
    response = client.get("/regions/north-west/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert b"Brandnewshire" in response.content
    assert response["ETag"] != etag


def test_head_answers_without_a_body(client):
    response = client.head("/areas/cornwall/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"]


def test_security_headers_are_sent(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    for directive in ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"]:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_no_page_has_inline_script_or_style(client):
    for url in ["/", "/areas/cornwall/", "/findings/", "/inspections/", "/data/", "/about/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and '<script type="module">' not in html, url
        assert "<style" not in html and ' style="' not in html, url


@override_settings(DJANGO_HTTPS=True, SECURE_HSTS_SECONDS=31_536_000, SECURE_SSL_REDIRECT=True)
def test_behind_https_hsts_is_sent(client):
    response = client.get("/about/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/about/").status_code == 301


def test_an_unreachable_database_is_a_503_with_retry_after(client, monkeypatch):
    from django.db import OperationalError

    def fail(*args, **kwargs):
        raise OperationalError("could not connect to server: timeout expired")

    monkeypatch.setattr("reports.middleware.DataVersion.objects.only", fail)
    response = client.get("/areas/cornwall/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Try again in 30 seconds" in response.content
    assert b"timeout expired" not in response.content


def test_a_bad_host_is_logged_as_one_line(client, caplog):
    from send_inspections.logs import OneLineForExpected

    with caplog.at_level(logging.WARNING):
        response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    records = [r for r in caplog.records if r.name.startswith("django.security")]
    assert records
    line = OneLineForExpected().format(records[0])
    assert "Traceback" not in line and "\n" not in line


def test_a_missing_sqlite_file_is_refused_not_created(tmp_path):
    import sqlite3

    missing = tmp_path / "gone.sqlite3"
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(f"file:{missing}?mode=rw", uri=True)
    assert not missing.exists()


def test_settings_open_sqlite_without_creating_it():
    from django.conf import settings

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SQLITE_CREATE", "DATABASE_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "send_inspections.settings"
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    ).stdout
    assert out.strip().endswith("db.sqlite3?mode=rw")


@pytest.mark.parametrize("https", ["0", "1"])
def test_check_deploy_is_clean_in_the_production_configuration(https):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_HTTPS": https}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
