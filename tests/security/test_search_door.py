"""Point 1: one GET must not burn a worker, and one client cannot fill the search log."""

import tracemalloc
from urllib.parse import quote

import pytest
from django.test import Client, override_settings

from segurfaq.search.models import SearchLog

ORDINARY = "Comment créer l'INS d'un nouveau-né à la maternité ?"
# A made-up word: every deletion of every letter pair of it was once looked up.
MADE_UP = "azertyuiopqsdfghjklmwxcvbn" * 20


def _peak_bytes(client: Client, address: str) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        response = client.get(address)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code in (200, 400)
    return peak


@pytest.mark.parametrize("door", ["/poser-une-question/?q=", "/?q=", "/api/v1/search?q="])
def test_a_made_up_long_word_costs_a_search_what_an_ordinary_question_costs(default_content, door):
    client = Client()
    client.get(door + quote("bonjour"))  # the engine is built once, before measuring

    ordinary = _peak_bytes(client, door + quote(ORDINARY))
    hostile = _peak_bytes(client, door + MADE_UP[:500])

    # Before, the typo corrector built every deletion of the word: 57 MB for 500 letters.
    assert hostile < 3 * ordinary + 2_000_000


@override_settings(SEGURFAQ_SEARCHES_PER_MINUTE=5)
@pytest.mark.parametrize("door", ["/?q=", "/api/v1/search?q=", "/poser-une-question/?q="])
def test_a_flood_of_searches_from_one_address_is_refused_in_french(
    small_corpus, one_rate_window, door
):
    statuses = [Client().get(door + f"question+{n}").status_code for n in range(5)]
    refused = Client().get(door + "encore+une")

    assert statuses == [200] * 5
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Trop de recherches" in refused.content.decode()


@override_settings(SEGURFAQ_SEARCH_LOGS_PER_HOUR=3)
def test_one_client_cannot_grow_the_search_log_without_bound(small_corpus, one_rate_window):
    for n in range(10):
        assert Client().get(f"/?q=financement+{n}").status_code == 200
        assert Client().get(f"/api/v1/search?q=INS+{n}").status_code == 200

    assert SearchLog.objects.count() == 3


@override_settings(SEGURFAQ_SEARCHES_PER_MINUTE=3)
def test_the_search_command_is_an_operators_tool_without_a_reader_limit(
    small_corpus, one_rate_window
):
    from io import StringIO

    from django.core.management import call_command

    for _ in range(5):
        out = StringIO()
        call_command("search", "financement", "--json", stdout=out)
        assert '"slug": "solde-du-financement"' in out.getvalue()


def test_more_filters_than_any_reader_picks_are_refused_before_searching(small_corpus):
    many = "&".join(f"couloir=valeur-{n}" for n in range(200))

    page = Client().get("/?q=financement&" + many)
    api = Client().get("/api/v1/search?q=financement&" + many)

    assert page.status_code == 400
    assert "Trop de filtres" in page.content.decode()
    assert api.status_code == 400
    assert "Trop de filtres" in api.json()["error"]["message"]
    assert not SearchLog.objects.exists()
