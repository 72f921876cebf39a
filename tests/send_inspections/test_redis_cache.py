"""Redis as the shared page cache, against a real redis-server (tests/servers.py)."""

import logging
import signal
import time

import pytest
import redis

from reports.models import DataVersion
from send_inspections.settings import Env
from tests.factories import AreaFactory
from tests.servers import AREA_PATH, get, manage, start_gunicorn, start_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def use_redis(settings):
    """Point the page cache at a Redis URL, as CACHE_URL does."""

    def use(url):
        settings.CACHES = {"default": Env.cache_url_config(url)}

    return use


def page_keys(url: str) -> list[bytes]:
    client = redis.Redis.from_url(url)
    try:
        return client.keys("*page:*")
    finally:
        client.close()


def test_a_page_is_stored_in_redis_and_served_from_it(client, redis_url, use_redis):
    use_redis(redis_url)
    area = AreaFactory(name="Cornwall", slug="cornwall")
    DataVersion.record()
    assert "Cornwall" in client.get(AREA_PATH).text
    assert len(page_keys(redis_url)) == 1

    # Changed without a new data version: the copy in Redis is what is served...
    type(area).objects.filter(pk=area.pk).update(name="Kernow")
    assert "Kernow" not in client.get(AREA_PATH).text
    # ...until Redis no longer holds it.
    redis.Redis.from_url(redis_url).flushall()
    assert "Kernow" in client.get(AREA_PATH).text


def test_two_app_servers_share_the_pages_in_redis(servers_dir, sqlite_site, redis_url):
    env = {**sqlite_site, "CACHE_URL": redis_url}
    manage(env, "rename", "Cornwall")
    first, second = start_gunicorn(servers_dir, env), start_gunicorn(servers_dir, env)
    try:
        status, _, body = get(first.url, AREA_PATH)
        assert status == 200 and b"Cornwall" in body
        # The database now says otherwise (no new data version), so a page the second server
        # rendered itself would say Kernow: it serves the first server's copy from Redis.
        manage(env, "rename", "Kernow")
        status, _, body = get(second.url, AREA_PATH)
        assert status == 200 and b"Cornwall" in body and b"Kernow" not in body
    finally:
        first.stop()
        second.stop()
        manage(env, "rename", "Cornwall")


@pytest.mark.parametrize("fault", ["stopped", "gone"])
def test_pages_are_still_served_when_redis_fails(
    client, use_redis, servers_dir, caplog, fault, tmp_path
):
    server = start_redis(tmp_path)
    try:
        use_redis(f"redis://127.0.0.1:{server.port}/0")
        AreaFactory(name="Cornwall", slug="cornwall")
        DataVersion.record()
        assert client.get(AREA_PATH).status_code == 200
        if fault == "stopped":  # hangs: its kernel accepts and acknowledges, nothing answers
            server.process.send_signal(signal.SIGSTOP)
        else:  # refuses connections
            server.stop()
        caplog.set_level(logging.WARNING, logger="send_inspections.cache")
        started = time.monotonic()
        for _ in range(3):
            response = client.get(AREA_PATH)
            assert response.status_code == 200
            assert "Cornwall" in response.text
        assert time.monotonic() - started < 2
        warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
        assert len(warnings) == 1
    finally:
        server.stop()


def test_pages_are_cached_again_once_redis_answers(
    client, use_redis, caplog, tmp_path, monkeypatch
):
    monkeypatch.setattr("send_inspections.cache.RETRY_AFTER_SECONDS", 0.2)
    server = start_redis(tmp_path)
    url = f"redis://127.0.0.1:{server.port}/0"
    try:
        use_redis(url)
        AreaFactory(name="Cornwall", slug="cornwall")
        DataVersion.record()
        server.process.send_signal(signal.SIGSTOP)
        assert client.get(AREA_PATH).status_code == 200
        server.process.send_signal(signal.SIGCONT)
        time.sleep(0.3)
        caplog.set_level(logging.WARNING, logger="send_inspections.cache")
        assert client.get(AREA_PATH).status_code == 200
        assert len(page_keys(url)) == 1
        assert any("answers again" in r.getMessage() for r in caplog.records)
    finally:
        server.stop()
