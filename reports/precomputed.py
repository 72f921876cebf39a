"""What pages compute over all of England, once per data version in each process.

Every area page shows its region's and England's shares of outcomes and its nearest neighbours,
the compare page the national picture and the map, the overview all of them: each a pass over
every area of England, the same for every page until the data changes. So they are computed once
per data version and kept in the process, keyed by the version the page cache middleware read
for the request (`for_request`). Outside a request (a command, a test calling a selector) nothing
is kept: the value is computed afresh, so a caller never sees data older than the database's.
settings.KEEP_PRECOMPUTED off (the tests, which change data without a new version) keeps nothing.

Only values the callers treat as read-only belong here (frozen dataclasses, tuples, counts).
"""

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")

_version: ContextVar[str | None] = ContextVar("data_version", default=None)
_lock = threading.Lock()
_kept: dict[str, dict] = {}  # data version -> {name: value}; only the newest version is kept


def version_key(version) -> str:
    """What values are kept under for a DataVersion row: its content hash, and its row, since
    the same content loaded again after a change is a new row with the old hash."""
    return f"{version.pk}:{version.version}"


@contextmanager
def for_request(version: str | None) -> Iterator[None]:
    """While a request is handled: values computed for `version` are kept and shared."""
    token = _version.set(version)
    try:
        yield
    finally:
        _version.reset(token)


def once_per_version(compute: Callable[[], T]) -> Callable[[], T]:
    """`compute()` once per data version (and process); afresh outside a request."""
    name = f"{compute.__module__}.{compute.__qualname__}"

    @functools.wraps(compute)
    def kept() -> T:
        version = _version.get()
        if version is None or not settings.KEEP_PRECOMPUTED:
            return compute()
        values = _kept.get(version)
        if values is not None and name in values:
            return values[name]
        value = compute()
        with _lock:
            if version not in _kept:
                # A new version: what was kept for the old one is never asked for again.
                _kept.clear()
                _kept[version] = {}
            _kept[version][name] = value
        return value

    return kept
