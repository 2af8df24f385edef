"""Mail back ends of the service's own."""

import re

from django.core.mail.backends.console import EmailBackend

# An address in a header line: what the console must not print (its output is the log).
_ADDRESS = re.compile(r"[^\s<>()\[\]{},;:\"']+@[^\s<>()\[\]{},;:\"']+")
_RECIPIENT_HEADERS = re.compile(r"^(To|Cc|Bcc|Reply-To):.*$", re.IGNORECASE | re.MULTILINE)


class AddressHidingConsoleBackend(EmailBackend):
    """Django's console back end (the default when no mail server is configured: messages
    are written to the standard output, which is the service's log), without the
    recipients' addresses."""

    def write_message(self, message):
        text = message.message().as_bytes().decode("utf-8", errors="replace")
        text = _RECIPIENT_HEADERS.sub(lambda m: _ADDRESS.sub("[adresse]", m.group(0)), text)
        self.stream.write(f"{text}\n{'-' * 79}\n")
