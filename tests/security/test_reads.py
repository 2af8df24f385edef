"""Reads are doors too: a page or an API read that must be made (a new address each time:
another page number, another mix of filters) is limited per address, what the cache serves
is not; and one client cannot inflate how often an answer is read."""

import re

import pytest
from django.test import Client, override_settings

from segurfaq.analytics.models import EntryView


@override_settings(SEGURFAQ_READS_PER_MINUTE=3)
def test_new_addresses_without_end_are_refused_and_cached_ones_are_not(
    small_corpus, one_rate_window
):
    made = [Client().get("/", {"page": n}).status_code for n in range(1, 5)]
    api = [Client().get("/api/v1/entries", {"page_size": n}).status_code for n in range(1, 3)]
    cached = [Client().get("/", {"page": 1}).status_code for _ in range(5)]

    assert made == [200, 200, 200, 429]
    assert api == [429, 429]
    assert cached == [200] * 5
    assert "Trop de pages" in Client().get("/", {"page": 7}).content.decode()


@override_settings(SEGURFAQ_VIEWS_PER_ADDRESS_AND_ENTRY=3)
def test_one_address_cannot_inflate_an_answers_readings(small_corpus, one_rate_window):
    for _ in range(10):
        assert Client().get("/questions/solde-du-financement/").status_code == 200
    Client(REMOTE_ADDR="198.51.100.7").get("/questions/solde-du-financement/")

    assert EntryView.objects.get().count == 4


@override_settings(SEGURFAQ_READS_PER_MINUTE=2)
@pytest.mark.parametrize(
    "address",
    [
        "/?q=" + "x" * 501,  # a question the form refuses (over 500 characters): no search
        "/flux.atom",
        "/sitemap.xml",
        "/flux/couloir/hopital.atom",
        "/api/v1/openapi.json",
    ],
)
def test_every_read_that_is_made_counts(small_corpus, one_rate_window, address):
    separator = "&" if "?" in address else "?"
    statuses = [Client().get(f"{address}{separator}variante={n}").status_code for n in range(3)]

    assert statuses[2] == 429
    assert statuses[:2] != [429, 429]


@override_settings(SEGURFAQ_READS_PER_MINUTE=2)
def test_an_answer_opened_from_a_search_is_a_page_made_for_its_reader(
    small_corpus, one_rate_window
):
    reader = Client()
    html = reader.get("/", {"q": "solde financement"}).content.decode()
    token = re.search(r'name="recherche" value="([^"]+)"', html).group(1)

    statuses = [
        reader.get("/questions/solde-du-financement/", {"recherche": token}).status_code
        for _ in range(3)
    ]

    assert statuses == [200, 200, 429]


@override_settings(SEGURFAQ_READS_PER_MINUTE=2, SEGURFAQ_PAGE_CACHE_SECONDS=0)
def test_without_a_page_cache_api_reads_still_count(small_corpus, one_rate_window):
    statuses = [Client().get("/api/v1/entries").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
