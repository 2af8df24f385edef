"""Rate limits on the public doors: fixed windows counted in Django's cache.

Each limit is declared once, as a `Limit` next to the use case it guards, and hit where the
use case starts, before any expensive work. Counting is atomic: a request first adds one to
each of its counters (INCR in Redis, under a lock in process memory), then is refused if one
went past the limit, so that simultaneous requests cannot all pass a check made before any
of them counted. A refused request counts too.

The cache is Redis when REDIS_URL is set (shared by every worker and instance), process
memory otherwise. Clients are hashed with the secret key: the cache never holds an address
in clear. Clients are what `operations.client_address.client_network` gives (an IPv6
address counts as its /64), or a reader's keyed visitor hash.
"""

import time
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.core.cache import cache

from segurfaq.operations.keyed import keyed_hash

UNKNOWN = "(adresse inconnue)"


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


@dataclass(frozen=True)
class Limit:
    """At most `setting` (a number of requests, read from the settings) times `factor` per
    client and window of `seconds`."""

    scope: str
    setting: str
    seconds: int
    factor: int = 1
    # What the limit guards, in French, for docs/security.md and the operators.
    guards: str = ""

    declared: ClassVar[list["Limit"]] = []

    def __post_init__(self):
        Limit.declared.append(self)

    @property
    def allowed(self) -> int:
        return getattr(settings, self.setting) * self.factor

    def hit(self, *clients: str | None) -> None:
        """Count one request of each client; RateLimited if one went past the limit."""
        retry_after = self._over(clients)
        if retry_after is not None:
            raise RateLimited(retry_after=retry_after)

    def admits(self, *clients: str | None) -> bool:
        """Count one request of each client; False if one went past the limit (for what is
        skipped rather than refused)."""
        return self._over(clients) is None

    def _over(self, clients) -> int | None:
        if not settings.SEGURFAQ_RATE_LIMITS:
            return None
        now = time.time()
        slot = int(now // self.seconds)
        retry_after = int((slot + 1) * self.seconds - now) + 1
        over = False
        # None: no such client (a reader without a session); "": an address nobody could
        # read (a proxy on a Unix socket), which is still one client, not a way around.
        for client in dict.fromkeys(c or UNKNOWN for c in clients if c is not None):
            digest = keyed_hash("ratelimit", self.scope, client)
            key = f"ratelimit:{self.scope}:{digest}:{slot}"
            over |= _counted(key, self.seconds) > self.allowed
        return retry_after if over else None


def _counted(key: str, seconds: int) -> int:
    """Add one to the counter and return its new value, in one operation of the cache."""
    cache.add(key, 0, seconds + 5)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, seconds + 5)
        return 1
