import re
from datetime import datetime, timedelta
from xml.etree import ElementTree

from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save

ATOM = "{http://www.w3.org/2005/Atom}"


def edit(entry, question):
    entry.question = question
    entry_save(entry=entry, content_changed=True)


def _admin_save(admin_client, entry, **changes):
    data = {
        "question": entry.question,
        "slug": entry.slug,
        "status": entry.status,
        "answer_source": entry.answer_source,
        "values": [v.pk for v in entry.values.all()],
        "tags": "",
        "editor_note": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        **changes,
    }
    return admin_client.post(f"/admin/faq/entry/{entry.pk}/change/", data)


def test_every_change_is_kept_with_who_and_when(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    _admin_save(admin_client, entry, question="Quand le solde est-il versé par l'ASP ?")

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


def test_one_save_with_new_facet_values_is_one_version(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    before = entry.history.count()
    officine = entry.values.model.objects.get(facet__slug="couloir", slug="officine")

    response = _admin_save(
        admin_client,
        entry,
        answer_source="Le solde est versé par l'ASP après la vérification.",
        values=[*[v.pk for v in entry.values.all()], officine.pk],
    )

    assert response.status_code == 302
    assert entry.history.count() == before + 1
    latest = entry.history.first()
    assert latest.answer_source.startswith("Le solde est versé par l'ASP")
    assert officine.pk in [row.facetvalue_id for row in latest.values.all()]


def test_the_history_is_in_french_with_full_values_and_a_diff(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    long_answer = "Le solde est versé par l'ASP. " + "Une phrase de plus pour la longueur. " * 8
    _admin_save(admin_client, entry, answer_source=long_answer, pinned="on")

    content = admin_client.get(f"/admin/faq/entry/{entry.pk}/history/").content.decode()

    for header in ("Version", "Statut", "Date", "Action", "Par", "Modifications"):
        assert f'<th scope="col">{header}</th>' in content
    assert "Publiée" in content and ">published<" not in content
    assert "Changes" not in content and "chars]" not in content
    assert re.search(r"\d{1,2} \w+ \d{4} à \d{1,2} h \d{2}", content)
    assert '<ins><span class="visually-hidden">[ajouté : </span>' in content
    assert "Épinglée" in content or "épinglée" in content.lower()
    assert "Non → Oui" in content


def test_the_version_page_trail_is_in_french(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    version = entry.history.earliest()

    content = admin_client.get(
        f"/admin/faq/entry/{entry.pk}/history/{version.history_id}/"
    ).content.decode()

    trail = re.search(r'<div class="breadcrumbs">(.*?)</div>', content, re.S).group(1)
    assert "Historical" not in trail and "Faq" not in trail
    assert "Foire aux questions" in trail and "Rétablir cette version" in trail
