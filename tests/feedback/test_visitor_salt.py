"""The salt of visitor hashes changes every month; readers keep their votes across it."""

from datetime import datetime
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.feedback.models import VisitorSalt, Vote

DETAIL = "/questions/solde-du-financement/"


def _on(year: int, month: int, day: int):
    moment = timezone.make_aware(datetime(year, month, day, 12, 0))
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_a_reader_keeps_and_changes_last_month_s_vote_under_a_new_hash(small_corpus):
    reader = Client()
    with _on(2026, 10, 15):
        reader.post(f"{DETAIL}avis/", {"vote": "non"})
    october_hash = Vote.objects.get().visitor

    with _on(2026, 11, 3):
        page = reader.get(DETAIL).content.decode()
        reader.post(f"{DETAIL}avis/", {"vote": "oui"})

    vote = Vote.objects.get()
    assert "Pourquoi cette réponse ne vous a-t-elle pas aidé" in page  # still their "Non"
    assert vote.value == "yes"
    assert vote.visitor != october_hash
    assert set(VisitorSalt.objects.values_list("period", flat=True)) == {"2026-10", "2026-11"}


def test_once_a_salt_is_purged_old_votes_stay_counted_but_belong_to_nobody(small_corpus):
    reader = Client()
    with _on(2026, 9, 10):
        reader.post(f"{DETAIL}avis/", {"vote": "non"})
    with _on(2026, 11, 20):
        call_command("purge", stdout=open("/dev/null", "w"))  # noqa: SIM115
        reader.post(f"{DETAIL}avis/", {"vote": "oui"})

    assert sorted(Vote.objects.values_list("value", flat=True)) == ["no", "yes"]
    assert not VisitorSalt.objects.filter(period="2026-09").exists()


def test_an_api_client_s_visitor_id_keeps_its_vote_across_months(client, small_corpus):
    url = "/api/v1/entries/solde-du-financement/votes"
    with _on(2026, 10, 30):
        client.post(url, {"value": "no", "visitor": "poste-42"}, content_type="application/json")
    with _on(2026, 11, 2):
        response = client.post(
            url, {"value": "yes", "visitor": "poste-42"}, content_type="application/json"
        )

    assert response.json()["yes"] == 1
    assert response.json()["no"] == 0
    assert Vote.objects.count() == 1


def test_votes_from_before_salts_existed_follow_their_reader(small_corpus):
    from segurfaq.feedback.visitor import SESSION_KEY, _hash

    reader = Client()
    session = reader.session
    session[SESSION_KEY] = "jeton-d-avant"
    session.save()
    reader.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    entry = Entry.objects.get(slug="solde-du-financement")
    Vote.objects.create(entry=entry, visitor=_hash("jeton-d-avant", None), value="no")

    reader.post(f"{DETAIL}avis/", {"vote": "oui"})

    assert list(Vote.objects.values_list("value", flat=True)) == ["yes"]
