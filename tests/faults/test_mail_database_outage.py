"""The database going away just after the mail server took a reader's message: the message
is still recorded as sent when the database returns, and never leaves twice."""

import threading
import time

import pytest

from tests.faults.tools import database_behind_proxy, postgres_only
from tests.server import (
    database_rows,
    free_port,
    http_request,
    production_server,
    segurfaq_env,
    segurfaq_run,
)
from tests.smtp import Inbox, smtp_server

pytestmark = [
    pytest.mark.server,
    postgres_only,
]


class CuttingInbox(Inbox):
    """Once it has taken the first message, cuts the service's database connections for a
    moment: the service learns the message left while it cannot write that down."""

    def __init__(self, proxy, outage: float):
        super().__init__()
        self.proxy = proxy
        self.outage = outage

    def received(self) -> None:
        if len(self.messages) == 1:
            self.proxy.cut()
            threading.Timer(self.outage, self.proxy.restore).start()


def _mail_status(database_url: str) -> str | None:
    rows = database_rows(database_url, "SELECT status FROM inquiries_replymail")
    return rows[0][0] if rows else None


def test_a_message_taken_by_the_mail_server_during_a_database_cut_is_recorded_once(tmp_path):
    smtp_port = free_port()
    with database_behind_proxy(tmp_path) as (database_url, proxied_url, proxy):
        inbox = CuttingInbox(proxy, outage=0.5)
        with smtp_server(smtp_port, inbox):
            env = segurfaq_env(
                tmp_path,
                proxied_url,
                SECURE_COOKIES="false",
                EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            )
            with production_server(env, workers=1) as base:
                # The question asks its address to be confirmed: the first message, which
                # leaves just after the commit, while the editor does nothing yet.
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
                deadline = time.monotonic() + 20
                while _mail_status(database_url) != "sent" and time.monotonic() < deadline:
                    time.sleep(0.2)
                status = _mail_status(database_url)
                again = segurfaq_run(env, "sendmail", "--retry-now").stdout

    assert status == "sent"
    assert inbox.subjects() == ["Confirmez votre adresse électronique"]
    assert "0 message(s) envoyé(s)" in again
