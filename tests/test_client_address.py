"""The reader's address behind reverse proxies: believed only from the proxies listed."""

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory

from segurfaq.operations.client_address import client_address


def _request(peer: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_with_no_trusted_proxy_the_header_is_ignored(settings):
    settings.SEGURFAQ_TRUSTED_PROXIES = []

    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_address_it_received_from_is_the_client(settings):
    settings.SEGURFAQ_TRUSTED_PROXIES = ["10.0.0.5"]

    assert client_address(_request("10.0.0.5", "198.51.100.1")) == "198.51.100.1"


def test_addresses_a_client_wrote_itself_left_of_the_proxy_s_are_not_believed(settings):
    settings.SEGURFAQ_TRUSTED_PROXIES = ["10.0.0.5"]
    forged = "1.2.3.4, 198.51.100.1"  # the client sent "1.2.3.4"; nginx appended its peer

    assert client_address(_request("10.0.0.5", forged)) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_untrusted_hop(settings):
    settings.SEGURFAQ_TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    chain = "9.9.9.9, 198.51.100.1, 10.1.2.3, 2001:db8::1"

    assert client_address(_request("10.0.0.5", chain)) == "198.51.100.1"


@pytest.mark.parametrize("forwarded", [None, "", " , "])
def test_a_trusted_proxy_that_forwards_nothing_is_the_client(settings, forwarded):
    settings.SEGURFAQ_TRUSTED_PROXIES = ["10.0.0.5"]

    assert client_address(_request("10.0.0.5", forwarded)) == "10.0.0.5"


def test_an_untrusted_peer_claiming_to_be_a_proxy_changes_nothing(settings):
    settings.SEGURFAQ_TRUSTED_PROXIES = ["10.0.0.5"]

    assert client_address(_request("203.0.113.7", "10.0.0.5, 198.51.100.1")) == "203.0.113.7"


def test_a_malformed_trusted_proxies_setting_stops_the_service_with_a_french_message(tmp_path):

    env = {
        **os.environ,
        "SEGURFAQ_TRUSTED_PROXIES": "nginx.local",
        "SEGURFAQ_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "segurfaq", "check"], env=env, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert "« nginx.local » n'est ni une adresse IP ni un réseau" in result.stderr
