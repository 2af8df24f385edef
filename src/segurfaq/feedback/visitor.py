"""The anonymous identity a reader votes with, under a salt that changes every month.

The database keeps an HMAC of a random token from the reader's session cookie (never an IP
address or user agent). The key mixes the server's secret with the month's salt, so the
same reader has a different hash each month. When a reader comes back in a new month, the
votes under last month's hash move to the new one (they can still change them); once a
salt is purged (`segurfaq purge` keeps the current and the previous month), the votes left
under it belong to nobody.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from segurfaq.operations.client_address import client_network
from segurfaq.operations.keyed import keyed_hash

SESSION_KEY = "visitor"
# The month whose hash the session's votes are under; no month: before salts existed.
SESSION_PERIOD_KEY = "visitor_period"

_secrets: dict[str, str | None] = {}  # period -> salt; a month's salt never changes once made
# This month's hashes already carried over (or found with nothing to carry) by this process:
# what the session's period key does for page readers, for API visitor ids.
_carried: set[str] = set()
_CARRIED_MAX = 20_000


def _period(moment=None) -> str:
    return timezone.localdate(moment).strftime("%Y-%m")


def _previous_period() -> str:
    first_of_month = timezone.localdate().replace(day=1)
    return (first_of_month - timedelta(days=1)).strftime("%Y-%m")


def _salt(period: str, *, create: bool) -> str | None:
    from segurfaq.feedback.models import VisitorSalt

    if period in _secrets and (_secrets[period] is not None or not create):
        return _secrets[period]
    salt = VisitorSalt.objects.filter(period=period).values_list("secret", flat=True).first()
    if salt is None and create:
        try:
            with transaction.atomic():
                salt = VisitorSalt.objects.create(
                    period=period, secret=secrets.token_hex(32)
                ).secret
        except IntegrityError:
            # Another worker made this month's salt first.
            salt = VisitorSalt.objects.get(period=period).secret
    if salt is not None or period < _period():
        # A past month's salt is never made later: knowing it has none saves a query a vote.
        _secrets[period] = salt
    return salt


def forget_cached_salts() -> None:
    """After salts were purged or restored by another command in this process."""
    _secrets.clear()
    _carried.clear()


def expired_salts_purge() -> int:
    """Delete the salts older than last month: votes under them then belong to nobody."""
    from segurfaq.feedback.models import VisitorSalt

    deleted = VisitorSalt.objects.exclude(period__in=[_period(), _previous_period()]).delete()
    forget_cached_salts()
    return deleted[0]


def _hash(token: str, salt: str | None) -> str:
    # No salt: the hash used before salts existed, kept so those votes can move over.
    material = f"segurfaq-visitor:{settings.SECRET_KEY}" + (f":{salt}" if salt else "")
    key = hashlib.sha256(material.encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def visitor_hash(token: str) -> str:
    """This month's hash of a visitor token."""
    return _hash(token, _salt(_period(), create=True))


def former_hashes(token: str) -> list[str]:
    """The hashes this token had before this month: last month's, or the unsalted one."""
    previous = _salt(_previous_period(), create=False)
    return [_hash(token, previous)] if previous else [_hash(token, None)]


def visitor_carry_over(token: str) -> str:
    """This month's hash, with the votes made under the former hashes moved onto it."""
    from segurfaq.feedback.models import Vote

    current = visitor_hash(token)
    if current in _carried:
        return current
    former = former_hashes(token)
    # Almost always nothing to move: find out with a read, outside any write transaction
    # (on SQLite each transaction takes the database's one write lock).
    if Vote.objects.filter(visitor__in=former).exists():
        with transaction.atomic():
            kept = Vote.objects.filter(visitor=current).values_list("entry_id", flat=True)
            # A vote already given this month wins over the older one on the same entry.
            Vote.objects.filter(visitor__in=former, entry_id__in=list(kept)).delete()
            Vote.objects.filter(visitor__in=former).update(visitor=current)
    if len(_carried) >= _CARRIED_MAX:
        _carried.clear()
    _carried.add(current)
    return current


def _first_token(network: str) -> str:
    """The token given to a reader who votes without a session: the same for every request
    from one address on one day, so that throwing the cookie away does not make a new
    reader (two first-time readers behind one address on one day vote as one)."""
    return keyed_hash("first-visit", network, timezone.localdate().isoformat())


def visitor_token(request, *, create: bool) -> str | None:
    token = request.session.get(SESSION_KEY)
    if token is None and create:
        token = _first_token(client_network(request))
        request.session[SESSION_KEY] = token
        request.session[SESSION_PERIOD_KEY] = _period()
    return token


def api_voter(request, *, network: str, supplied: str | None) -> str:
    """The reader of an API vote: the one its client names with its own id, or the session
    cookie's. An id is scoped to the client's address, so that the same id from elsewhere
    is someone else, and a client's ids are bounded by its address's limits
    (feedback.services)."""
    if supplied:
        return visitor_carry_over(f"api:{network}:{supplied}")
    return request_visitor(request, create=True)


def request_visitor(request, *, create: bool = False) -> str | None:
    """The reader's hash for this month; their older votes follow them on their first visit."""
    token = visitor_token(request, create=create)
    if token is None:
        return None
    period = _period()
    if request.session.get(SESSION_PERIOD_KEY) == period:
        return visitor_hash(token)
    current = visitor_carry_over(token)
    request.session[SESSION_PERIOD_KEY] = period
    return current
