"""Redis as the shared page cache, such that a Redis that is down never takes the site down."""

import logging
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# A cached page costs Redis well under a millisecond, so one that takes longer than this is
# unwell and rendering the page is the faster answer. No retries: redis-py retries three
# times by default, which would quadruple the wait.
SOCKET_OPTIONS = {
    "socket_connect_timeout": 0.25,
    "socket_timeout": 0.25,
    "retry": Retry(NoBackoff(), 0),
}
# After a failure the cache is left alone for this long, so a Redis that hangs costs one
# request its timeout every few seconds rather than every request.
RETRY_AFTER_SECONDS = 5.0

# What each operation answers while Redis is unavailable: a miss, or "done". `add` says it
# stored the key, so code that takes a lock with it goes on to render rather than wait.
FALLBACKS = {
    "get": None,
    "get_many": {},
    "has_key": False,
    "add": True,
    "set": None,
    "set_many": [],
    "touch": False,
    "delete": False,
    "delete_many": None,
    "incr": None,
    "clear": None,
}


class Health:
    """Whether a Redis is known to be down, shared by the threads of a process (Django makes
    one cache object per thread), so an outage is logged once per process, not per thread."""

    def __init__(self):
        self.down = False
        self.retry_at = 0.0


HEALTH: dict[str, Health] = {}


class RedisCache(DjangoRedisCache):
    """Django's RedisCache, with short timeouts, and failures answered as cache misses.

    The first failure is logged once as a warning (and the recovery once); until Redis answers
    again every page is rendered, as if nothing were cached.
    """

    def __init__(self, server, params):
        options = {**SOCKET_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._health = HEALTH.setdefault(",".join(self._servers), Health())

    def _guarded(self, name, *args, **kwargs):
        fallback = FALLBACKS[name]
        if name == "get":
            fallback = kwargs.get("default", args[1] if len(args) > 1 else None)
        health = self._health
        if health.down and time.monotonic() < health.retry_at:
            return fallback
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            if not health.down:
                logger.warning(
                    "The page cache (Redis at %s) is unavailable, so pages are rendered "
                    "until it answers again: %s",
                    ", ".join(self._servers),
                    error,
                )
            health.down = True
            health.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            return fallback
        if health.down:
            logger.warning("The page cache (Redis at %s) answers again.", ", ".join(self._servers))
            health.down = False
        return result

    def get(self, *args, **kwargs):
        return self._guarded("get", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._guarded("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._guarded("has_key", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._guarded("add", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._guarded("set", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._guarded("set_many", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guarded("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded("delete", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded("delete_many", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._guarded("incr", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._guarded("clear", *args, **kwargs)
