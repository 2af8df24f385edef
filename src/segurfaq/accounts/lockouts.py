"""Failed sign-ins to the back office, counted in the database.

A stranger who knows an editor's user name must not lock that editor out: failures count
per user name *and* address (an IPv6 address as its /64), so that five wrong passwords from
one address make that address wait, not the editor at the office. Each failure past
FREE_FAILURES doubles the wait, from FIRST_WAIT to LONGEST_WAIT. An address trying many user
names (password spraying) waits too, after ADDRESS_FREE_FAILURES. While a wait runs, the
password is not even checked. The counts live in the database: shared by every worker
and instance, Redis or not, and kept across restarts; a day without failure forgets them.
"""

import hashlib
import math
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from segurfaq.accounts.models import LoginFailure

FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
FORGOTTEN_AFTER = timedelta(days=1)


def _keys(username: str, network: str) -> dict[str, int]:
    """Each counter's key (keyed hashes: no user name nor address in clear) and after how
    many failures it makes the client wait."""

    def key(*parts: str) -> str:
        material = ":".join([settings.SECRET_KEY, "login", *parts]).encode()
        return hashlib.sha256(material).hexdigest()

    name = username.strip().casefold()
    return {
        key("user", name, network): FREE_FAILURES,
        key("address", network): ADDRESS_FREE_FAILURES,
    }


def login_wait(*, username: str, network: str) -> int:
    """How many seconds this user name must wait from this address (0: may try now)."""
    now = timezone.now()
    until = (
        LoginFailure.objects.filter(key__in=_keys(username, network), blocked_until__gt=now)
        .order_by("-blocked_until")
        .values_list("blocked_until", flat=True)
        .first()
    )
    return math.ceil((until - now).total_seconds()) if until else 0


def login_failed(*, username: str, network: str) -> None:
    now = timezone.now()
    for key, free in _keys(username, network).items():
        with transaction.atomic():
            failure = _locked(key)
            if now - failure.last_failure_at > FORGOTTEN_AFTER:
                failure.failures = 0
            failure.failures += 1
            failure.last_failure_at = now
            if failure.failures >= free:
                wait = min(FIRST_WAIT * 2 ** (failure.failures - free), LONGEST_WAIT)
                failure.blocked_until = now + wait
            failure.save()


def login_succeeded(*, username: str, network: str) -> None:
    """The right password from this address: its count for this user name starts again."""
    user_key = next(iter(_keys(username, network)))
    LoginFailure.objects.filter(key=user_key).delete()


def login_failures_purge() -> int:
    """Forget the failures of a day ago (the keys are hashes of addresses)."""
    return LoginFailure.objects.filter(
        last_failure_at__lt=timezone.now() - FORGOTTEN_AFTER
    ).delete()[0]


def _locked(key: str) -> LoginFailure:
    try:
        with transaction.atomic():
            LoginFailure.objects.get_or_create(
                key=key, defaults={"last_failure_at": timezone.now()}
            )
    except IntegrityError:  # made by another worker at the same moment
        pass
    return LoginFailure.objects.select_for_update().get(key=key)
