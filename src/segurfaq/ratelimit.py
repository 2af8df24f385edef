"""Fixed-window rate limits on public writes, kept in Django's cache.

The cache is Redis when REDIS_URL is set (shared by every worker), process memory otherwise.
Clients are hashed with the secret key: the cache never holds an address in clear.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


def _key(scope: str, client: str, window: int) -> tuple[str, int]:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{client}".encode()).hexdigest()
    slot = int(time.time() // window)
    retry_after = int((slot + 1) * window - time.time()) + 1
    return f"ratelimit:{scope}:{digest[:32]}:{slot}", retry_after


def check(*, scope: str, clients: list[str], limit: int, window: int) -> None:
    """Raise RateLimited if any client already made `limit` writes in this window."""
    for client in clients:
        if not client:
            continue
        key, retry_after = _key(scope, client, window)
        if (cache.get(key) or 0) >= limit:
            raise RateLimited(retry_after=retry_after)


def count(*, scope: str, clients: list[str], window: int) -> None:
    for client in clients:
        if not client:
            continue
        key, _ = _key(scope, client, window)
        cache.add(key, 0, window + 5)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window + 5)


def hit(*, scope: str, clients: list[str], limit: int, window: int) -> None:
    """Check then count one write."""
    check(scope=scope, clients=clients, limit=limit, window=window)
    count(scope=scope, clients=clients, window=window)
