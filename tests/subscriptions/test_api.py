"""Integrators' portals start the same double opt-in through the API: the rules of the page
(address, consent, known filters), its limits, its single confirmation message."""

import pytest

from segurfaq.subscriptions.models import Follower, FollowerMail

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/api/v1/subscriptions"


@pytest.fixture
def no_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def post(client, **payload):
    return client.post(URL, payload, content_type="application/json")


def test_a_portal_starts_a_follow_that_waits_for_its_confirmation(
    client, small_corpus, no_mail_server
):
    response = post(
        client,
        email="lectrice@example.fr",
        consent=True,
        frequency="weekly",
        values=["couloir/biologie-medicale"],
    )

    assert response.status_code == 202
    assert response.json() == {"status": "confirmation_sent", "frequency": "weekly"}
    follower = Follower.objects.get()
    assert follower.confirmed_at is None
    assert follower.selection == ["couloir/biologie-medicale"]
    assert FollowerMail.objects.get().kind == "confirm"


def test_one_answer_can_be_followed_alone(client, small_corpus, no_mail_server):
    response = post(client, email="lectrice@example.fr", consent=True, entry="ins-au-dpi")

    assert response.status_code == 202
    assert Follower.objects.get().entry.slug == "ins-au-dpi"


@pytest.mark.parametrize(
    ("payload", "status", "code", "words"),
    [
        ({"email": "lectrice@example.fr"}, 400, "consent_required", "consent"),
        ({"email": "pas-une-adresse", "consent": True}, 400, "invalid", "n'est pas valide"),
        (
            {"email": "lectrice@example.fr", "consent": True, "values": ["couloir/inconnu"]},
            400,
            "invalid",
            "« couloir/inconnu » n'existe pas",
        ),
        (
            {"email": "lectrice@example.fr", "consent": True, "entry": "pas-une-reponse"},
            404,
            "not_found",
            "n'existe pas",
        ),
        (
            {"email": "lectrice@example.fr", "consent": True, "frequency": "hourly"},
            400,
            "invalid",
            "frequency",
        ),
    ],
)
def test_a_request_no_reader_would_send_is_refused_in_french(
    client, small_corpus, no_mail_server, payload, status, code, words
):
    response = post(client, **payload)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == code
    assert words in response.json()["error"]["message"]
    assert not Follower.objects.exists()


def test_the_operation_is_in_the_openapi_document(client, db):
    schema = client.get("/api/v1/openapi.json").json()

    assert "post" in schema["paths"]["/api/v1/subscriptions"]
