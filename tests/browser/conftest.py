"""A real server (DEBUG off, collected static files, the sample site) and a real Chromium."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(home: Path, build: list[list[str]]):
    """Runs `manage.py runserver` on a database of its own, built by the `build` commands, with its
    bounded pages baked as the public gets them; yields its address."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "browser-tests-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{home / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(home / "static"),
        "CACHE_URL": "locmem://",
        "DJANGO_BAKED_ROOT": str(home / "baked"),
        "DJANGO_BAKE_HOST": f"127.0.0.1:{port}",
    }
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    for command in [["migrate", "--noinput", "-v0"], *build]:
        subprocess.run(
            [*manage, *command],
            env={**env, "DJANGO_SQLITE_CREATE": "1"},
            check=True,
            capture_output=True,
        )
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    # After collectstatic: the baked pages name the hashed static files.
    subprocess.run([*manage, "bake", "-v0"], env=env, check=True)
    log = (home / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        raise RuntimeError(f"The server did not start; see {home / 'server.log'}")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """The site served by `manage.py runserver` as a separate process, with the sample site
    (tests/sample_site.py) in a database of its own, built there with the factories."""
    build = "from tests.sample_site import build; build()"
    yield from _serve(tmp_path_factory.mktemp("site"), [["shell", "-v0", "-c", build]])


@pytest.fixture(scope="session")
def shipped_site_url(tmp_path_factory):
    """The site with the data the project ships (`manage.py load_data`, about 5 s), for the
    measures that only mean something on every real area."""
    yield from _serve(tmp_path_factory.mktemp("shipped"), [["load_data", "--no-bake", "-v0"]])


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # The site's CSP forbids inline script; the axe audit is injected, so the test bypasses it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def screenshots_dir():
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
