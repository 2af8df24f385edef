import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from segurfaq.faq.models import Entry, FacetValue
from segurfaq.inquiries.models import ReaderQuestion

URL = "/poser-une-question/"
QUESTION = "Comment déclarer une instance de formation dans le bon de commande ?"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_the_form_is_prefilled_from_a_search_and_shows_close_answers(client, default_content):
    content = client.get(URL, {"q": "INS d'un nouveau-né", "couloir": "hopital"}).content.decode()

    assert ">INS d&#x27;un nouveau-né</textarea>" in content
    assert "Ces réponses existent peut-être déjà" in content
    assert "Comment créer l&#x27;INS d&#x27;un nouveau-né ?" in content
    hopital = FacetValue.objects.get(facet__slug="couloir", slug="hopital")
    assert f'value="{hopital.pk}"\n                     checked' in content


def test_a_question_is_received_and_confirmed(client, small_corpus):
    response = client.post(
        URL, {"question": QUESTION, "email": "editeur@example.fr", "consent": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/poser-une-question/merci/"
    stored = ReaderQuestion.objects.get()
    assert stored.question == QUESTION
    assert stored.email == "editeur@example.fr"
    assert stored.status == "new"
    assert "bien été envoyée" in client.get(response["Location"]).content.decode()


def test_an_address_without_consent_is_refused_with_a_message(client, small_corpus):
    content = client.post(URL, {"question": QUESTION, "email": "a@example.fr"}).content.decode()

    assert "Cochez la case" in content
    assert not ReaderQuestion.objects.exists()


@pytest.mark.parametrize(
    ("question", "message"),
    [("Court ?", "trop courte"), ("x" * 1001, "trop longue"), ("", "Écrivez votre question")],
)
def test_question_length_is_limited(client, small_corpus, question, message):
    content = client.post(URL, {"question": question}).content.decode()

    assert message in content
    assert not ReaderQuestion.objects.exists()


def test_a_filled_honeypot_is_ignored_silently(client, small_corpus):
    response = client.post(URL, {"question": QUESTION, "site_web": "http://spam.example"})

    assert response.status_code == 302
    assert not ReaderQuestion.objects.exists()


@override_settings(SEGURFAQ_QUESTIONS_PER_HOUR=2)
def test_a_flood_of_questions_is_rate_limited(small_corpus, one_rate_window):
    client = Client()
    for _ in range(2):
        assert client.post(URL, {"question": QUESTION}).status_code == 302

    response = client.post(URL, {"question": QUESTION})

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3601
    assert "Réessayez dans" in response.content.decode()
    assert ReaderQuestion.objects.count() == 2


def test_checking_existing_answers_does_not_send(client, default_content):
    content = client.post(
        URL, {"question": "datamatrix obligatoire", "verifier": "1"}
    ).content.decode()

    assert "Le datamatrix INS est-il obligatoire" in content
    assert not ReaderQuestion.objects.exists()


def test_editors_answer_a_question_by_creating_an_entry(editor_client, small_corpus):
    item = ReaderQuestion.objects.create(question=QUESTION)

    response = editor_client.post(
        "/admin/inquiries/readerquestion/",
        {"action": "answer", "_selected_action": [item.pk]},
    )
    add_url = response["Location"]
    assert add_url.startswith("/admin/faq/entry/add/?question=Comment")
    assert QUESTION in editor_client.get(add_url).content.decode()
    editor_client.post(
        add_url,
        {
            "question": QUESTION,
            "slug": "instance-de-formation",
            "status": "draft",
            "answer_source": "Elle ne compte pas.",
            "tags": "",
            "editor_note": "",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )

    item.refresh_from_db()
    assert item.status == "answered"
    assert item.answer_entry.slug == "instance-de-formation"


def test_editors_mark_a_duplicate_or_reject(editor_client, small_corpus):
    duplicate = ReaderQuestion.objects.create(question="Quand le solde est-il versé ?")
    spam = ReaderQuestion.objects.create(question="Achetez nos montres")
    entry = Entry.objects.get(slug="solde-du-financement")

    editor_client.post(
        "/admin/inquiries/readerquestion/",
        {"action": "mark_duplicate", "_selected_action": [duplicate.pk], "entry": entry.pk},
    )
    editor_client.post(
        "/admin/inquiries/readerquestion/", {"action": "reject", "_selected_action": [spam.pk]}
    )

    duplicate.refresh_from_db()
    spam.refresh_from_db()
    assert (duplicate.status, duplicate.duplicate_of) == ("duplicate", entry)
    assert spam.status == "rejected"
    assert spam.status_changed_at is not None


def test_addresses_are_purged_after_the_retention_period(db):
    old = ReaderQuestion.objects.create(
        question=QUESTION,
        email="ancien@example.fr",
        consent=True,
        created_at=timezone.now() - timezone.timedelta(days=91),
    )
    recent = ReaderQuestion.objects.create(
        question=QUESTION, email="recent@example.fr", consent=True
    )
    out = io.StringIO()

    call_command("purge_emails", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == "" and old.email_purged_at is not None
    assert recent.email == "recent@example.fr"
    assert "1 adresse(s) effacée(s)" in out.getvalue()
