import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.feedback.models import Vote
from segurfaq.inquiries.models import ReaderQuestion
from segurfaq.search.models import SearchLog

LONG_AGO = timezone.now() - timezone.timedelta(days=400)


def log(created_at):
    return SearchLog.objects.create(
        query="q",
        normalized_query="q",
        result_count=0,
        confidence=0.1,
        low_confidence=True,
        duration_ms=1,
        source="page",
        created_at=created_at,
    )


@override_settings(
    SEGURFAQ_SEARCH_LOG_RETENTION_DAYS=395,
    SEGURFAQ_COMMENT_RETENTION_DAYS=365,
    SEGURFAQ_EMAIL_RETENTION_DAYS=90,
)
def test_purge_erases_what_readers_left_after_its_retention_period(small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    old_log, new_log = log(LONG_AGO), log(timezone.now())
    old_vote = Vote.objects.create(
        entry=entry,
        visitor="a" * 64,
        value="no",
        reason="unclear",
        comment="ancien",
        updated_at=LONG_AGO,
    )
    new_vote = Vote.objects.create(entry=entry, visitor="b" * 64, value="no", comment="récent")
    question = ReaderQuestion.objects.create(
        question="Une question assez longue ?", email="a@b.fr", consent=True, created_at=LONG_AGO
    )
    out = io.StringIO()

    call_command("purge", stdout=out)

    assert not SearchLog.objects.filter(pk=old_log.pk).exists()
    assert SearchLog.objects.filter(pk=new_log.pk).exists()
    old_vote.refresh_from_db()
    new_vote.refresh_from_db()
    assert (old_vote.comment, old_vote.reason, old_vote.value) == ("", "unclear", "no")
    assert new_vote.comment == "récent"
    question.refresh_from_db()
    assert question.email == ""
    assert (
        "1 recherche(s) effacée(s), 1 commentaire(s) effacé(s), 1 adresse(s) effacée(s)"
        in out.getvalue()
    )


def test_the_personal_data_page_says_what_is_kept_and_for_how_long(client, db):
    content = client.get("/donnees-personnelles/").content.decode()

    assert "<h1>Données personnelles</h1>" in content
    assert "395 jours" in content
    assert "jamais votre adresse IP" in content
    assert 'href="/donnees-personnelles/"' in client.get("/").content.decode()


def _previous_release_backup(path) -> str:
    """What `segurfaq backup` wrote up to the previous release: Django's XML fixtures."""
    apps = ["auth.user", "auth.group", "faq", "feedback", "inquiries", "search", "analytics"]
    with open(path, "w", encoding="utf-8") as handle:
        call_command(
            "dumpdata",
            *apps,
            exclude=["faq.ContentRevision"],
            format="xml",
            natural_foreign=True,
            indent=1,
            stdout=handle,
        )
    return path.read_text(encoding="utf-8")


# Committed writes, as in real use: PostgreSQL will not TRUNCATE tables with pending
# deferred-constraint events of the same transaction.
@pytest.mark.semantic
@pytest.mark.django_db(transaction=True)
def test_a_backup_made_by_the_previous_release_is_still_restored_exactly(
    client, small_corpus, tmp_path, django_user_model
):
    from segurfaq.faq.services import entry_save
    from segurfaq.search.index import current_engine

    entry = Entry.objects.get(slug="solde-du-financement")
    entry.question = "Quand le solde est-il versé ?"
    entry_save(entry=entry, content_changed=True)
    client.post("/questions/solde-du-financement/avis/", {"vote": "non"})
    client.get("/", {"q": "solde"})
    ReaderQuestion.objects.create(question="Une question assez longue ?")
    django_user_model.objects.create_user("redac", password="x" * 12)
    current_engine()  # stores the embeddings
    first = _previous_release_backup(tmp_path / "first.xml")

    Entry.objects.all().delete()
    SearchLog.objects.all().delete()
    call_command("restore", str(tmp_path / "first.xml"), "--yes", stdout=io.StringIO())
    second = _previous_release_backup(tmp_path / "second.xml")

    assert second == first
    assert Entry.objects.get(slug="solde-du-financement").history.count() >= 2
    assert Vote.objects.count() == 1 and SearchLog.objects.count() == 1


def test_a_broken_backup_changes_nothing(small_corpus, tmp_path):
    import pytest
    from django.core.management.base import CommandError

    path = tmp_path / "broken.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<django-objects version="1.0">'
        '<object model="faq.entry" pk="1"><field name="slug" type="SlugField"><None></None>'
        "</field></object></django-objects>"
    )

    with pytest.raises(CommandError):
        call_command("restore", str(path), "--yes", stdout=io.StringIO())

    assert Entry.objects.count() == 4
