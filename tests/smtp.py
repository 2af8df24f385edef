"""A real SMTP server of the tests' own (aiosmtpd) on a port they choose, and what it took."""

import email
import time
from contextlib import contextmanager
from email import policy

from aiosmtpd.controller import Controller

ADDRESS = "lectrice@example.fr"
SITE = "https://faq.example.fr"


class Inbox:
    def __init__(self, refused: tuple[str, ...] = ()):
        self.messages = []
        # Recipients this server refuses for good, as a mailbox that does not exist.
        self.refused = {address.casefold() for address in refused}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.casefold() in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

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


def wait_for(condition, seconds=15.0) -> bool:
    """Whether the condition came true within the time (messages leave from a thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
