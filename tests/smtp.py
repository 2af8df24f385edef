"""A real SMTP server of the tests' own (aiosmtpd) on a port they choose, and what it took."""

import email
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.received()
        return "250 Message accepted for delivery"

    def received(self) -> None:
        """Called once a message is taken, before the client hears so: a test's hook."""

    def subjects(self) -> list[str]:
        # The parser keeps the space before an encoded word.
        return [str(message["Subject"]).strip() for message in self.messages]


@contextmanager
def smtp_server(port: int, inbox: Inbox | None = None):
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
