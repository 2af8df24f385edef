"""Redis, which only makes the service faster, going away and coming back."""

import re
import time

import pytest
from django.core.cache import caches
from django.test import Client

from segurfaq.feedback.models import Vote
from segurfaq.inquiries.models import ReaderQuestion
from segurfaq.operations import cache as resilient
from tests.faults.tools import redis_server, tcp_proxy
from tests.server import (
    http_request,
    own_database,
    production_server,
    segurfaq_env,
    vote_as_new_reader,
)

ENTRY = "creer-l-ins-d-un-nouveau-ne"


@pytest.fixture
def redis_behind_proxy(tmp_path, settings, monkeypatch):
    """The production cache settings, on a Redis of the test's own reached through a proxy
    that the test cuts; Redis is tried again 0.2 s after a failure instead of 3 s."""
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.2)
    with redis_server(tmp_path) as port, tcp_proxy(port) as proxy:
        settings.CACHES = {
            alias: {
                "BACKEND": "segurfaq.operations.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{proxy.port}/0",
                "KEY_PREFIX": alias,
            }
            for alias in ("default", "pages")
        }
        resilient.forget_outages()
        yield proxy
        resilient.forget_outages()


def test_a_cache_read_or_write_that_redis_fails_is_a_miss_not_an_error(redis_behind_proxy):
    cache = caches["default"]
    cache.set("kept", "in redis")
    redis_behind_proxy.cut()

    missed = cache.get("kept", "miss")
    cache.set("written", "during the outage")

    assert missed == "miss"
    assert cache.get("written") == "during the outage"  # this process's memory meanwhile
    assert resilient.redis_state()["state"] == "degraded"


def test_the_cache_goes_back_to_redis_by_itself_when_it_answers_again(redis_behind_proxy):
    cache = caches["default"]
    redis_behind_proxy.cut()
    cache.set("shared", "local")
    redis_behind_proxy.restore()
    time.sleep(0.3)

    cache.set("shared", "redis")
    stored = cache._redis.get("shared")

    assert stored == "redis"
    assert resilient.redis_state()["state"] == "ok"


def test_an_outage_is_logged_once_not_at_every_call(redis_behind_proxy, caplog):
    redis_behind_proxy.cut()
    for _ in range(5):
        caches["default"].get("anything")
        time.sleep(0.25)  # past the retry delay: each call tries Redis again

    errors = [r for r in caplog.records if r.name == resilient.__name__ and r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "ne répond pas" in errors[0].getMessage()


def test_readers_votes_pages_and_readyz_keep_working_while_redis_is_cut(
    default_content, redis_behind_proxy
):
    reader = Client()
    redis_behind_proxy.cut()

    responses = {
        "list": reader.get("/"),
        "detail": Client().get(f"/questions/{ENTRY}/"),
        "api": Client().get("/api/v1/entries"),
        "vote": Client(REMOTE_ADDR="192.0.2.8").post(
            f"/api/v1/entries/{ENTRY}/votes", {"value": "yes"}, content_type="application/json"
        ),
        "page vote": reader.post(f"/questions/{ENTRY}/avis/", {"vote": "non"}),
        "question": Client().post(
            "/api/v1/questions",
            {"question": "Une question envoyée pendant la coupure ?"},
            content_type="application/json",
        ),
    }
    ready = Client().get("/readyz")

    assert {name: r.status_code for name, r in responses.items()} == {
        "list": 200,
        "detail": 200,
        "api": 200,
        "vote": 200,
        "page vote": 302,
        "question": 201,
    }
    assert Vote.objects.count() == 2 and ReaderQuestion.objects.count() == 1
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["cache"]["state"] == "degraded"


@pytest.mark.server
def test_under_the_production_server_a_redis_cut_degrades_nothing_and_loses_no_vote(tmp_path):
    with (
        redis_server(tmp_path) as redis_port,
        tcp_proxy(redis_port) as proxy,
        own_database(tmp_path) as database_url,
    ):
        env = segurfaq_env(
            tmp_path,
            database_url,
            REDIS_URL=f"redis://127.0.0.1:{proxy.port}/0",
            SEGURFAQ_TRUSTED_PROXIES="127.0.0.1",
            SEGURFAQ_API_WRITES_PER_MINUTE="6",
        )
        with production_server(env, workers=2) as base:
            up = _the_table(base, reader="198.51.100.1")
            proxy.cut()
            down = _the_table(base, reader="198.51.100.2")
            ready_down = http_request(base, "GET", "/readyz")
            cast_down = [_vote(base, reader=f"198.51.100.{n}") for n in range(10, 30)]
            proxy.restore()
            time.sleep(resilient.RETRY_SECONDS + 0.5)
            ready_up = http_request(base, "GET", "/readyz")
            # Shared again: one reader's writes, spread over both workers, meet one limit.
            _not_at_the_end_of_a_minute()
            limited = [_vote(base, reader="198.51.100.99") for _ in range(8)]
            stored = _stored_votes(env)
        log = (tmp_path / "server.log").read_text()

    expected = {
        "list": 200,
        "detail": 200,
        "api": 200,
        "vote": 200,
        "search": 200,
        "api search": 200,
    }
    assert up == expected
    assert down == expected
    assert ready_down.status == 200
    assert ready_down.json()["cache"]["state"] == "degraded"
    assert ready_up.json()["cache"]["state"] == "ok"
    assert cast_down == [200] * 20
    # Before, during and after the cut: every vote answered 200 is in the database.
    assert stored == 2 + 20 + limited.count(200)
    assert limited == [200] * 6 + [429] * 2
    # One ERROR line per worker for the whole outage, not one per request.
    assert 1 <= len(re.findall(r"ERROR segurfaq\.operations\.cache .*ne répond pas", log)) <= 2


def _vote(base: str, *, reader: str) -> int:
    return vote_as_new_reader(base, ENTRY, headers={"X-Forwarded-For": reader})


def _the_table(base: str, *, reader: str) -> dict[str, int]:
    """The requests of the issue's table, each timed out at 10 s."""
    get = {
        "list": "/",
        "detail": f"/questions/{ENTRY}/",
        "api": "/api/v1/entries",
        "search": "/?q=INS+nouveau-ne",
        "api search": "/api/v1/search?q=INS",
    }
    table = {name: http_request(base, "GET", path, timeout=10).status for name, path in get.items()}
    table["vote"] = _vote(base, reader=reader)
    return {name: table[name] for name in ("list", "detail", "api", "vote", "search", "api search")}


def _not_at_the_end_of_a_minute() -> None:
    # Limits count per fixed minute: eight writes must not straddle two.
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)


def _stored_votes(env: dict) -> int:
    from tests.server import fingerprint

    return fingerprint(env)["feedback_vote"][0]
