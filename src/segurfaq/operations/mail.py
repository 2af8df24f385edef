"""Mail without readers' addresses where they need not be: in error texts, in logs."""

import re
import smtplib
import time
from datetime import timedelta

from django.core.mail.backends.console import EmailBackend
from django.db import OperationalError, connection

# Anything around an "@": wider than an address (Django accepts "{x}@y.fr" and
# "x@[192.0.2.1]"), since what must never stay is an address, whatever it looks like.
_AROUND_AT = re.compile(r"\S*@\S*")
RECIPIENT_HEADERS = ("To", "Cc", "Bcc", "Reply-To")
HIDDEN = "[adresse]"


def without_addresses(text: str, *known: str) -> str:
    """The text with the `known` addresses (case-insensitively) and anything else that could
    be one replaced by « [adresse] »: a mail server's refusal names the address it refused."""
    for address in known:
        if address:
            text = re.sub(re.escape(address), HIDDEN, text, flags=re.IGNORECASE)
    return _AROUND_AT.sub(HIDDEN, text)


class AddressHidingConsoleBackend(EmailBackend):
    """Django's console back end (the default when no mail server is configured: messages
    are written to the standard output, which is the service's log), without the
    recipients' addresses."""

    def write_message(self, message):
        mime = message.message()
        for header in RECIPIENT_HEADERS:
            if header in mime:
                mime.replace_header(header, HIDDEN)
        text = mime.as_bytes().decode("utf-8", errors="replace")
        self.stream.write(f"{text}\n{'-' * 79}\n")


# When a message the mail server did not take is tried again: after 1, 5, 15, 60 minutes,
# then every 3 hours; given up after MAX_ATTEMPTS (about a day and a half).
RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60)] + [timedelta(hours=3)]
MAX_ATTEMPTS = 12


def retry_delay(attempts: int) -> timedelta:
    return RETRY_DELAYS[min(max(attempts - 1, 0), len(RETRY_DELAYS) - 1)]


def refused_for_good(error: Exception) -> bool:
    """The mail server refused every recipient with a permanent (5xx) answer: a mailbox that
    does not exist, not a failure of the service's to try again."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        500 <= code < 600 for code, _message in error.recipients.values()
    )


# A process that claimed a message and died leaves it to the others after this.
CLAIM = timedelta(minutes=2)
# Recording a try's outcome waits out a busy or reconnecting database this many times
# (0.1, 0.2, 0.4, 0.8 s): a message sent but not marked so would leave again once its
# claim expires.
RECORD_TRIES = 5


def outcome_record(model, pk: int, **fields) -> None:
    """Store a try's outcome on a queued message's row, waiting out a database that is
    briefly locked (SQLite) or reconnecting (PostgreSQL) rather than leaving it claimed."""
    for attempt in range(RECORD_TRIES):
        try:
            model.objects.filter(pk=pk).update(**fields)
            return
        except OperationalError:
            if attempt == RECORD_TRIES - 1 or connection.in_atomic_block:
                raise
            # A connection the error broke is opened again by the next query.
            connection.close()
            time.sleep(0.1 * 2**attempt)
