"""Sign-in attempts to the back office, counted in the database.

A stranger who knows an editor's user name must not lock that editor out: attempts count
per user name *and* address (an IPv6 address as its /64), so that five wrong passwords from
one address make that address wait, not the editor at the office. From FREE_FAILURES on,
each further failure doubles the wait, from FIRST_WAIT to LONGEST_WAIT. An address trying
many user names (password spraying) waits too, after ADDRESS_FREE_FAILURES.

An attempt is counted as a failure *before* the password is checked, in one locked update
of the database, and taken back if the password was right: simultaneous attempts cannot
all slip into the moment before the first failure is written. While a wait runs, the
password is not even checked. The counts live in the database: shared by every worker and
instance, Redis or not, and kept across restarts; a day without failure forgets them.
"""

import math
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from segurfaq.accounts.models import LoginFailure
from segurfaq.operations.keyed import keyed_hash

FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
# 2 ** 6 minutes already passes LONGEST_WAIT: the exponent goes no further.
MAX_DOUBLINGS = 6
FORGOTTEN_AFTER = timedelta(days=1)


def _keys(username: str, network: str) -> dict[str, int]:
    """Each counter's key (no user name nor address in clear) and the failures it allows."""
    name = username.strip().casefold()
    return {
        keyed_hash("login-user", name, network, length=64): FREE_FAILURES,
        keyed_hash("login-address", network, length=64): ADDRESS_FREE_FAILURES,
    }


def login_attempt(*, username: str, network: str) -> int:
    """Count one attempt of this user name from this address, as a failure until
    login_succeeded takes it back. Returns the seconds to wait before trying (0: check the
    password now; the attempt was counted only then)."""
    now = timezone.now()
    keys = _keys(username, network)
    with transaction.atomic():
        counters = [(_locked(key, now), free) for key, free in keys.items()]
        waits = [
            c.blocked_until for c, _free in counters if c.blocked_until and c.blocked_until > now
        ]
        if waits:
            return math.ceil((max(waits) - now).total_seconds())
        for counter, free in counters:
            if now - counter.last_failure_at > FORGOTTEN_AFTER:
                counter.failures = 0
            counter.failures += 1
            counter.last_failure_at = now
            if counter.failures >= free:
                doublings = min(counter.failures - free, MAX_DOUBLINGS)
                counter.blocked_until = now + min(FIRST_WAIT * 2**doublings, LONGEST_WAIT)
            counter.save()
    return 0


def login_wait(*, username: str, network: str) -> int:
    """The seconds this user name must now wait from this address (0: none)."""
    now = timezone.now()
    until = (
        LoginFailure.objects.filter(key__in=_keys(username, network), blocked_until__gt=now)
        .order_by("-blocked_until")
        .values_list("blocked_until", flat=True)
        .first()
    )
    return math.ceil((until - now).total_seconds()) if until else 0


def login_succeeded(*, username: str, network: str) -> None:
    """The right password: this user name's count from this address starts again, and the
    address's is given back the attempt."""
    user_key, address_key = _keys(username, network)
    with transaction.atomic():
        LoginFailure.objects.filter(key=user_key).delete()
        address = LoginFailure.objects.select_for_update().filter(key=address_key).first()
        if address is not None:
            address.failures = max(address.failures - 1, 0)
            if address.failures < ADDRESS_FREE_FAILURES:
                address.blocked_until = None
            address.save(update_fields=["failures", "blocked_until"])


def login_failures_purge() -> int:
    """Forget the failures of a day ago (the keys are hashes of addresses)."""
    return LoginFailure.objects.filter(
        last_failure_at__lt=timezone.now() - FORGOTTEN_AFTER
    ).delete()[0]


def _locked(key: str, now) -> LoginFailure:
    try:
        with transaction.atomic():
            LoginFailure.objects.get_or_create(key=key, defaults={"last_failure_at": now})
    except IntegrityError:  # made by another worker at the same moment
        pass
    return LoginFailure.objects.select_for_update().get(key=key)
