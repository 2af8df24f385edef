from datetime import datetime, timedelta
from xml.etree import ElementTree

from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(entry, question):
    entry.question = question
    entry_save(entry=entry, content_changed=True)


def test_every_change_is_kept_with_who_and_when(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    admin_client.post(
        f"/admin/faq/entry/{entry.pk}/change/",
        {
            "question": "Quand le solde est-il versé par l'ASP ?",
            "slug": entry.slug,
            "status": "published",
            "answer_source": entry.answer_source,
            "values": [v.pk for v in entry.values.all()],
            "tags": "",
            "editor_note": "",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )

    latest = entry.history.first()
    assert latest.question == "Quand le solde est-il versé par l'ASP ?"
    assert latest.history_user.username == "admin"
    assert entry.history.count() >= 2


def test_the_history_page_shows_a_readable_diff(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    edit(entry, "Quand le solde est-il versé ?")

    content = admin_client.get(f"/admin/faq/entry/{entry.pk}/history/").content.decode()

    assert "Quand le solde est-il versé ?" in content
    assert "question" in content.lower()


def test_an_earlier_version_can_be_restored(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    original = entry.history.earliest()
    edit(entry, "Une question modifiée par erreur ?")
    values = [v.pk for v in entry.values.all()]

    page = admin_client.get(f"/admin/faq/entry/{entry.pk}/history/{original.history_id}/")
    assert page.status_code == 200
    response = admin_client.post(
        f"/admin/faq/entry/{entry.pk}/history/{original.history_id}/",
        {
            "question": original.question,
            "slug": original.slug,
            "status": original.status,
            "answer_source": original.answer_source,
            "values": values,
            "tags": "",
            "editor_note": "",
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.question == "Quand le solde du financement est-il versé ?"
    assert entry.history.first().question == original.question


def test_a_restored_version_is_a_change_that_sync_clients_and_the_feed_see(
    admin_client, client, small_corpus
):
    entry = Entry.objects.get(slug="solde-du-financement")
    original = entry.history.earliest()
    edit(entry, "Une question modifiée par erreur ?")
    # The mistaken edit is two days old when an editor restores the earlier version.
    Entry.objects.filter(pk=entry.pk).update(updated_at=timezone.now() - timedelta(days=2))
    since = timezone.now().replace(microsecond=0) - timedelta(seconds=1)

    admin_client.post(
        f"/admin/faq/entry/{entry.pk}/history/{original.history_id}/",
        {
            "question": original.question,
            "slug": original.slug,
            "status": original.status,
            "answer_source": original.answer_source,
            "values": [v.pk for v in entry.values.all()],
            "tags": "",
            "editor_note": "",
        },
    )

    entry.refresh_from_db()
    assert entry.question == original.question
    assert entry.updated_at >= since
    synced = client.get("/api/v1/entries", {"updated_since": since.isoformat()}).json()
    assert "solde-du-financement" in [e["slug"] for e in synced["results"]]
    feed = ElementTree.fromstring(client.get("/flux.atom").content)
    updated = {
        item.findtext(f"{ATOM}id"): datetime.fromisoformat(item.findtext(f"{ATOM}updated"))
        for item in feed.iter(f"{ATOM}entry")
    }
    assert updated["segurfaq:entry:solde-du-financement"] >= since
