"""Following a slice of the FAQ: the request (double opt-in), its confirmation, the changes
a follower makes from the link in every message, and the stop, which erases the address.
The page, the API and the command all go through these functions."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import EntryFilters, facet_values_find
from segurfaq.operations.keyed import keyed_hash, mailbox_key
from segurfaq.ratelimit import Limit, RateLimited
from segurfaq.subscriptions.models import Follower, FollowerMail

FOLLOWS = Limit(
    "follow",
    "SEGURFAQ_FOLLOWS_PER_HOUR",
    3600,
    guards="demandes de suivi envoyées par un même lecteur, un même réseau ou une même adresse",
)
FOLLOW_CONFIRMATIONS = Limit(
    "follow-confirmation",
    "SEGURFAQ_CONFIRMATIONS_PER_HOUR",
    3600,
    guards="messages de confirmation de suivi envoyés en tout (toutes adresses)",
)
# However many follows name a mailbox, it is sent one confirmation a day while none is
# answered: confirming it confirms them all.
CONFIRMATION_EVERY = timedelta(days=1)
EVERYONE = "tous"

CONFIRM_SALT = "segurfaq.subscriptions.confirm"
MANAGE_SALT = "segurfaq.subscriptions.manage"
# A link's token is about 80 characters: a door reads no more of one.
TOKEN_MAX_LENGTH = 200


class FollowRefused(ValueError):
    """A follow no reader would ask for; the message is for the reader, in French."""


class TooManyFollowConfirmations(RateLimited):
    message = (
        "Trop de demandes de suivi en ce moment : votre demande n'a pas été enregistrée. "
        "Réessayez un peu plus tard."
    )


@dataclass(frozen=True)
class FollowTarget:
    """What a follower follows: a facet selection (and keywords), or one entry."""

    selection: tuple[str, ...] = ()
    query: str = ""
    entry: Entry | None = None


def _address_digest(address: str) -> str:
    return keyed_hash("follower-address", address.strip().casefold(), length=24)


def confirmation_token(follower: Follower) -> str:
    return signing.dumps([follower.pk, _address_digest(follower.email)], salt=CONFIRM_SALT)


def manage_token(follower: Follower) -> str:
    """The link in every message: opens the follower's page (change or stop), no account.
    It names no address, only the follow and a keyed hash of its address."""
    return signing.dumps([follower.pk, _address_digest(follower.email)], salt=MANAGE_SALT)


def _read(token: str, salt: str, max_age=None) -> Follower | None:
    try:
        value = signing.loads(token[:TOKEN_MAX_LENGTH], salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return None
    follower = Follower.objects.select_related("entry").filter(pk=value[0]).first()
    if follower is None or _address_digest(follower.email) != value[1]:
        return None
    return follower


def follower_from_manage_token(token: str) -> Follower | None:
    return _read(token, MANAGE_SALT)


def _unconfirmed_kept() -> timedelta:
    return timedelta(days=settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS)


def follow_target(*, filters: EntryFilters | None = None, entry: Entry | None = None):
    """What a reader asks to follow, checked: known facet values only, within the list's
    limits; an entry must be published."""
    if entry is not None:
        if entry.status != Entry.Status.PUBLISHED:
            raise FollowRefused("Cette réponse n'est pas publiée : elle ne peut pas être suivie.")
        return FollowTarget(entry=entry)
    filters = filters or EntryFilters()
    problem = filters.problem()
    if problem:
        raise FollowRefused(problem)
    found, unknown = facet_values_find(filters.keys)
    if unknown:
        raise FollowRefused(f"Le filtre « {unknown[0]} » n'existe pas.")
    return FollowTarget(selection=tuple(v.key for v in found), query=filters.query.strip())


@transaction.atomic
def follow_request(
    *, email: str, target: FollowTarget, frequency: str, network: str, visitor: str | None = None
) -> Follower:
    """A reader asks to follow a selection or an entry: counted against the reader's, the
    network's and the mailbox's limits (RateLimited), kept unconfirmed, and one confirmation
    message queued (at most one a day per mailbox while none is answered, within the
    service's hourly allowance). Nothing else goes to the address before its owner
    confirms; an unconfirmed request is erased after SEGURFAQ_UNCONFIRMED_EMAIL_DAYS."""
    address = email.strip()
    key = mailbox_key(address)
    FOLLOWS.hit(network, visitor, key)
    confirmation_due = not FollowerMail.objects.filter(
        kind=FollowerMail.Kind.CONFIRM,
        follower__mailbox_key=key,
        follower__confirmed_at__isnull=True,
        created_at__gte=timezone.now() - CONFIRMATION_EVERY,
    ).exists()
    if confirmation_due:
        try:
            FOLLOW_CONFIRMATIONS.hit(EVERYONE)
        except RateLimited as limited:
            raise TooManyFollowConfirmations(limited.retry_after) from None
    follower = Follower.objects.create(
        email=address,
        mailbox_key=key,
        selection=list(target.selection),
        query=target.query,
        entry=target.entry,
        frequency=frequency,
    )
    if confirmation_due:
        mail = FollowerMail.objects.create(follower=follower, kind=FollowerMail.Kind.CONFIRM)
        _send_soon(mail.pk)
    return follower


def _send_soon(mail_id: int) -> None:
    from segurfaq.subscriptions.mail import mails_send_soon

    transaction.on_commit(lambda: mails_send_soon(first=mail_id))


@transaction.atomic
def follow_confirm(*, token: str) -> Follower | None:
    """The link of the confirmation message: every follow of that mailbox waiting for a
    confirmation is confirmed (the one the link names included); a follow of the same
    selection or entry confirmed before is replaced by the newest. Changes published from
    now on reach them. None for a link that is not valid (expired, altered, erased)."""
    follower = _read(token, CONFIRM_SALT, max_age=_unconfirmed_kept())
    if follower is None:
        return None
    now = timezone.now()
    waiting = Follower.objects.filter(
        mailbox_key=follower.mailbox_key, confirmed_at__isnull=True, created_at__lte=now
    )
    for item in waiting:
        Follower.objects.filter(
            mailbox_key=item.mailbox_key,
            selection=item.selection,
            query=item.query,
            entry=item.entry,
            confirmed_at__isnull=False,
        ).delete()
    waiting.update(confirmed_at=now, covered_until=now)
    follower.refresh_from_db()
    return follower


@transaction.atomic
def follow_update(*, follower: Follower, frequency: str, selection: list[str]) -> Follower:
    """The follower's page: another frequency, or values taken out of the selection (a
    selection emptied of its values follows every change, as the list without filters)."""
    kept = [key for key in follower.selection if key in set(selection)]
    follower.frequency = frequency
    follower.selection = kept
    follower.save(update_fields=["frequency", "selection"])
    return follower


@transaction.atomic
def follow_stop(*, follower: Follower) -> None:
    """Stop following: the address is erased with the follow and the messages still owed
    (not flagged: nothing of it is kept)."""
    Follower.objects.filter(pk=follower.pk).delete()


@transaction.atomic
def followers_purge() -> int:
    """Erase the follows nobody confirmed within SEGURFAQ_UNCONFIRMED_EMAIL_DAYS (their
    confirmation link expires with them). Returns how many."""
    cutoff = timezone.now() - _unconfirmed_kept()
    _, erased = Follower.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return erased.get(Follower._meta.label, 0)
