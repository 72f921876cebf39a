"""A SQLite file truncated and restored under a running server: 503 while it is broken, the
site back within 5 s of its restoration (persistent connections included)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

GUNICORN = Path(sys.executable).parent / "gunicorn"


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served_sqlite(tmp_path):
    """One gunicorn sync worker (one persistent connection) on a freshly migrated file."""
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",  # no compressed static manifest needed
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": "test-only",
        "CACHE_URL": "dummy://",
    }
    setup = (
        "import django; django.setup(); "
        "from reports.models import DataVersion; DataVersion.record()"
    )
    for command in (
        [sys.executable, "manage.py", "migrate", "-v0"],
        [sys.executable, "-c", setup],
    ):
        subprocess.run(
            command,
            env={
                **env,
                "DJANGO_SQLITE_CREATE": "1",
                "DJANGO_SETTINGS_MODULE": "send_inspections.settings",
            },
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
        )
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "--workers", "1", "--bind", f"127.0.0.1:{port}", "send_inspections.wsgi"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/glossary/"
    try:
        for _ in range(100):
            try:
                if status_of(url) == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield database, url
    finally:
        server.terminate()
        server.wait(10)


def test_a_truncated_and_restored_sqlite_file_recovers_within_five_seconds(served_sqlite):
    database, url = served_sqlite
    assert status_of(url) == 200
    data = database.read_bytes()
    database.write_bytes(b"")  # truncated under the running worker
    assert status_of(url) == 503
    assert status_of(url) == 503
    database.write_bytes(data)
    restored = time.monotonic()
    while status_of(url) != 200:
        assert time.monotonic() - restored < 5, "still failing 5 s after the file came back"
        time.sleep(0.2)
