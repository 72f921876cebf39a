"""gunicorn settings for `make serve`; each can be overridden with GUNICORN_* variables.

Slow clients. A sync worker reads a request's headers before anything else and waits as long
as the client takes, so five connections trickling their headers held all five workers and the
site stopped answering. gunicorn's threaded workers (gthread) keep idle and kept-alive
connections in a poller, but still give a thread to a connection as soon as its first byte
arrives, and that thread then waits for the rest: 50 slow connections would hold every thread.
HeaderWaitingWorker below reads the headers in the poller, without a thread, and hands a
connection to a thread only once its headers are complete; headers not complete within
HEADER_TIMEOUT seconds close the connection (nginx's client_header_timeout does the same in
front, see deploy/nginx.conf.template).
"""

import multiprocessing
import os
import selectors
import socket
import time
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import ThreadWorker

HEADER_TIMEOUT = float(os.environ.get("GUNICORN_HEADER_TIMEOUT", "10"))
# Past this many bytes without the blank line that ends them, the headers go to gunicorn's
# parser, which refuses them by its own limits (limit_request_line, limit_request_fields, ...).
HEADER_BYTES = 65_536


class HeaderWaitingWorker(ThreadWorker):
    """gthread, with a connection given a thread only once its request headers have arrived."""

    def init_process(self):
        self.header_conns = set()
        super().init_process()

    def enqueue_req(self, conn):
        # Called on the main thread for a new connection, or for a kept-alive one that became
        # readable. HTTPS is left to gthread: its bytes are not readable before the handshake.
        read_ahead = conn.parser is not None and conn.parser.unreader.buf.getvalue()
        if self.cfg.is_ssl or read_ahead or getattr(conn, "headers_in", False):
            conn.headers_in = False
            return super().enqueue_req(conn)
        conn.header_bytes = b""
        conn.header_deadline = time.monotonic() + HEADER_TIMEOUT
        self._read_headers(conn)

    def _read_headers(self, conn, _sock=None):
        if conn in self.header_conns:
            self.header_conns.discard(conn)
            self.poller.unregister(conn.sock)
        try:
            chunk = conn.sock.recv(HEADER_BYTES)
        except (BlockingIOError, InterruptedError):
            chunk = None
        except OSError:
            chunk = b""
        if chunk is not None:
            conn.header_bytes += chunk
        buffered = conn.header_bytes
        if chunk == b"" or b"\r\n\r\n" in buffered or b"\n\n" in buffered:
            return self._dispatch(conn)
        if len(buffered) >= HEADER_BYTES:
            return self._dispatch(conn)
        self.header_conns.add(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._read_headers, conn))

    def _dispatch(self, conn):
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(conn.header_bytes)
        conn.header_bytes = b""
        conn.data_ready = True  # no wait for a first byte in the thread: it is here
        conn.headers_in = True
        self.enqueue_req(conn)

    def murder_pending(self):
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self.header_conns if c.header_deadline <= now]:
            self.header_conns.discard(conn)
            try:
                self.poller.unregister(conn.sock)
            except (OSError, KeyError, ValueError):
                pass
            self.nr_conns -= 1
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = HeaderWaitingWorker
# Two processes per core, plus one, each with a few threads: a thread waiting on the database
# or on a client reading a long download leaves the others free. Each thread keeps its own
# database connection (CONN_MAX_AGE), so workers × threads must fit PostgreSQL's
# max_connections.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A hung database fails within seconds (settings.DATABASE_TIMEOUT); this limit is for the
# streamed CSV of every finding, which at 20x the national data takes over a minute.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "180"))
graceful_timeout = 10
# A worker is replaced after this many requests, as a guard against slow growth in memory; a
# new worker imports Django and warms again (post_worker_init, seconds at 20x the data), and at
# a few thousand requests a second 5,000 replaced one every few seconds (docs/performance.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Before a worker's first request: what pages compute over all of England, kept per data
    version (reports/selectors/warm.py). A database that cannot be reached leaves it to the
    first request, which then gets the 503 page or computes it."""
    from django.apps import apps

    if not apps.ready:  # an application other than the site (the benchmark's static floor)
        return
    from django.db import DatabaseError, connections

    from reports.selectors.warm import warm

    try:
        warm()
    except DatabaseError as error:
        worker.log.warning("Nothing computed before the first request: %s", error)
    finally:
        connections.close_all()  # this thread serves no request
