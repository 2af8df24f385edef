"""A reader follows the slice of the FAQ that concerns them, in a real browser, with
JavaScript on and off: from the list page, confirmed from the message (a real SMTP server),
a digest after an editor's doctrine change and none after a correction, then stopped from
the message's link; and in one click from the message's header."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save
from segurfaq.subscriptions.digests import IMMEDIATE_PERIOD
from segurfaq.subscriptions.mail import mail_message
from segurfaq.subscriptions.models import Follower, FollowerMail
from tests.smtp import ADDRESS, SITE, smtp_server, wait_for

COULOIR = "biologie-medicale"


def plain(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def path_in(message, start: str) -> str:
    found = re.search(rf"{re.escape(SITE)}({re.escape(start)}\S+)", plain(message))
    assert found, plain(message)
    return found.group(1)


def publish(entry: Entry, answer: str, kind: str = "") -> None:
    entry.answer_source = answer
    entry_save(entry=entry, content_changed=True, change_kind=kind)


def follow_from_the_list(page, site: str) -> None:
    page.goto(f"{site}/?couloir={COULOIR}")
    page.click("text=Suivre ces questions")
    page.wait_for_selector("h1:has-text('Suivre ces questions')")
    assert "Biologie médicale" in page.inner_text("main")
    page.fill("#id_email", ADDRESS)
    page.locator("label[for=id_consent]").click()
    page.click("button:has-text('Suivre')")
    page.wait_for_selector("text=Plus qu’une étape : confirmez votre adresse")


def test_follow_a_selection_confirm_receive_a_doctrine_change_and_stop(
    site, page, mail_port, monkeypatch
):
    entry = Entry.objects.filter(values__slug=COULOIR, status="published").first()
    with smtp_server(mail_port) as inbox:
        follow_from_the_list(page, site)
        assert wait_for(lambda: inbox.messages)
        page.goto(site + path_in(inbox.messages[0], "/suivre/confirmer/"))
        page.click("button:has-text('Confirmer mon suivi')")
        page.wait_for_selector("text=Votre suivi est confirmé")

        publish(entry, entry.answer_source + "\n\nCette règle s'applique dès 2027.")
        publish(entry, entry.answer_source + " ", kind=Entry.ChangeKind.CORRECTION)
        later = timezone.now() + IMMEDIATE_PERIOD * 2
        monkeypatch.setattr(timezone, "now", lambda: later)
        call_command("digest", "--rate", "0")
        assert wait_for(lambda: len(inbox.messages) == 2)

        digest = plain(inbox.messages[1])
        assert "Changement de doctrine" in digest
        assert entry.question in digest
        assert "Correction de forme" not in digest

        page.goto(site + path_in(inbox.messages[1], "/suivre/arreter/"))
        page.click("button:has-text('Arrêter le suivi')")
        page.wait_for_selector("text=Vous ne recevrez plus rien")

    assert not Follower.objects.exists()


@pytest.mark.parametrize("page", [True], indirect=True, ids=["js"])
def test_a_mail_program_unsubscribes_in_one_click_from_the_header(site, page, mail_port):
    with smtp_server(mail_port) as inbox:
        follow_from_the_list(page, site)
        assert wait_for(lambda: inbox.messages)
        page.goto(site + path_in(inbox.messages[0], "/suivre/confirmer/"))
        page.click("button:has-text('Confirmer mon suivi')")
        page.wait_for_selector("text=Votre suivi est confirmé")
    follower = Follower.objects.get()
    header = mail_message(FollowerMail(follower=follower, kind="confirm")).extra_headers
    url = header["List-Unsubscribe"].strip("<>").replace(SITE, site)

    # What a mail program sends (RFC 8058): a POST with this body, no cookie, no token.
    response = page.request.post(url, form={"List-Unsubscribe": "One-Click"})

    assert response.status == 200
    assert not Follower.objects.exists()
