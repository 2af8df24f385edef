"""Oversized, malformed and hostile input: a French 4xx, never a 500, never unescaped."""

import pytest
from django.conf import settings as settings_module
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

VOTE = "/questions/solde-du-financement/avis/"
SCRIPT = "<script>alert(1)</script>"
ACCEPTABLE = {200, 302, 400, 404, 405, 429}


@pytest.mark.parametrize(
    ("address", "status", "message"),
    [
        ("/?q=" + "a" * 100_000, 400, "Votre recherche est trop longue"),
        ("/?q=%ff%fe%fd", 400, "caractères illisibles"),
        ("/?q=%00", 400, "Le caractère nul n’est pas autorisé."),
        ("/?page=-1", 400, "Le numéro de page doit être au moins 1."),
        ("/?page=abc", 400, "Le numéro de page doit être un nombre entier."),
        ("/?couloir=lune", 400, "Le filtre « couloir/lune » n&#x27;existe pas"),
        ("/?couloir=%ff", 400, "n&#x27;existe pas"),
        ("/questions/%ff/", 404, "Page introuvable"),
    ],
)
def test_bad_addresses_of_the_pages_get_a_french_4xx(
    client, small_corpus, address, status, message
):
    response = client.get(address)

    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("address", "status"),
    [
        ("/api/v1/search?q=" + "a" * 100_000, 400),
        ("/api/v1/search?q=%ff%fe", 400),
        ("/api/v1/entries?page=-1", 400),
        ("/api/v1/entries?couloir=lune", 400),
    ],
)
def test_bad_addresses_of_the_api_get_a_french_json_error(client, small_corpus, address, status):
    response = client.get(address)

    assert response.status_code == status
    assert response.json()["error"]["message"]


@pytest.mark.parametrize(
    "address",
    [
        "/?q=" + SCRIPT,
        "/?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
        "/?q=' OR 1=1; DROP TABLE faq_entry; --",
        "/?couloir=" + SCRIPT,
        "/poser-une-question/?q=" + SCRIPT,
    ],
)
def test_script_and_sql_payloads_are_shown_as_text_and_change_nothing(
    client, small_corpus, address
):
    response = client.get(address)
    html = response.content.decode()

    assert response.status_code in (200, 400)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert client.get("/api/v1/entries").json()["count"] == 3


def test_a_malformed_vote_gets_a_french_400(client, small_corpus):
    oversized = client.post(VOTE, {"vote": "x" * 100_000})
    not_utf8 = client.post(VOTE, b"vote=\xff\xfe", content_type="application/x-www-form-urlencoded")
    nul = client.post(VOTE, {"vote": "oui\x00"})

    for response in (oversized, not_utf8, nul):
        assert response.status_code == 400
        assert "Avis non enregistré" in response.content.decode() or "Oui" in (
            response.content.decode()
        )


def test_a_vote_that_would_send_the_reader_elsewhere_brings_them_back_here(client, small_corpus):
    for target in ("javascript:alert(1)", "//ailleurs.example/", "https://ailleurs.example/"):
        response = client.post(VOTE, {"vote": "oui", "next": target})

        assert response["Location"] == "/questions/solde-du-financement/#avis-solde-du-financement"


def test_a_request_body_over_the_limit_is_refused_in_french(client, small_corpus):
    response = client.post(VOTE, {"vote": "oui", "next": "x" * 3_000_000})

    assert response.status_code == 400
    assert "Votre demande n’a pas pu être comprise : rien n’a été enregistré." in (
        response.content.decode()
    )


@override_settings(SEGURFAQ_VOTES_PER_MINUTE=3)
def test_a_flood_of_votes_from_one_reader_is_rate_limited_in_french(
    client, small_corpus, one_rate_window
):
    statuses = [client.post(VOTE, {"vote": "oui"}).status_code for _ in range(5)]
    refused = client.post(VOTE, {"vote": "non"})

    assert statuses == [302, 302, 302, 429, 429]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Votre avis n&#x27;a pas été enregistré" in refused.content.decode()


def _returning_reader(number: int) -> Client:
    """A reader whose browser kept the session of an earlier visit (its own visitor id)."""
    client = Client()
    session = client.session
    session["visitor"] = f"lecteur-revenu-{number:04d}"
    session.save()
    client.cookies[settings_module.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.mark.slow
@override_settings(SEGURFAQ_VOTES_PER_MINUTE=2, SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY=100)
def test_one_address_gets_ten_readers_worth_of_votes(small_corpus, one_rate_window):
    statuses = [_returning_reader(n).post(VOTE, {"vote": "oui"}).status_code for n in range(21)]

    assert statuses.count(302) == 20
    assert statuses[-1] == 429


# Any text a reader could type or a robot could send, control characters included.
any_text = st.text(st.characters(codec="utf-8"), max_size=300)


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    query=any_text,
    page=st.one_of(st.integers(-(10**20), 10**20).map(str), any_text),
    facet=st.sampled_from(["couloir", "theme", "dispositif", "inconnue", ""]),
    value=any_text,
    htmx=st.booleans(),
)
def test_the_search_page_never_fails_whatever_it_is_sent(
    small_corpus, query, page, facet, value, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    response = Client().get("/", {"q": query, "page": page, facet: value}, headers=headers)

    assert response.status_code in ACCEPTABLE
    if "<" in query and response.status_code == 200:
        assert query not in response.content.decode()


@pytest.mark.slow
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    vote=st.one_of(st.sampled_from(["oui", "non"]), any_text),
    reason=any_text,
    comment=any_text,
    target=any_text,
    slug=st.one_of(st.just("solde-du-financement"), any_text),
)
def test_the_vote_forms_never_fail_whatever_they_are_sent(
    small_corpus, vote, reason, comment, target, slug
):
    client = Client()
    cast = client.post(f"/questions/{slug}/avis/", {"vote": vote, "next": target})
    explained = client.post(
        f"/questions/{slug}/avis/raison/", {"reason": reason, "comment": comment, "next": target}
    )

    for response in (cast, explained):
        assert response.status_code in ACCEPTABLE
        if response.status_code == 302:
            assert response["Location"].startswith("/")
