"""gunicorn as `make serve` runs it (send_inspections/gunicorn.py), against slow clients."""

import contextlib
import socket
import threading
import time

import pytest

from tests.servers import AREA_PATH, get, start_gunicorn

SLOW_CLIENTS = 50


@contextlib.contextmanager
def slow_clients(port: int, count: int = SLOW_CLIENTS):
    """`count` connections that send their request headers a few bytes at a time, never ending."""
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
    stop = threading.Event()

    def trickle():
        for sock in sockets:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(0.2):
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)  # every connection has sent its first bytes
        yield
    finally:
        stop.set()
        thread.join()
        for sock in sockets:
            sock.close()


@pytest.fixture
def gunicorn(servers_dir, sqlite_site):
    # One worker with the default four threads: far fewer than the slow clients.
    server = start_gunicorn(servers_dir, sqlite_site, workers=1)
    get(server.url, AREA_PATH)  # the first page of a process builds its templates
    yield server
    server.stop()


def test_fifty_slow_clients_leave_gunicorn_answering(gunicorn):
    with slow_clients(gunicorn.port):
        for _ in range(3):
            started = time.monotonic()
            status, _, body = get(gunicorn.url, AREA_PATH, timeout=5)
            assert status == 200 and b"Cornwall" in body
            assert time.monotonic() - started < 1


def test_headers_that_never_end_are_cut_off(servers_dir, sqlite_site):
    env = {**sqlite_site, "GUNICORN_HEADER_TIMEOUT": "2"}
    server = start_gunicorn(servers_dir, env, workers=1)
    try:
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(b"GET / HTTP/1.1\r\n")
        sock.settimeout(10)
        started = time.monotonic()
        # Closed with nothing sent, once HEADER_TIMEOUT has passed (checked every second).
        assert sock.recv(100) == b""
        assert 1.5 < time.monotonic() - started < 4.5
        sock.close()
    finally:
        server.stop()


def test_a_request_sent_in_pieces_is_answered(gunicorn):
    sock = socket.create_connection(("127.0.0.1", gunicorn.port))
    pieces = (b"GET /areas/cornwall/ HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"Connection: close")
    for piece in pieces:
        sock.sendall(piece)
        time.sleep(0.1)
    sock.sendall(b"\r\n\r\n")
    sock.settimeout(5)
    response = b""
    while chunk := sock.recv(65536):
        response += chunk
    sock.close()
    assert response.startswith(b"HTTP/1.1 200 ")
    assert b"Cornwall" in response


def test_a_kept_alive_connection_serves_several_requests(gunicorn):
    sock = socket.create_connection(("127.0.0.1", gunicorn.port))
    sock.settimeout(5)
    for _ in range(2):
        sock.sendall(b"HEAD /areas/cornwall/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(65536)
        assert head.startswith(b"HTTP/1.1 200 ")
    sock.close()
