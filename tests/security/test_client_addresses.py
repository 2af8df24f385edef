"""Point 10: one IPv6 /64 is one client for every limit, and simultaneous requests cannot
slip past a limit between its check and its count."""

import threading
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client, override_settings


@override_settings(SEGURFAQ_SEARCHES_PER_MINUTE=4)
def test_the_addresses_of_one_ipv6_64_share_one_limit(small_corpus, one_rate_window):
    statuses = [
        Client(REMOTE_ADDR=f"2001:db8:5:7::{n:x}").get("/api/v1/search?q=INS").status_code
        for n in range(1, 7)
    ]

    assert statuses == [200, 200, 200, 200, 429, 429]
    other_network = Client(REMOTE_ADDR="2001:db8:5:8::1").get("/api/v1/search?q=INS")
    assert other_network.status_code == 200


class SlowLocMemCache(LocMemCache):
    """A cache across a network: each read takes a few milliseconds, as Redis under load."""

    def get(self, *args, **kwargs):
        time.sleep(0.02)
        return super().get(*args, **kwargs)


SLOW_CACHES = {
    "default": {"BACKEND": f"{__name__}.SlowLocMemCache", "LOCATION": "slow"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
}


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=SLOW_CACHES, SEGURFAQ_SEARCHES_PER_MINUTE=3)
def test_simultaneous_requests_cannot_pass_a_limit_together(small_corpus, one_rate_window):
    start = threading.Barrier(12)
    statuses = []

    def search() -> None:
        client = Client()
        start.wait()
        statuses.append(client.get("/api/v1/search", {"q": "solde du financement"}).status_code)

    threads = [threading.Thread(target=search) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Read then counted, the twelve would all have found the count at zero.
    assert sorted(statuses) == [200] * 3 + [429] * 9
