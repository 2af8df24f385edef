"""PostgreSQL going away under the production server, and coming back."""

import threading
import time

import pytest

from tests.faults.tools import database_behind_proxy, postgres_only
from tests.server import (
    fingerprint,
    http_request,
    production_server,
    segurfaq_env,
    vote_as_new_reader,
)

pytestmark = [
    pytest.mark.server,
    postgres_only,
]
ENTRY = "creer-l-ins-d-un-nouveau-ne"


def test_a_database_cut_gives_a_quick_503_and_the_service_recovers_alone(tmp_path):
    answered: list[int] = []
    stop = threading.Event()

    def voter(base):
        while not stop.is_set():
            answered.append(vote_as_new_reader(base, ENTRY, timeout=30))
            time.sleep(0.02)

    with database_behind_proxy(tmp_path) as (database_url, proxied_url, proxy):
        env = segurfaq_env(
            tmp_path,
            proxied_url,
            SEGURFAQ_RATE_LIMITS="off",
        )
        with production_server(env, workers=2) as base:
            voters = [threading.Thread(target=voter, args=(base,)) for _ in range(4)]
            for thread in voters:
                thread.start()
            time.sleep(1)
            proxy.cut()
            time.sleep(0.3)
            during = {
                "page": http_request(base, "GET", "/", timeout=30),
                "detail": http_request(base, "GET", f"/questions/{ENTRY}/", timeout=30),
                "api": http_request(base, "GET", "/api/v1/entries", timeout=30),
                "vote": http_request(
                    base,
                    "POST",
                    f"/api/v1/entries/{ENTRY}/votes",
                    payload={"value": "no"},
                    timeout=30,
                ),
                "readyz": http_request(base, "GET", "/readyz", timeout=30),
            }
            time.sleep(2)
            proxy.restore()
            back_at = time.monotonic()
            while http_request(base, "GET", "/", timeout=30).status != 200:
                assert time.monotonic() - back_at < 10, "not recovered 10 s after the return"
                time.sleep(0.2)
            recovered_in = time.monotonic() - back_at
            time.sleep(1)
            stop.set()
            for thread in voters:
                thread.join()
            ready = http_request(base, "GET", "/readyz")
        stored = fingerprint(segurfaq_env(tmp_path, database_url))["feedback_vote"][0]

    for name, reply in during.items():
        assert reply.status == 503, name
        assert reply.seconds < 5, name
        assert reply.headers["Retry-After"], name
    assert "Service momentanément indisponible" in during["page"].text
    assert during["api"].json()["error"]["code"] == "unavailable"
    assert during["vote"].json()["error"]["code"] == "unavailable"
    assert during["readyz"].json()["database"]["state"] == "down"
    assert recovered_in < 10
    assert ready.status == 200 and ready.json()["status"] == "ok"
    # Every vote answered 200 is stored; one cut between its commit and its answer may be
    # stored without having been acknowledged (the reader sees a 503 and may vote again).
    acknowledged = answered.count(200)
    assert acknowledged > 20 and answered.count(503) > 0
    assert acknowledged <= stored <= acknowledged + 4
    assert set(answered) <= {200, 503}
