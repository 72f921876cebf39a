"""PostgreSQL that hangs, and several app servers on one PostgreSQL and one Redis.

PostgreSQL only (the PostgreSQL step of `make test`): a throwaway cluster on a loopback TCP
port (tests/servers.py) that the tests may stop with SIGSTOP.
"""

import signal
import time

import pytest
from django.db import OperationalError, connection, transaction

from tests.servers import AREA_PATH, get, manage, pg_site, start_gunicorn

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: the PostgreSQL step of make test"
)
pytestmark = [postgresql, pytest.mark.django_db]


@pytest.fixture
def deadline():
    """The web processes' client-side deadline, on the test's own connection."""
    connection.ensure_connection()
    previous = connection.connection.deadline

    def set_deadline(seconds):
        connection.connection.deadline = seconds

    yield set_deadline
    if connection.connection is not None:
        connection.connection.deadline = previous


def test_a_statement_the_server_does_not_answer_in_time_is_given_up(deadline):
    deadline(0.5)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="did not answer within 0.5 s"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(3)")
    assert time.monotonic() - started < 1.5
    connection.close()  # it was closed under Django; the next test connects afresh


def test_the_deadline_is_per_fetch_so_a_long_stream_still_completes(deadline):
    deadline(0.5)
    # A server-side cursor, as the streamed exports read: each fetch is quick, all of them
    # together take longer than the deadline.
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute("SELECT n, pg_sleep(0.1) FROM generate_series(1, 8) AS n")
        rows = []
        while batch := cursor.fetchmany(1):
            rows += batch
    assert [row[0] for row in rows] == list(range(1, 9))


def backends(cluster, database: str) -> int:
    return int(
        cluster.psql(
            "postgres",
            "SELECT count(*) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()",
        )
    )


def test_a_hung_database_is_a_503_within_5_seconds_on_a_persistent_connection(
    pg_cluster, servers_dir, static_root
):
    env = pg_site(pg_cluster, "hung", static_root)
    # One thread, so the second request reuses the first one's persistent connection.
    gunicorn = start_gunicorn(servers_dir, env, workers=1, threads=1)
    try:
        assert get(gunicorn.url, AREA_PATH)[0] == 200
        pg_cluster.signal(signal.SIGSTOP)
        try:
            for _ in range(2):  # the persistent connection, then a new one
                started = time.monotonic()
                status, headers, _ = get(gunicorn.url, AREA_PATH, timeout=30)
                assert status == 503
                assert headers["Retry-After"]
                assert time.monotonic() - started < 5
        finally:
            pg_cluster.signal(signal.SIGCONT)
        assert get(gunicorn.url, AREA_PATH)[0] == 200
        # What the client gave up on while the server was stopped does not linger as idle
        # backends: only the app's one connection is left.
        deadline = time.monotonic() + 5
        while backends(pg_cluster, "hung") > 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert backends(pg_cluster, "hung") == 1
    finally:
        gunicorn.stop()


def test_two_app_servers_on_one_database_and_one_redis_agree_after_a_load(
    pg_cluster, servers_dir, static_root, redis_url
):
    env = {**pg_site(pg_cluster, "shared", static_root), "CACHE_URL": redis_url}
    servers = [start_gunicorn(servers_dir, env), start_gunicorn(servers_dir, env)]
    try:
        first = [get(server.url, AREA_PATH) for server in servers]
        assert [status for status, _, _ in first] == [200, 200]
        assert first[0][1]["ETag"] == first[1][1]["ETag"]

        manage(env, "rename", "Kernow")
        manage(env, "record")  # what every loader does last

        after = [get(server.url, AREA_PATH) for server in servers]
        assert [status for status, _, _ in after] == [200, 200]
        assert after[0][1]["ETag"] == after[1][1]["ETag"] != first[0][1]["ETag"]
        assert all(b"Kernow" in body for _, _, body in after)
        # The old ETag is no longer current on either server.
        for server in servers:
            status, _, _ = get(server.url, AREA_PATH, {"If-None-Match": first[0][1]["ETag"]})
            assert status == 200
        # A streamed export, read through a server-side cursor, under the web's limits.
        status, headers, body = get(servers[0].url, "/findings/?format=csv")
        assert status == 200 and headers["Content-Type"].startswith("text/csv") and body
    finally:
        for server in servers:
            server.stop()
