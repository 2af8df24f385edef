"""What /readyz reports: each dependency's state, and whether this instance can serve.

- database: `ok` or `down`; down, the instance cannot serve (503);
- engine: `ok` with its entry count, or `down` (503): the answer engine is the service;
- cache: `ok`, or `degraded` when Redis does not answer: pages are computed and limits
  counted per process, the instance still serves (200);
- others the caller passes in (mail: messages to readers that fail or wait): `ok` or
  `degraded`, never a reason to stop serving.

A dependency that fails is logged at ERROR once a minute, not at every probe.
"""

import logging
import time
from collections.abc import Callable

from django.core.cache import caches
from django.db import DatabaseError, connection

from segurfaq.operations.cache import ResilientRedisCache, redis_state

OK, DEGRADED, DOWN = "ok", "degraded", "down"
CACHE_ALIASES = ("default", "pages")
LOG_EVERY_SECONDS = 60.0

logger = logging.getLogger(__name__)
_logged_at: dict[str, float] = {}


def readiness(
    *, engine_size: Callable[[], int], others: dict[str, Callable[[], dict]] | None = None
) -> dict:
    """`engine_size` builds (or finds) the answer engine and returns its entry count;
    `others` gives the state of dependencies that can only degrade the service."""
    database = _database()
    if database["state"] == OK:
        engine = _engine(engine_size)
    else:
        engine = {"state": DOWN, "detail": "pas de base de données, pas de réponses"}
    cache = _cache()
    report = {"database": database, "cache": cache, "engine": engine}
    for name, state in (others or {}).items():
        report[name] = _other(name, state) if database["state"] == OK else {"state": DEGRADED}
    states = {part["state"] for part in report.values()}
    status = DOWN if DOWN in states else DEGRADED if DEGRADED in states else OK
    return {"status": status, **report}


def _other(name: str, state: Callable[[], dict]) -> dict:
    try:
        found = state()
    except Exception as error:
        _log(name, "%s : état inconnu : %r", name, error)
        return {"state": DEGRADED, "detail": error.__class__.__name__}
    if found["state"] != OK:
        _log(name, "%s : %s", name, found.get("detail", found["state"]))
    return {**found, "state": DEGRADED if found["state"] != OK else OK}


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        _log("database", "base de données injoignable : %s", error)
        return {"state": DOWN, "detail": error.__class__.__name__}
    return {"state": OK, "vendor": connection.vendor}


def _engine(engine_size: Callable[[], int]) -> dict:
    try:
        entries = engine_size()
    except Exception as error:
        _log("engine", "moteur de réponses indisponible : %r", error)
        return {"state": DOWN, "detail": error.__class__.__name__}
    return {"state": OK, "entries": entries}


def _cache() -> dict:
    backends = [caches[alias] for alias in CACHE_ALIASES]
    redis = [backend for backend in backends if isinstance(backend, ResilientRedisCache)]
    if not redis:
        return {"state": OK, "detail": "mémoire de chaque processus (pas de REDIS_URL)"}
    answered = all([backend.ping() for backend in redis])
    state = redis_state() or {"state": OK}
    if not answered:
        # Logged by the cache itself, once a minute.
        return {**state, "state": DEGRADED}
    return state


def forget_logged_failures() -> None:
    """Log the next failure of each dependency at once, as a new process would."""
    _logged_at.clear()


def _log(dependency: str, message: str, *args) -> None:
    now = time.monotonic()
    if now - _logged_at.get(dependency, -LOG_EVERY_SECONDS) >= LOG_EVERY_SECONDS:
        _logged_at[dependency] = now
        logger.error("/readyz : " + message, *args)
