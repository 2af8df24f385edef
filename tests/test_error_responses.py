"""What a reader and an API client get when something breaks inside the service."""

import io
import logging
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client

from segurfaq.operations.request_id import RequestIdLogFilter


@pytest.fixture
def crashing_client(default_content):
    # What a real server does: the exception becomes the error page, not a test failure.
    return Client(raise_request_exception=False)


@pytest.fixture
def request_log():
    """The lines the production log handler would write for django.request."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdLogFilter())
    handler.setFormatter(logging.Formatter(settings.LOGGING["formatters"]["line"]["format"]))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_an_exception_in_an_api_view_answers_json_500_with_the_id_of_its_log_line(
    crashing_client, request_log
):
    with mock.patch("segurfaq.api.api.public_entries", side_effect=RuntimeError("bug")):
        response = crashing_client.get("/api/v1/entries")

    error = response.json()["error"]
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert error["code"] == "server_error"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["request_id"] in error["message"]
    line = next(line for line in request_log.getvalue().splitlines() if "ERROR" in line)
    assert f"[{error['request_id']}] Internal Server Error: /api/v1/entries" in line


def test_an_exception_in_a_page_gives_the_french_error_page_with_the_request_id(
    crashing_client, request_log
):
    with mock.patch("segurfaq.search.services.entry_search", side_effect=RuntimeError("bug")):
        response = crashing_client.get("/")

    content = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Le service a rencontré une erreur</h1>" in content
    assert 'class="fr-header' in content  # the DSFR page, header and all
    assert f"<code>{response['X-Request-ID']}</code>" in content
    assert f"[{response['X-Request-ID']}]" in request_log.getvalue()


@pytest.mark.parametrize("path", ["/", "/questions/creer-l-ins-d-un-nouveau-ne/"])
def test_a_database_that_does_not_answer_gives_pages_a_503_asking_to_come_back(
    crashing_client, path
):
    lost = OperationalError("connection refused")
    with mock.patch("segurfaq.pagecache.ContentRevision.current", side_effect=lost):
        response = crashing_client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "<h1>Service momentanément indisponible</h1>" in response.content.decode()


def test_a_database_that_does_not_answer_gives_the_api_a_json_503(crashing_client):
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("segurfaq.search.services.entry_search", side_effect=lost):
        response = crashing_client.get("/api/v1/search", {"q": "INS"})

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json()["error"]["code"] == "unavailable"


def test_every_response_carries_a_request_id_and_two_never_share_one(client, db):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]

    assert len(first) == 16 and first != second


def test_a_request_id_sent_by_a_client_is_not_taken(client, db):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="choisi-par-le-client")

    assert response["X-Request-ID"] != "choisi-par-le-client"


def test_a_request_id_made_by_a_trusted_proxy_is_kept(client, db, settings):
    settings.SEGURFAQ_TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="a1b2c3d4e5f6", REMOTE_ADDR="127.0.0.1")

    assert response["X-Request-ID"] == "a1b2c3d4e5f6"
