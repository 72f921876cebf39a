"""Django's PostgreSQL backend, with a client-side deadline on every round trip.

A server stopped with SIGSTOP (or wedged) still has a kernel that accepts and acknowledges
every packet, so neither statement_timeout (the server's own clock is stopped), TCP keepalives
nor tcp_user_timeout ever fire, and a request on a persistent connection waits until gunicorn
kills the worker. psycopg waits for every statement, fetch, commit and rollback in
`Connection.wait`; here that wait has a deadline, after which the connection is closed and
psycopg's OperationalError becomes the 503 page. The deadline is per round trip, not per
request, so a streamed export that fetches from a server-side cursor for minutes is unaffected.
"""

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base

# A health check (SELECT 1 before reusing a persistent connection) answers in milliseconds
# from a live server; waiting longer would only add to the time before the 503.
HEALTH_CHECK_SECONDS = 0.5


class DeadlineConnection(psycopg.Connection):
    deadline: float | None = None

    def wait(self, gen, interval=None, timeout=None):
        options = {} if interval is None else {"interval": interval}
        if self.deadline is None or (timeout is not None and timeout <= self.deadline):
            # psycopg's own limit, for psycopg to handle (it passes one when cancelling).
            return super().wait(gen, timeout=timeout, **options)
        try:
            return super().wait(gen, timeout=self.deadline, **options)
        except psycopg.errors._WaitTimeout:  # what psycopg 3.2+ raises when `timeout` runs out
            # The connection is mid-exchange and can never be used again: close it now, so
            # Django's end-of-request check discards it without another round trip.
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"the database did not answer within {self.deadline:g} s; connection closed"
            ) from None


class _Psycopg:
    """The psycopg module as Django's backend uses it, connecting with DeadlineConnection."""

    connect = DeadlineConnection.connect

    def __getattr__(self, name):
        return getattr(psycopg, name)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg()

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        connection.deadline = settings.DATABASE_DEADLINE
        return connection

    def is_usable(self):
        if self.connection is None:
            return False
        deadline = self.connection.deadline
        if deadline is not None:
            self.connection.deadline = min(deadline, HEALTH_CHECK_SECONDS)
        try:
            return super().is_usable()
        finally:
            self.connection.deadline = deadline
