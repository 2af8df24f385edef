"""Point 3: one reader, one vote per entry, honestly; API votes teach the engine as page
votes do."""

import pytest
from django.test import Client, override_settings

from segurfaq.feedback.models import Vote
from segurfaq.search.models import SearchLog, WordingCandidate

API_VOTE = "/api/v1/entries/solde-du-financement/votes"
PAGE_VOTE = "/questions/solde-du-financement/avis/"


@override_settings(SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY=3)
def test_ids_chosen_by_the_client_cannot_mint_voters_from_one_address(
    small_corpus, one_rate_window
):
    statuses = [
        Client()
        .post(API_VOTE, {"value": "yes", "visitor": f"lecteur-{n:04d}"}, "application/json")
        .status_code
        for n in range(20)
    ]

    assert statuses.count(200) == 3
    assert statuses[3:] == [429] * 17
    assert Vote.objects.filter(value="yes").count() == 3


def test_an_id_is_scoped_to_its_address(small_corpus):
    first = Client(REMOTE_ADDR="192.0.2.10")
    other = Client(REMOTE_ADDR="198.51.100.20")

    first.post(API_VOTE, {"value": "yes", "visitor": "lecteur-partage"}, "application/json")
    other.post(API_VOTE, {"value": "no", "visitor": "lecteur-partage"}, "application/json")

    # The same id from another address is another reader: it cannot change the first vote.
    assert sorted(Vote.objects.values_list("value", flat=True)) == ["no", "yes"]


def test_page_votes_without_a_cookie_count_once_per_address_and_entry_a_day(small_corpus):
    for _ in range(5):
        # A new client each time: no session cookie is ever sent back.
        assert Client().post(PAGE_VOTE, {"vote": "non"}).status_code == 302

    assert Vote.objects.count() == 1


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_an_api_vote_is_json_only_so_no_other_site_can_make_browsers_vote(
    client, small_corpus, content_type
):
    response = client.post(API_VOTE, '{"value": "yes"}', content_type=content_type)

    assert response.status_code == 415
    assert "application/json" in response.json()["error"]["message"]
    assert not Vote.objects.exists()


def test_an_api_vote_teaches_the_engine_as_a_page_vote_does(client, small_corpus):
    found = client.get("/api/v1/search", {"q": "quand est verse le solde de l'aide"}).json()
    assert found["results"][0]["slug"] == "solde-du-financement"

    response = client.post(
        API_VOTE, {"value": "yes", "search_token": found["search_token"]}, "application/json"
    )

    assert response.status_code == 200
    assert SearchLog.objects.get().outcome == "helpful"
    assert WordingCandidate.objects.get().example == "quand est verse le solde de l'aide"
