"""A reader who left an address hears back when an editor answers, points to an existing
answer or turns the question down: by a real SMTP server of the test's own (aiosmtpd)."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_transition
from segurfaq.inquiries.mail import confirmation_token
from segurfaq.inquiries.models import ReaderQuestion, ReplyMail
from segurfaq.inquiries.services import address_confirm, question_mark_answered, question_submit
from segurfaq.settings import email_settings
from tests.server import free_port
from tests.smtp import ADDRESS, SITE, smtp_server, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

CHANGELIST = "/admin/inquiries/readerquestion/"


def reader_question(text="Une instance de formation compte-t-elle pour le financement ?"):
    """A question whose reader left an address and followed its confirmation link."""
    item = question_submit(
        question=text, values=[], email=ADDRESS, consent=True, network="192.0.2.1"
    )
    assert address_confirm(token=confirmation_token(item)) == 1
    return item


def reply():
    """The message about the question's outcome (not its address's confirmation)."""
    return ReplyMail.objects.exclude(kind="confirm").get()


def test_a_reader_pointed_to_an_existing_answer_receives_its_link(
    editor_client, small_corpus, mail_port
):
    item = reader_question("Quand le solde de l'aide est-il versé ?")
    entry = Entry.objects.get(slug="solde-du-financement")

    with smtp_server(mail_port) as inbox:
        response = editor_client.post(
            CHANGELIST,
            {"action": "mark_duplicate", "_selected_action": [item.pk], "entry": entry.pk},
        )
        assert response.status_code == 302
        assert wait_for(lambda: inbox.messages)

    message = inbox.messages[0]
    assert message["To"] == ADDRESS
    assert inbox.subjects() == ["Une réponse existe déjà à votre question"]
    body = message.get_content()
    assert "« Quand le solde de l'aide est-il versé ? »" in body
    assert f"{SITE}/questions/solde-du-financement/" in body
    assert f"{SITE}/poser-une-question/" in body
    assert reply().status == "sent"


def test_an_answer_is_mailed_when_it_is_published_not_while_it_is_a_draft(
    editor, small_corpus, mail_port
):
    item = reader_question()
    draft = Entry.objects.create(
        question="Une instance de formation compte-t-elle ?",
        slug="instance-de-formation",
        answer="<p>Non.</p>",
        status=Entry.Status.DRAFT,
    )

    with smtp_server(mail_port) as inbox:
        question_mark_answered(item=item, entry=draft)
        assert wait_for(lambda: reply().last_error)
        assert reply().last_error == "en attente de la publication"
        assert inbox.messages == []

        entry_transition(entry=draft, status=Entry.Status.PUBLISHED, user=editor)
        assert wait_for(lambda: inbox.messages)

    assert inbox.subjects() == ["Votre question a reçu une réponse"]
    assert f"{SITE}/questions/instance-de-formation/" in inbox.messages[0].get_content()


def test_a_dead_mail_server_neither_blocks_the_editor_nor_loses_the_message(
    client, editor_client, small_corpus, mail_port
):
    item = reader_question("Achetez nos montres de luxe à prix cassés")

    # Nothing listens on the mail port: the editor's action still returns at once.
    response = editor_client.post(CHANGELIST, {"action": "reject", "_selected_action": [item.pk]})
    assert response.status_code == 302
    assert wait_for(lambda: reply().attempts == 1)

    failed = reply()
    assert failed.status == "pending"
    assert "ConnectionRefusedError" in failed.last_error
    listing = editor_client.get("/admin/inquiries/replymail/").content.decode()
    assert "ConnectionRefusedError" in listing
    assert client.get("/readyz").json()["mail"]["state"] == "degraded"
    assert client.get("/readyz").status_code == 200  # readers are still served

    with smtp_server(mail_port) as inbox:
        output = io.StringIO()
        call_command("sendmail", "--retry-now", stdout=output)

    assert "1 message(s) envoyé(s)" in output.getvalue()
    assert inbox.subjects() == ["Votre question n'a pas été retenue"]
    assert "Merci de nous avoir écrit" in inbox.messages[0].get_content()
    assert reply().status == "sent"
    assert client.get("/readyz").json()["mail"]["state"] == "ok"


def test_a_reader_who_left_no_address_is_owed_no_message(editor_client, small_corpus):
    item = ReaderQuestion.objects.create(question="Une question sans adresse, assez longue")

    editor_client.post(CHANGELIST, {"action": "reject", "_selected_action": [item.pk]})

    assert ReaderQuestion.objects.get().status == "rejected"
    assert not ReplyMail.objects.exists()


def test_an_address_erased_before_sending_cancels_the_message(small_corpus, mail_port):
    item = reader_question()
    with override_settings(EMAIL_PORT=free_port()):  # nothing listens: the message waits
        from segurfaq.inquiries.services import question_reject

        question_reject(item=item)
        assert wait_for(lambda: reply().attempts == 1)
    ReaderQuestion.objects.update(email="", consent=False)

    with smtp_server(mail_port) as inbox:
        call_command("sendmail", "--retry-now", stdout=io.StringIO())

    assert inbox.messages == []
    assert reply().status == "cancelled"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://agent%40ans.fr:s%C3%A9cret@smtp.example.fr",
            {"EMAIL_HOST": "smtp.example.fr", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True},
        ),
        ("smtps://smtp.example.fr", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("smtp://127.0.0.1:2525", {"EMAIL_PORT": 2525, "EMAIL_USE_TLS": False}),
    ],
)
def test_the_mail_server_is_given_by_one_url(url, expected):
    found = email_settings({"EMAIL_URL": url})

    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert expected.items() <= found.items()
    if url.startswith("smtp+tls"):
        assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == (
            "agent@ans.fr",
            "sécret",
        )


def test_no_mail_server_writes_messages_to_the_console_and_a_wrong_one_says_what_to_give():
    assert email_settings({})["EMAIL_BACKEND"].endswith("AddressHidingConsoleBackend")
    with pytest.raises(ImproperlyConfigured, match="smtp\\+tls://"):
        email_settings({"EMAIL_URL": "http://smtp.example.fr"})
