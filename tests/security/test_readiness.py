"""Point 11: /readyz tells a stranger whether the service is ready, nothing about how it is
deployed; the load balancer and the operator's own machine get the details."""

from unittest import mock

from django.test import Client, override_settings


def test_a_stranger_reads_only_the_status(small_corpus):
    response = Client(REMOTE_ADDR="203.0.113.66").get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@override_settings(SEGURFAQ_TRUSTED_PROXIES=["10.0.0.5"])
def test_the_trusted_proxy_and_local_clients_read_each_dependency(small_corpus):
    through_proxy = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="10.0.0.5").get("/readyz")
    local = Client(REMOTE_ADDR="127.0.0.1").get("/readyz")
    forwarded_stranger = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.66").get(
        "/readyz"
    )

    for response in (through_proxy, local):
        report = response.json()
        assert report["database"]["state"] == "ok"
        assert report["engine"]["entries"] == 3
    assert forwarded_stranger.json() == {"status": "ok"}


def test_a_stranger_still_learns_that_the_instance_is_down(db):
    with mock.patch("segurfaq.views.current_engine", side_effect=RuntimeError("no model")):
        response = Client(REMOTE_ADDR="203.0.113.66").get("/readyz")

    assert response.status_code == 503
    assert response.json() == {"status": "down"}
