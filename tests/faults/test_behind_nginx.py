"""Behind a real nginx, each reader is one reader: limits count the address nginx saw,
and a client that writes its own X-Forwarded-For cannot escape its limit."""

import uuid

import pytest

from tests.faults.tools import nginx, redis_server
from tests.server import Browser, http_request, own_database, production_server, segurfaq_env

pytestmark = pytest.mark.server
READERS = [f"127.0.0.{n}" for n in range(2, 22)]


def _question(base: str, source: str, headers: dict | None = None) -> int:
    return http_request(
        base,
        "POST",
        "/api/v1/questions",
        payload={"question": f"Ma question de lecteur {uuid.uuid4().hex[:8]} ?"},
        source=source,
        headers=headers,
    ).status


def _failed_login(base: str, source: str, username: str) -> str:
    reply = Browser(base, source=source).log_in(username, "pas le bon mot de passe")
    assert reply.status == 200
    return reply.text


def test_twenty_readers_behind_nginx_are_twenty_readers_and_only_the_abuser_is_refused(
    tmp_path,
):
    with redis_server(tmp_path) as redis_port, own_database(tmp_path) as database_url:
        env = segurfaq_env(
            tmp_path,
            database_url,
            # As in production: the limits of every worker meet in one Redis.
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            SEGURFAQ_TRUSTED_PROXIES="127.0.0.1",
            SECURE_COOKIES="false",
        )
        with (
            production_server(env, workers=2) as direct,
            nginx(tmp_path / "nginx", int(direct.rsplit(":", 1)[1])) as port,
        ):
            proxied = f"http://127.0.0.1:{port}"
            questions = [_question(proxied, reader) for reader in READERS]
            logins = [
                _failed_login(proxied, reader, f"redac{n}") for n, reader in enumerate(READERS)
            ]
            # One reader asks again and again: five an hour, then refused, alone.
            abuser = [_question(proxied, "127.0.0.30") for _ in range(6)]
            neighbour = _question(proxied, "127.0.0.31")
            # Through nginx, an address written by the client is left of the one nginx saw.
            forged_through_proxy = [
                _question(proxied, "127.0.0.30", {"X-Forwarded-For": f"203.0.113.{n}"})
                for n in range(2)
            ]
            # Straight to the service from an address that is not the proxy: header ignored.
            forged_direct = [
                _question(direct, "127.0.0.40", {"X-Forwarded-For": f"198.51.100.{n}"})
                for n in range(6)
            ]
            # Logins: five failures for one user name make that address wait, not the others.
            locked = [_failed_login(proxied, "127.0.0.50", "autre") for _ in range(6)]
            other = _failed_login(proxied, "127.0.0.51", "autre")
            request_id = http_request(proxied, "GET", "/healthz").headers["X-Request-ID"]

    assert questions == [201] * 20
    throttled = "Trop de tentatives de connexion échouées"
    assert not any(throttled in page for page in logins)
    assert abuser == [201] * 5 + [429]
    assert neighbour == 201
    assert forged_through_proxy == [429, 429]
    assert forged_direct == [201] * 5 + [429]
    # The fifth failure starts the wait and says so.
    assert [throttled in page for page in locked] == [False] * 4 + [True, True]
    assert throttled not in other
    assert len(request_id) == 32  # nginx's $request_id, kept from the trusted proxy
