"""The anonymous identity a reader votes with."""

import hashlib
import hmac
import secrets

from django.conf import settings

SESSION_KEY = "visitor"


def visitor_token(request, *, create: bool) -> str | None:
    token = request.session.get(SESSION_KEY)
    if token is None and create:
        token = secrets.token_urlsafe(24)
        request.session[SESSION_KEY] = token
    return token


def visitor_hash(token: str) -> str:
    """What the database keeps of the reader: an HMAC of their random session token."""
    key = hashlib.sha256(f"segurfaq-visitor:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def request_visitor(request, *, create: bool = False) -> str | None:
    token = visitor_token(request, create=create)
    return visitor_hash(token) if token else None
