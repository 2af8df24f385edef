"""Point 4: the reading beacon only moves a search the reader made, towards an entry it
returned, once per reader, and not without limit."""

import re

from django.test import Client, override_settings

from segurfaq.search.models import SearchLog, WordingCandidate

QUESTION = "quand est verse le solde de l'aide"


def _search(client: Client, query: str = QUESTION) -> str:
    html = client.get("/", {"q": query}).content.decode()
    return re.search(r'name="recherche" value="([^"]+)"', html).group(1)


def test_the_beacon_refuses_an_entry_the_search_did_not_return(small_corpus):
    client = Client()
    token = _search(client, "solde financement")

    client.post("/recherche/lue/", {"recherche": token, "entree": "ins-au-laboratoire"})

    assert SearchLog.objects.get().outcome == ""
    assert not WordingCandidate.objects.exists()


def test_one_reader_repeating_a_search_and_its_beacon_proposes_a_wording_once(small_corpus):
    for _ in range(5):
        client = Client()
        token = _search(client)
        client.post("/recherche/lue/", {"recherche": token, "entree": "solde-du-financement"})

    assert SearchLog.objects.filter(outcome="read").count() == 5
    assert WordingCandidate.objects.get().count == 1


def test_readers_at_other_addresses_each_count(small_corpus):
    for address in ("192.0.2.1", "198.51.100.2", "2001:db8:1::1"):
        client = Client(REMOTE_ADDR=address)
        token = _search(client)
        client.post("/recherche/lue/", {"recherche": token, "entree": "solde-du-financement"})

    assert WordingCandidate.objects.get().count == 3


@override_settings(SEGURFAQ_READINGS_PER_MINUTE=3)
def test_a_flood_of_beacons_is_refused(small_corpus, one_rate_window):
    client = Client()
    token = _search(client)
    statuses = [
        client.post(
            "/recherche/lue/", {"recherche": token, "entree": "solde-du-financement"}
        ).status_code
        for _ in range(5)
    ]

    assert statuses == [204, 204, 204, 429, 429]
