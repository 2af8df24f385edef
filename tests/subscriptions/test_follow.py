"""A reader follows the slice of the FAQ that concerns them: double opt-in (one confirmation
message, nothing else before it is confirmed), then one digest per period with the new
entries and doctrine changes of their selection, never a correction of form; a signed
link in every message changes the follow or stops it, and stopping erases the address.
Messages go to a real SMTP server of the test's own."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save
from segurfaq.subscriptions.digests import IMMEDIATE_PERIOD
from segurfaq.subscriptions.models import Follower, FollowerMail
from segurfaq.subscriptions.services import manage_token
from tests.smtp import ADDRESS, SITE, Inbox, smtp_server, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def follow(client, query: str, **fields):
    data = {"email": ADDRESS, "frequency": "immediate", "consent": "on", **fields}
    return client.post(f"/suivre/?{query}", data)


def link(message, path: str) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(rf"{re.escape(SITE)}({re.escape(path)}[^\s]+)", body)
    assert found, body
    return found.group(1)


def confirmed_follower(client, inbox, query="couloir=biologie-medicale"):
    assert follow(client, query).status_code == 302
    assert wait_for(lambda: inbox.messages)
    confirm = link(inbox.messages[-1], "/suivre/confirmer/")
    assert client.post(confirm).status_code == 200
    return Follower.objects.get()


def publish_later(slug: str, *, answer: str, kind: str = "", summary: str = ""):
    entry = Entry.objects.get(slug=slug)
    entry.answer_source = answer
    entry_save(entry=entry, content_changed=True, change_kind=kind, change_summary=summary)


def digest_run():
    call_command("digest", "--rate", "0", stdout=io.StringIO())


def run_digest_after_the_period(monkeypatch):
    later = timezone.now() + IMMEDIATE_PERIOD * 2
    monkeypatch.setattr(timezone, "now", lambda: later)
    digest_run()


def test_following_a_selection_asks_for_a_confirmation_and_nothing_else(
    client, small_corpus, mail_port
):
    with smtp_server(mail_port) as inbox:
        response = follow(client, "couloir=biologie-medicale")
        assert response.status_code == 302
        assert wait_for(lambda: inbox.messages)

    message = inbox.messages[0]
    assert inbox.subjects() == ["Confirmez votre suivi de la FAQ Ségur"]
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Couloir Ségur : Biologie médicale" in body
    follower = Follower.objects.get()
    assert follower.confirmed_at is None
    assert follower.selection == ["couloir/biologie-medicale"]


def test_a_confirmed_follower_receives_a_doctrine_change_and_not_a_correction(
    client, small_corpus, mail_port, monkeypatch
):
    with smtp_server(mail_port) as inbox:
        confirmed_follower(client, inbox)
        publish_later(
            "ins-au-laboratoire",
            answer="Oui, le SGL qualifie l'identité dès l'accueil du patient.",
            summary="La qualification se fait dès l'accueil.",
        )
        publish_later(
            "ins-au-laboratoire",
            answer="Oui, le SGL qualifie l'identité dès l'accueil du patient !",
            kind=Entry.ChangeKind.CORRECTION,
        )
        publish_later("solde-du-financement", answer="Le solde est versé en 2027.")
        run_digest_after_the_period(monkeypatch)
        assert wait_for(lambda: len(inbox.messages) == 2)

    digest = inbox.messages[1]
    assert inbox.subjects()[1] == "FAQ Ségur : nouveautés des réponses que vous suivez"
    text = digest.get_body(preferencelist=("plain",)).get_content()
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert "Changement de doctrine" in text
    assert "Le laboratoire doit-il qualifier l'INS ?" in text
    assert "Ce qui change : La qualification se fait dès l'accueil." in text
    assert "{+" in text and "<ins>" in html
    assert "solde" not in text  # another couloir
    assert text.count("Le laboratoire doit-il qualifier") == 1  # the correction is not there
    assert str(digest["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    assert str(digest["List-Unsubscribe"]).strip().startswith(f"<{SITE}/suivre/arreter/")
    assert FollowerMail.objects.get(kind="digest").status == "sent"


def test_one_message_per_period_however_often_the_command_runs(
    client, small_corpus, mail_port, monkeypatch
):
    with smtp_server(mail_port) as inbox:
        confirmed_follower(client, inbox)
        publish_later("ins-au-laboratoire", answer="Oui, le SGL qualifie l'INS à chaque venue.")
        run_digest_after_the_period(monkeypatch)
        digest_run()
        digest_run()
        assert wait_for(lambda: len(inbox.messages) == 2)

    assert FollowerMail.objects.filter(kind="digest").count() == 1
    assert len(inbox.messages) == 2


def test_an_unconfirmed_follower_receives_no_digest(client, small_corpus, mail_port, monkeypatch):
    with smtp_server(mail_port) as inbox:
        assert follow(client, "couloir=biologie-medicale").status_code == 302
        assert wait_for(lambda: inbox.messages)
        publish_later("ins-au-laboratoire", answer="Oui, le SGL qualifie l'INS à chaque venue.")
        run_digest_after_the_period(monkeypatch)

    assert inbox.subjects() == ["Confirmez votre suivi de la FAQ Ségur"]
    assert not FollowerMail.objects.filter(kind="digest").exists()


def test_one_click_unsubscription_erases_the_address(client, small_corpus, mail_port):
    with smtp_server(mail_port) as inbox:
        follower = confirmed_follower(client, inbox)
    stop = f"/suivre/arreter/{manage_token(follower)}/"

    # A mail program posts this, without a page or a CSRF token (RFC 8058).
    response = client.post(stop, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Follower.objects.exists()
    assert not FollowerMail.objects.exists()


def test_the_follow_page_changes_the_frequency_and_the_selection(client, small_corpus, mail_port):
    with smtp_server(mail_port) as inbox:
        follower = confirmed_follower(
            client, inbox, "couloir=biologie-medicale&theme=identitovigilance"
        )
    page = f"/suivre/gerer/{manage_token(follower)}/"
    assert "Biologie médicale" in client.get(page).content.decode()

    response = client.post(page, {"frequency": "weekly", "selection": ["theme/identitovigilance"]})

    assert response.status_code == 200
    follower.refresh_from_db()
    assert follower.frequency == "weekly"
    assert follower.selection == ["theme/identitovigilance"]


def test_a_hard_bounce_suspends_the_follow(client, small_corpus, mail_port, monkeypatch):
    with smtp_server(mail_port) as inbox:
        follower = confirmed_follower(client, inbox)
    with smtp_server(mail_port, Inbox(refused=(ADDRESS,))):
        publish_later("ins-au-laboratoire", answer="Oui, le SGL qualifie l'INS à chaque venue.")
        run_digest_after_the_period(monkeypatch)

    follower.refresh_from_db()
    assert follower.paused_at is not None
    assert ADDRESS not in follower.pause_reason


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("couloir=inconnu", "Le filtre « couloir/inconnu » n&#x27;existe pas."),
        ("question=pas-une-reponse", "Cette réponse n&#x27;existe pas."),
        ("question=brouillon-officine", "Cette réponse n&#x27;est pas publiée"),
    ],
)
def test_following_what_does_not_exist_is_refused_in_french(client, small_corpus, query, message):
    response = client.get(f"/suivre/?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_address_or_no_consent_keeps_nothing(client, small_corpus):
    response = follow(client, "couloir=biologie-medicale", email="pas-une-adresse", consent="")

    content = response.content.decode()
    assert response.status_code == 400
    assert "Cette adresse électronique n&#x27;est pas valide." in content
    assert "Cochez la case" in content
    assert not Follower.objects.exists()


def test_unconfirmed_follows_are_erased_by_the_purge(client, small_corpus, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    follow(client, "couloir=biologie-medicale")
    Follower.objects.update(created_at=timezone.now() - timedelta(days=8))

    call_command("purge", stdout=io.StringIO())

    assert not Follower.objects.exists()


def test_a_follow_of_keywords_receives_the_changes_the_search_finds(
    client, small_corpus, mail_port, monkeypatch
):
    with smtp_server(mail_port) as inbox:
        confirmed_follower(client, inbox, "q=qualifier+l%27INS+au+laboratoire")
        publish_later("ins-au-laboratoire", answer="Oui, le SGL qualifie l'INS à chaque venue.")
        publish_later("solde-du-financement", answer="Le solde est versé en 2027.")
        run_digest_after_the_period(monkeypatch)
        assert wait_for(lambda: len(inbox.messages) == 2)

    text = inbox.messages[1].get_body(preferencelist=("plain",)).get_content()
    assert "Le laboratoire doit-il qualifier l'INS ?" in text
    assert "solde" not in text
    assert "les mots « qualifier l'INS au laboratoire »" in text


def test_editors_see_how_many_follow_what_and_what_the_next_digests_announce_never_who(
    editor_client, small_corpus
):
    earlier = timezone.now() - timedelta(hours=1)
    for number in range(3):
        Follower.objects.create(
            email=f"lecteur{number}@example.fr",
            mailbox_key=str(number),
            selection=["couloir/biologie-medicale"],
            confirmed_at=earlier,
            covered_until=earlier,
        )
    publish_later(
        "ins-au-laboratoire",
        answer="Oui, le SGL qualifie l'INS à chaque venue.",
        summary="À chaque venue.",
    )

    page = editor_client.get("/admin/subscriptions/follower/statistiques/")
    listing = editor_client.get("/admin/subscriptions/follower/")

    content = page.content.decode()
    assert page.status_code == 200
    assert "Couloir Ségur : Biologie médicale" in content
    assert "<td>3</td>" in content
    assert "Le laboratoire doit-il qualifier l&#x27;INS ?" in content
    assert "À chaque venue." in content
    assert listing.status_code == 200
    assert "@example.fr" not in content + listing.content.decode()


def test_a_mail_server_that_fails_digests_is_said_in_readyz_and_they_leave_once_it_is_back(
    client, small_corpus, mail_port, monkeypatch
):
    with smtp_server(mail_port) as inbox:
        confirmed_follower(client, inbox)
    publish_later("ins-au-laboratoire", answer="Oui, le SGL qualifie l'INS à chaque venue.")
    run_digest_after_the_period(monkeypatch)  # no mail server listens now

    waiting = FollowerMail.objects.get(kind="digest")
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    ready = client.get("/readyz")
    assert ready.status_code == 200  # readers are still served
    assert ready.json()["digests"]["state"] == "degraded"

    FollowerMail.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with smtp_server(mail_port) as inbox:
        digest_run()
        assert wait_for(lambda: inbox.messages)

    assert FollowerMail.objects.get(kind="digest").status == "sent"
    assert client.get("/readyz").json()["digests"]["state"] == "ok"
