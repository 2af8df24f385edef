"""A cache that uses Redis while it answers, and this process's memory while it does not.

Redis only makes the service faster and shares rate limits between processes: losing it
must not take a page down. Every operation that Redis fails (refused, reset, or slower
than its socket timeout) is served by a local memory cache instead: a read is a miss or
what this process wrote during the outage, a rate-limit counter counts per process. After
a failure Redis is left alone for RETRY_SECONDS, so that readers do not each pay a timeout,
then tried again: the service picks it up by itself when it comes back.

The state is per process and per Redis address, shared by every thread (Django builds a
cache object per thread). `redis_state()` tells /readyz what the last calls saw.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

RETRY_SECONDS = 3.0
# Logged at ERROR at most this often while Redis stays down: once, not once per request.
LOG_EVERY_SECONDS = 60.0
# A Redis command takes well under a millisecond; one that waits a second is lost.
SOCKET_TIMEOUT = 1.0
CONNECT_TIMEOUT = 0.5


@dataclass
class _Outage:
    down_since: float | None = None
    retry_at: float = 0.0
    logged_at: float = -LOG_EVERY_SECONDS
    last_error: str = ""


_outages: dict[str, _Outage] = {}
_lock = threading.Lock()


def _outage(location: str) -> _Outage:
    with _lock:
        return _outages.setdefault(location, _Outage())


def redis_state() -> dict[str, str] | None:
    """`{"state": "ok"|"degraded", "detail": …}` for the Redis this process uses, or None
    when no Redis is configured. Degraded while the last call failed."""
    if not _outages:
        return None
    down = [outage for outage in _outages.values() if outage.down_since is not None]
    if not down:
        return {"state": "ok", "detail": "Redis répond"}
    seconds = int(time.monotonic() - min(outage.down_since for outage in down))
    return {
        "state": "degraded",
        "detail": (
            f"Redis ne répond pas depuis {seconds} s ({down[0].last_error}) : pages "
            "recalculées, limites de débit comptées par processus"
        ),
    }


def forget_outages() -> None:
    """Tests: start as a new process would."""
    with _lock:
        _outages.clear()


class ResilientRedisCache(BaseCache):
    """Django's Redis cache, falling back on a per-process memory cache when Redis fails."""

    def __init__(self, server, params):
        super().__init__(params)
        self._location = server if isinstance(server, str) else ",".join(server)
        options = {
            "socket_timeout": SOCKET_TIMEOUT,
            "socket_connect_timeout": CONNECT_TIMEOUT,
            # A pooled connection that Redis closed (a restart, a cut) fails once: reconnect
            # and try once more, instead of counting a Redis that is back as still down.
            "retry": Retry(NoBackoff(), 1),
            "retry_on_error": [RedisConnectionError],
            **params.get("OPTIONS", {}),
        }
        shared = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._redis = RedisCache(server, {**shared, "OPTIONS": options})
        fallback_entries = params.get("FALLBACK_MAX_ENTRIES", 10_000)
        self._local = LocMemCache(
            f"fallback:{self._location}:{params.get('KEY_PREFIX', '')}",
            {**shared, "OPTIONS": {"MAX_ENTRIES": fallback_entries}},
        )
        self._outage = _outage(self._location)

    def _call(self, name: str, *args, **kwargs):
        outage = self._outage
        if outage.down_since is None or time.monotonic() >= outage.retry_at:
            try:
                result = getattr(self._redis, name)(*args, **kwargs)
            except RedisError as error:
                self._failed(error)
            else:
                if outage.down_since is not None:
                    self._recovered()
                return result
        return getattr(self._local, name)(*args, **kwargs)

    def _failed(self, error: RedisError) -> None:
        outage = self._outage
        now = time.monotonic()
        if outage.down_since is None:
            outage.down_since = now
        outage.retry_at = now + RETRY_SECONDS
        outage.last_error = error.__class__.__name__
        if now - outage.logged_at >= LOG_EVERY_SECONDS:
            outage.logged_at = now
            logger.error(
                "Redis (%s) ne répond pas (%s) : cache en mémoire de ce processus, limites de "
                "débit et de connexion comptées par processus ; nouvel essai toutes les %d s.",
                self._redis_address(),
                error,
                RETRY_SECONDS,
            )

    def _recovered(self) -> None:
        outage = self._outage
        logger.warning(
            "Redis (%s) répond de nouveau après %d s : cache et limites de nouveau partagés.",
            self._redis_address(),
            time.monotonic() - (outage.down_since or time.monotonic()),
        )
        outage.down_since = None
        outage.logged_at = -LOG_EVERY_SECONDS

    def _redis_address(self) -> str:
        # The address without a password that the URL may hold.
        return self._location.rsplit("@", 1)[-1]

    def ping(self) -> bool:
        """Whether Redis answers (for /readyz); left alone, like any call, for RETRY_SECONDS
        after a failure."""
        outage = self._outage
        if outage.down_since is not None and time.monotonic() < outage.retry_at:
            return False
        try:
            self._redis._cache.get_client(write=True).ping()
        except RedisError as error:
            self._failed(error)
            return False
        if self._outage.down_since is not None:
            self._recovered()
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)
