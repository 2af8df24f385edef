"""Back-office sessions held on the server.

Readers' sessions stay signed cookies (an anonymous visitor token, nothing to protect). A
staff member's session is also recorded in StaffSession when they sign in: the cookie
carries a random token naming the record, and a request whose record is gone, idle for
IDLE or older than LONGEST is signed out. So signing out ends every copy of the cookie (a
stolen one included), and no back-office session outlives a working day. A new password
ends the user's other sessions (Django's session hash, checked on every request).
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils import timezone

from segurfaq.accounts.models import StaffSession

TOKEN_KEY = "staff_session"
IDLE = timedelta(hours=2)
LONGEST = timedelta(hours=12)
# last_seen_at is written at most this often: not one write per request.
SEEN_EVERY = timedelta(minutes=1)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def staff_session_start(sender, *, request, user, **kwargs) -> None:
    """user_logged_in: record the session, and let its cookie live no longer than it."""
    if request is None or not hasattr(request, "session"):
        return
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    StaffSession.objects.create(key=_key(token), user=user, created_at=now, last_seen_at=now)
    request.session[TOKEN_KEY] = token
    request.session.set_expiry(int(LONGEST.total_seconds()))


def staff_session_end(sender, *, request, **kwargs) -> None:
    """user_logged_out: the record goes, and with it every copy of the cookie."""
    token = getattr(request, "session", {}).get(TOKEN_KEY) if request is not None else None
    if token:
        StaffSession.objects.filter(key=_key(token)).delete()


def staff_sessions_purge() -> int:
    """Records of sessions that ended without signing out (idle, or past their life)."""
    now = timezone.now()
    return (
        StaffSession.objects.filter(last_seen_at__lt=now - IDLE).delete()[0]
        + (StaffSession.objects.filter(created_at__lt=now - LONGEST).delete()[0])
    )


class StaffSessionMiddleware:
    """After AuthenticationMiddleware: a signed-in request whose session record is missing,
    idle or too old is signed out before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY in request.session and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        now = timezone.now()
        token = request.session.get(TOKEN_KEY) or ""
        record = StaffSession.objects.filter(key=_key(token), user=request.user).first()
        if record is None or now - record.last_seen_at > IDLE or now - record.created_at > LONGEST:
            logout(request)
            messages.info(request, "Votre session a pris fin : reconnectez-vous pour continuer.")
            return
        if now - record.last_seen_at > SEEN_EVERY:
            StaffSession.objects.filter(pk=record.pk).update(last_seen_at=now)
