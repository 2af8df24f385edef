"""Keyed hashes: how segurfaq keeps a mark of an address, a user name or an e-mail address
without keeping it. Without the secret key a hash cannot be tied back to what it hashes;
each purpose has its own key, so that one hash never matches another purpose's."""

import hashlib
import hmac

from django.conf import settings


def keyed_hash(purpose: str, *parts: str, length: int = 32) -> str:
    """HMAC-SHA-256 of the parts, keyed with the secret key and the purpose; hexadecimal,
    cut to `length` characters."""
    key = hashlib.sha256(f"segurfaq:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    message = "\x1f".join(parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:length]


def mailbox_key(address: str) -> str:
    """The mailbox an address reaches, as a keyed hash: case folded, without a "+tag" (the
    per-mailbox limits of the doors that take an address)."""
    local, _, domain = address.strip().casefold().rpartition("@")
    return keyed_hash("mailbox", local.split("+", 1)[0], domain)
