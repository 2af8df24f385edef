"""Points 5 and 8: the service writes to an address only once its owner confirmed it, and
an address is nowhere but where the purge erases it."""

import io
import logging
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.inquiries.models import ReaderQuestion, ReplyMail
from tests.smtp import ADDRESS, SITE, Inbox, smtp_server, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

ASK = "/poser-une-question/"
CHANGELIST = "/admin/inquiries/readerquestion/"
SPAM = "Achetez nos montres de luxe sur https://montres.example/promo à prix cassés"
QUESTION = "Une instance de formation compte-t-elle pour le financement Ségur ?"
CONFIRMATION = "Confirmez votre adresse électronique"


def _ask(text: str, address: str = ADDRESS, source: str = "192.0.2.7") -> ReaderQuestion:
    response = Client(REMOTE_ADDR=source).post(
        ASK, {"question": text, "email": address, "consent": "on"}
    )
    assert response.status_code == 302
    return ReaderQuestion.objects.get(question=text)


def _settled(item: ReaderQuestion, kind: str) -> bool:
    """The message of this kind was tried: sent, or told to wait."""
    mail = ReplyMail.objects.filter(question=item, kind=kind).first()
    return mail is not None and (mail.status != "pending" or bool(mail.last_error))


def _confirmation_link(message) -> str:
    return re.search(rf"{re.escape(SITE)}(/poser-une-question/confirmer/\S+/)", _body(message))[1]


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_stranger_cannot_make_the_service_write_to_someone_elses_address(
    editor_client, small_corpus, mail_port
):
    with smtp_server(mail_port) as inbox:
        item = _ask(SPAM)
        assert wait_for(lambda: inbox.messages)
        editor_client.post(CHANGELIST, {"action": "reject", "_selected_action": [item.pk]})
        assert wait_for(lambda: _settled(item, "rejected"))

    assert inbox.subjects() == [CONFIRMATION]
    body = _body(inbox.messages[0])
    assert "montres" not in body and "montres.example" not in body
    assert ReplyMail.objects.get(kind="rejected").status == "pending"


def test_one_confirmation_message_a_day_whatever_the_number_of_questions(small_corpus, mail_port):
    with smtp_server(mail_port) as inbox:
        first = _ask(QUESTION, source="192.0.2.7")
        second = _ask(QUESTION + " Et en 2026 ?", source="198.51.100.9")
        _ask(QUESTION + " Et pour une clinique ?", address=ADDRESS.upper())
        assert wait_for(lambda: _settled(first, "confirm"))

    assert inbox.subjects() == [CONFIRMATION]
    assert ReplyMail.objects.filter(kind="confirm").count() == 1
    assert second.email == ADDRESS


def test_an_unconfirmed_address_is_erased_after_seven_days(small_corpus, mail_port):
    with smtp_server(mail_port):
        item = _ask(QUESTION)
        assert wait_for(lambda: _settled(item, "confirm"))
    eight_days_ago = timezone.now() - timedelta(days=8)
    ReaderQuestion.objects.filter(pk=item.pk).update(created_at=eight_days_ago)
    ReplyMail.objects.filter(question=item).update(created_at=eight_days_ago)

    call_command("purge", stdout=io.StringIO())

    item.refresh_from_db()
    assert item.email == "" and item.email_purged_at is not None


def test_a_confirmed_reader_hears_back_and_a_rejection_quotes_nothing(
    client, editor_client, small_corpus, mail_port
):
    entry = Entry.objects.get(slug="solde-du-financement")
    with smtp_server(mail_port) as inbox:
        answered = _ask(QUESTION)
        rejected = _ask(SPAM, source="198.51.100.9")
        assert wait_for(lambda: inbox.messages)
        link = _confirmation_link(inbox.messages[0])
        page = client.get(link)
        assert page.status_code == 200 and "Confirmer mon adresse" in page.content.decode()
        confirmed = client.post(link)
        assert "Votre adresse est confirmée" in confirmed.content.decode()

        editor_client.post(
            CHANGELIST,
            {"action": "mark_duplicate", "_selected_action": [answered.pk], "entry": entry.pk},
        )
        editor_client.post(CHANGELIST, {"action": "reject", "_selected_action": [rejected.pk]})
        assert wait_for(lambda: len(inbox.messages) == 3)

    bodies = {str(m["Subject"]).strip(): _body(m) for m in inbox.messages}
    assert QUESTION in bodies["Une réponse existe déjà à votre question"]
    assert "montres" not in bodies["Votre question n'a pas été retenue"]


def test_a_confirmation_link_opened_by_a_mail_scanner_confirms_nothing(
    client, small_corpus, mail_port
):
    with smtp_server(mail_port) as inbox:
        item = _ask(QUESTION)
        assert wait_for(lambda: inbox.messages)
        client.get(_confirmation_link(inbox.messages[0]))

    item.refresh_from_db()
    assert item.email_confirmed_at is None


def test_a_refused_address_is_neither_in_the_error_text_nor_in_the_log_and_the_purge_erases_it(
    editor_client, small_corpus, mail_port, caplog
):
    caplog.set_level(logging.INFO)
    with smtp_server(mail_port, Inbox(refused=(ADDRESS,))):
        item = _ask(QUESTION)
        assert wait_for(lambda: _settled(item, "confirm"))

    mail = ReplyMail.objects.get(kind="confirm")
    assert mail.status == "cancelled" and "550" in mail.last_error
    assert ADDRESS not in mail.last_error
    # What the service logged (the test's own mail server logs what it receives).
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert ours and not any(ADDRESS in line for line in ours)
    assert ADDRESS in _everything_stored()

    ReaderQuestion.objects.update(created_at=timezone.now() - timedelta(days=400))
    call_command("purge", stdout=io.StringIO())

    assert ADDRESS not in _everything_stored()


def test_the_console_mail_backend_never_prints_the_address(small_corpus, settings, capsys):
    settings.EMAIL_BACKEND = "segurfaq.operations.mail.AddressHidingConsoleBackend"
    item = _ask(QUESTION)
    assert wait_for(lambda: ReplyMail.objects.filter(question=item, status="sent").exists())

    printed = capsys.readouterr().out
    assert "Subject: Confirmez" in printed or "confirmer/" in printed
    assert ADDRESS not in printed


def _everything_stored() -> str:
    """Every row of every table, as text (what a copy of the database would give away)."""
    rows = []
    for model in apps.get_models():
        rows.append(serializers.serialize("json", model._base_manager.all()))
    return "\n".join(rows).casefold()


def test_tags_and_capitals_make_no_new_mailbox_for_the_daily_confirmation(small_corpus, mail_port):
    local, domain = ADDRESS.split("@")
    with smtp_server(mail_port) as inbox:
        first = _ask(QUESTION, address=f"{local}+un@{domain}")
        _ask(
            QUESTION + " (2)",
            address=f"{local.upper()}+deux@{domain.upper()}",
            source="198.51.100.9",
        )
        assert wait_for(lambda: _settled(first, "confirm"))

    assert inbox.subjects() == [CONFIRMATION]


def test_a_question_asked_after_the_confirmation_asks_again_and_an_old_link_cannot_answer(
    client, small_corpus, mail_port
):
    with smtp_server(mail_port) as inbox:
        first = _ask(QUESTION)
        assert wait_for(lambda: inbox.messages)
        link = _confirmation_link(inbox.messages[0])
        client.post(link)
        later = _ask(QUESTION + " Et ensuite ?", source="198.51.100.9")
        assert wait_for(lambda: len(inbox.messages) == 2)
        client.post(link)  # the first message's link, used again

    first.refresh_from_db()
    later.refresh_from_db()
    assert inbox.subjects() == [CONFIRMATION, CONFIRMATION]
    assert first.email_confirmed_at is not None and later.email_confirmed_at is None


@pytest.mark.parametrize("refused", ["{lectrice}@example.fr", "lectrice@[192.0.2.1]"])
def test_an_odd_refused_address_is_not_in_the_error_text_either(
    small_corpus, mail_port, caplog, refused
):
    caplog.set_level(logging.INFO)
    with smtp_server(mail_port, Inbox(refused=(refused,))):
        item = _ask(QUESTION, address=refused)
        assert wait_for(lambda: _settled(item, "confirm"))

    mail = ReplyMail.objects.get(kind="confirm")
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert "550" in mail.last_error and "lectrice" not in mail.last_error
    assert not any("lectrice" in line for line in ours)


@override_settings(SEGURFAQ_CONFIRMATIONS_PER_HOUR=2)
def test_the_service_sends_few_confirmations_an_hour_whoever_asks(
    small_corpus, mail_port, one_rate_window
):
    with smtp_server(mail_port):
        for n in range(2):
            _ask(QUESTION + f" ({n})", address=f"personne{n}@example.fr", source=f"192.0.2.{n}")
        refused = Client(REMOTE_ADDR="192.0.2.9").post(
            ASK, {"question": QUESTION, "email": "personne9@example.fr", "consent": "on"}
        )
        anonymous = Client(REMOTE_ADDR="192.0.2.9").post(ASK, {"question": QUESTION + " ?"})

    assert refused.status_code == 429
    assert "sans adresse" in refused.content.decode()
    assert anonymous.status_code == 302
    assert ReplyMail.objects.filter(kind="confirm").count() == 2
