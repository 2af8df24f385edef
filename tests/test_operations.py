import os
import re
import secrets
import subprocess
import sys
from unittest import mock

from django.db import DatabaseError


def test_healthz_says_the_process_is_up(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_each_dependency(client, small_corpus):
    body = client.get("/readyz").json()

    assert body["status"] == "ok"
    assert body["database"]["state"] == "ok"
    assert body["engine"] == {"state": "ok", "entries": 3}
    assert body["cache"]["state"] == "ok"
    assert body["mail"] == {"state": "ok"}


def test_readyz_answers_503_when_the_database_does_not(client, db):
    cursor = "segurfaq.operations.health.connection.cursor"
    with mock.patch(cursor, side_effect=DatabaseError("down")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"]["state"] == "down"


def test_readyz_answers_503_when_the_engine_cannot_be_built(client, small_corpus):
    with mock.patch("segurfaq.views.current_engine", side_effect=RuntimeError("no model")):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["engine"] == {"state": "down", "detail": "RuntimeError"}


def test_pages_carry_security_headers_and_a_script_nonce(client, small_corpus):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "frame-ancestors 'none'" in policy
    assert (
        "script-src 'self' 'nonce-" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_inline_script_runs_without_the_nonce(client, small_corpus):
    content = client.get("/questions/solde-du-financement/").content.decode()

    for tag in re.findall(r"<script\b[^>]*>", content):
        assert "src=" in tag or 'type="application/ld+json"' in tag, tag


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    env = {
        **os.environ,
        "SEGURFAQ_PROD": "true",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "faq.example.fr",
        "SEGURFAQ_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only

    result = subprocess.run(
        [sys.executable, "-m", "segurfaq", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
