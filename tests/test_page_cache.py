"""Public pages and API reads come from the cache, and content edits show at once."""

import json
import re

from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from segurfaq.analytics.models import EntryView
from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save, entry_transition

DETAIL = "/questions/solde-du-financement/"


def _nonce_of(response) -> str:
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def _text(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _reader() -> Client:
    return Client(enforce_csrf_checks=True)


def test_a_second_reader_gets_the_list_without_the_database_work(
    small_corpus, django_assert_max_num_queries
):
    first = _reader().get("/")

    with django_assert_max_num_queries(1):  # the content revision, nothing else
        second = _reader().get("/")

    assert second.status_code == 200
    assert "Quand le solde du financement est-il versé ?" in second.content.decode()
    assert second.content.decode().count("solde-du-financement") == first.content.decode().count(
        "solde-du-financement"
    )


def test_a_cached_page_carries_this_request_s_nonce_and_a_working_vote_form(small_corpus):
    _reader().get(DETAIL)
    reader = _reader()

    response = reader.get(DETAIL)
    html = response.content.decode()
    nonce = _nonce_of(response)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    vote = reader.post(
        f"{DETAIL}avis/", {"csrfmiddlewaretoken": token, "vote": "oui", "next": DETAIL}
    )

    assert f'nonce="{nonce}"' in html
    assert "@@segurfaq" not in html
    assert vote.status_code == 302
    assert "Merci pour votre avis" in reader.get(DETAIL).content.decode()


def test_an_edit_is_visible_at_once_on_cached_pages_and_api_reads(small_corpus, client):
    for address in ("/", DETAIL, "/api/v1/entries", "/api/v1/entries/solde-du-financement"):
        assert "Le solde est versé" in _text(client.get(address))
    entry = Entry.objects.get(slug="solde-du-financement")
    entry.answer_source = "Le reliquat arrive après la vérification du service."
    entry_save(entry=entry, content_changed=True)

    for address in ("/", DETAIL, "/api/v1/entries", "/api/v1/entries/solde-du-financement"):
        content = _text(client.get(address))
        assert "Le reliquat arrive" in content, address
        assert "Le solde est versé" not in content, address


def test_an_archived_entry_leaves_cached_pages_at_once(small_corpus, editor):
    assert _reader().get(DETAIL).status_code == 200
    assert "solde-du-financement" in _reader().get("/").content.decode()

    entry_transition(
        entry=Entry.objects.get(slug="solde-du-financement"), status="archived", user=editor
    )

    assert _reader().get(DETAIL).status_code == 404
    assert "solde-du-financement" not in _reader().get("/").content.decode()
    assert _reader().get("/api/v1/entries/solde-du-financement").status_code == 404


def test_readings_of_a_cached_detail_page_are_still_counted(small_corpus):
    for _ in range(3):
        _reader().get(DETAIL)

    assert EntryView.objects.get(entry__slug="solde-du-financement").count == 3


def test_a_reader_who_voted_sees_their_own_vote_not_the_shared_page(small_corpus):
    _reader().get(DETAIL)
    voter = Client()
    voter.post(f"{DETAIL}avis/", {"vote": "non", "next": DETAIL})

    own = voter.get(DETAIL).content.decode()
    shared = _reader().get(DETAIL).content.decode()

    assert "Pourquoi cette réponse ne vous a-t-elle pas aidé" in own
    assert "Pourquoi cette réponse ne vous a-t-elle pas aidé" not in shared


def test_searches_are_never_served_from_the_cache_so_each_one_is_logged(small_corpus):
    from segurfaq.search.models import SearchLog

    for _ in range(2):
        _reader().get("/?q=solde+financement")

    assert SearchLog.objects.filter(query="solde financement").count() == 2


def test_the_page_cache_can_be_turned_off(small_corpus):
    with override_settings(SEGURFAQ_PAGE_CACHE_SECONDS=0):
        _reader().get("/")
        with CaptureQueriesContext(connection) as queries:
            _reader().get("/")

    assert len(queries) > 1


def test_pages_are_shared_through_redis_when_configured(small_corpus, redis_caches):
    first = _reader().get(DETAIL)
    redis = redis_caches["pages"]._redis._cache.get_client()
    stored = redis.keys("segurfaq-tests-pages:*page:html*")
    second = _reader().get(DETAIL)

    assert stored
    assert second.status_code == 200
    assert _nonce_of(second) != _nonce_of(first)
    assert f'nonce="{_nonce_of(second)}"' in second.content.decode()
