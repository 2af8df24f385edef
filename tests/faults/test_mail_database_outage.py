"""The database going away just after the mail server took a reader's message: the message
is still recorded as sent when the database returns, and never leaves twice."""

import email
import threading
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller

from tests.faults.tools import database_port, postgres_only, tcp_proxy, through_proxy
from tests.server import (
    Browser,
    database_rows,
    free_port,
    http_request,
    own_database,
    production_server,
    segurfaq_env,
    segurfaq_run,
)

pytestmark = [
    pytest.mark.server,
    postgres_only,
]
PASSWORD = "mot de passe des essais 2025"
CHANGELIST = "/admin/inquiries/readerquestion/"


class CuttingInbox:
    """An SMTP server's handler that, once it has taken a message, cuts the service's
    database connections for a moment: the service learns the message left while it cannot
    write that down."""

    def __init__(self, proxy, outage: float):
        self.proxy = proxy
        self.outage = outage
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if len(self.messages) == 1:
            self.proxy.cut()
            threading.Timer(self.outage, self.proxy.restore).start()
        return "250 Message accepted for delivery"


def _mail_status(database_url: str) -> str | None:
    rows = database_rows(database_url, "SELECT status FROM inquiries_replymail")
    return rows[0][0] if rows else None


def test_a_message_taken_by_the_mail_server_during_a_database_cut_is_recorded_once(tmp_path):
    smtp_port = free_port()
    with own_database(tmp_path) as database_url, tcp_proxy(database_port(database_url)) as proxy:
        inbox = CuttingInbox(proxy, outage=0.5)
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            env = segurfaq_env(
                tmp_path,
                through_proxy(database_url, proxy),
                SECURE_COOKIES="false",
                EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            )
            with production_server(env, workers=1) as base:
                segurfaq_run(env, "createadmin", "cheffe", input=PASSWORD + "\n")
                asked = http_request(
                    base,
                    "POST",
                    "/api/v1/questions",
                    payload={
                        "question": "Une instance de formation compte-t-elle pour le Ségur ?",
                        "email": "lectrice@example.fr",
                        "consent": True,
                    },
                )
                assert asked.status == 201, asked.text
                editor = Browser(base)
                assert editor.log_in("cheffe", PASSWORD).status == 302
                token = dict(editor.form_fields(CHANGELIST, "changelist-form"))[
                    "csrfmiddlewaretoken"
                ]
                rejected = editor.request(
                    "POST",
                    CHANGELIST,
                    form=[
                        ("csrfmiddlewaretoken", token),
                        ("action", "reject"),
                        ("_selected_action", str(asked.json()["id"])),
                    ],
                )
                assert rejected.status == 302, rejected.text[:500]
                deadline = time.monotonic() + 20
                while _mail_status(database_url) != "sent" and time.monotonic() < deadline:
                    time.sleep(0.2)
                status = _mail_status(database_url)
                again = segurfaq_run(env, "sendmail", "--retry-now").stdout
        finally:
            controller.stop()

    assert status == "sent"
    assert len(inbox.messages) == 1
    assert str(inbox.messages[0]["Subject"]).strip() == "Votre question n'a pas été retenue"
    assert "0 message(s) envoyé(s)" in again
