"""Messages to readers who left an address: queued with the change that calls for them, sent
after the commit without making the editor wait, retried until the mail server takes them.

- `reply_mail_queue` runs inside the transaction that changes the question's status: the
  message is stored or neither is.
- After the commit, a thread of the process that saved tries at once (the editor's page does
  not wait for the mail server). A failure is kept on the message (its error, its count of
  tries) and the next try is due later: 1, 5, 15, 60 minutes, then every 3 hours, given up
  after MAX_ATTEMPTS (state "Échec définitif", shown in the back office).
- `mails_send_due` sends what is due: `segurfaq sendmail` runs it (from cron, or `--loop`
  beside the service), and every send after a commit runs it too. Several processes may run
  it at once: each message is claimed by one UPDATE before it is sent.
- A message about an entry waits, without using its tries, until that entry is published:
  the link it carries must work.
- Nothing but the confirmation message goes to an address its owner has not confirmed:
  the others wait for the confirmation (address_confirm), and are cancelled when the
  address is erased. The confirmation message holds no word of the reader's question.
- No address is ever written in an error text or a log line: a mail server that refuses
  one names it in its answer, which is kept without it (without_addresses). A refusal for
  good (5xx for the recipient) is not tried again: the message is cancelled with the
  server's words.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import close_old_connections, connection, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.inquiries.models import ReaderQuestion, ReplyMail
from segurfaq.operations.keyed import keyed_hash
from segurfaq.operations.mail import (
    CLAIM,
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    outcome_record,
    refused_for_good,
    retry_delay,
    without_addresses,
)

logger = logging.getLogger(__name__)

# A message still waiting this long after it was due means nothing sends the messages.
OVERDUE = timedelta(minutes=30)

SUBJECTS = {
    ReplyMail.Kind.CONFIRM: "Confirmez votre adresse électronique",
    ReplyMail.Kind.ANSWERED: "Votre question a reçu une réponse",
    ReplyMail.Kind.DUPLICATE: "Une réponse existe déjà à votre question",
    ReplyMail.Kind.REJECTED: "Votre question n'a pas été retenue",
}


CONFIRMATION_SALT = "segurfaq.inquiries.address"
# A confirmation link's token is about 100 characters: a door reads no more of one.
CONFIRMATION_TOKEN_MAX_LENGTH = 200


def address_digest(address: str) -> str:
    """A keyed hash of an address (case folded): what a confirmation link names."""
    return keyed_hash("address", address.strip().casefold(), length=24)


def confirmation_token(item: ReaderQuestion) -> str:
    """The confirmation link's token: the question and its address's keyed hash, signed
    (it travels in a URL and in logs: never the address itself)."""
    return signing.dumps([item.pk, address_digest(item.email)], salt=CONFIRMATION_SALT)


def confirmation_token_read(token: str, *, max_age: timedelta) -> tuple[int | None, str]:
    """The question and the address's keyed hash a token names, or (None, "")."""
    try:
        value = signing.loads(
            token[:CONFIRMATION_TOKEN_MAX_LENGTH], salt=CONFIRMATION_SALT, max_age=max_age
        )
    except signing.BadSignature:
        return None, ""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        return None, ""
    return value[0], str(value[1])


def reply_mail_queue(*, item: ReaderQuestion, kind: str, entry: Entry | None = None) -> None:
    """Owe the reader a message about their question, if they left an address. Call it in
    the transaction that changes the question."""
    if not item.email:
        return
    mail = ReplyMail.objects.create(question=item, kind=kind, entry=entry)
    transaction.on_commit(lambda: mails_send_soon(first=mail.pk))


def mails_send_soon(*, first: int | None = None) -> None:
    """Send what is due from a thread of this process: the caller's page does not wait."""
    thread = threading.Thread(target=_send_in_thread, args=(first,), daemon=True)
    thread.start()


def _send_in_thread(first: int | None) -> None:
    try:
        mails_send_due(first=first)
    except Exception:
        # The message stays queued; `segurfaq sendmail` or the next send will try it.
        logger.exception("envoi des messages aux lecteurs interrompu")
    finally:
        close_old_connections()
        connection.close()


def _claim(mail_id: int, now) -> bool:
    claimable = Q(status=ReplyMail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=ReplyMail.Status.SENDING, claimed_until__lt=now
    )
    return bool(
        ReplyMail.objects.filter(claimable, pk=mail_id).update(
            status=ReplyMail.Status.SENDING, claimed_until=now + CLAIM
        )
    )


def mails_send_due(*, first: int | None = None, retry_now: bool = False) -> dict[str, int]:
    """Send the messages that are due (all that wait when `retry_now`); returns how many were
    sent, postponed (their entry not yet published), failed, or cancelled."""
    now = timezone.now()
    if retry_now:
        ReplyMail.objects.filter(status=ReplyMail.Status.PENDING).update(next_attempt_at=now)
    due = ReplyMail.objects.filter(
        Q(status=ReplyMail.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=ReplyMail.Status.SENDING, claimed_until__lt=now)
    ).order_by("next_attempt_at")
    ids = list(due.values_list("pk", flat=True)[:200])
    if first is not None and first in ids:
        ids.remove(first)
        ids.insert(0, first)
    done = {"sent": 0, "waiting": 0, "failed": 0, "cancelled": 0}
    for mail_id in ids:
        if _claim(mail_id, timezone.now()):
            mail = ReplyMail.objects.select_related("question", "entry").get(pk=mail_id)
            done[_send_one(mail)] += 1
    return done


def entry_published_received(sender, *, entry: Entry, **kwargs) -> None:
    """faq.signals.entry_published: the messages that waited for it leave now."""
    waiting = list(
        ReplyMail.objects.filter(entry=entry, status=ReplyMail.Status.PENDING).values_list(
            "pk", flat=True
        )[:1]
    )
    if waiting:
        ReplyMail.objects.filter(entry=entry, status=ReplyMail.Status.PENDING).update(
            next_attempt_at=timezone.now()
        )
        transaction.on_commit(lambda: mails_send_soon(first=waiting[0]))


def _send_one(mail: ReplyMail) -> str:
    address = mail.question.email
    if not address:
        # The address was erased (retention period) before the message could leave.
        _finish(mail, ReplyMail.Status.CANCELLED, error="adresse effacée avant l'envoi")
        return "cancelled"
    confirmed = mail.question.email_confirmed_at is not None
    if mail.kind == ReplyMail.Kind.CONFIRM and confirmed:
        _finish(mail, ReplyMail.Status.CANCELLED, error="adresse déjà confirmée")
        return "cancelled"
    if mail.kind != ReplyMail.Kind.CONFIRM and not confirmed:
        # Its owner has not said it is theirs: wait, without using a try (erased unconfirmed
        # after SEGURFAQ_UNCONFIRMED_EMAIL_DAYS, which cancels the message).
        _postpone(
            mail,
            attempts=mail.attempts,
            error="en attente de la confirmation de l'adresse",
            # address_confirm makes it due at once; nothing to try before (and never in a
            # loop, should the purge be late).
            until=max(
                mail.question.created_at + timedelta(days=settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS),
                timezone.now() + RETRY_DELAYS[-1],
            ),
        )
        return "waiting"
    if mail.kind in (ReplyMail.Kind.ANSWERED, ReplyMail.Kind.DUPLICATE) and (
        mail.entry is None or mail.entry.status != Entry.Status.PUBLISHED
    ):
        if mail.entry is None:
            _finish(mail, ReplyMail.Status.CANCELLED, error="question / réponse supprimée")
            return "cancelled"
        # The link would not work yet: wait for the publication, without using a try.
        _postpone(mail, attempts=mail.attempts, error="en attente de la publication")
        return "waiting"
    subject, body = mail_text(mail)
    try:
        send_mail(subject, body, None, [address], fail_silently=False)
    except Exception as error:  # SMTP, network, DNS: all mean "try again later"…
        attempts = mail.attempts + 1
        reason = without_addresses(f"{error.__class__.__name__} : {error}", address)[:500]
        logger.warning("message au lecteur non envoyé (essai %d) : %s", attempts, reason)
        if refused_for_good(error):
            # …but a mailbox the server refuses for good: not the service's failure (a
            # stranger may type any address), so it is cancelled, not counted by /readyz.
            _finish(mail, ReplyMail.Status.CANCELLED, error=reason, attempts=attempts)
            return "cancelled"
        if attempts >= MAX_ATTEMPTS:
            _finish(mail, ReplyMail.Status.FAILED, error=reason, attempts=attempts)
            return "failed"
        _postpone(mail, attempts=attempts, error=reason)
        return "waiting"
    _finish(mail, ReplyMail.Status.SENT, attempts=mail.attempts + 1, sent_at=timezone.now())
    return "sent"


def _postpone(mail: ReplyMail, *, attempts: int, error: str, until=None) -> None:
    delay = retry_delay(attempts)
    _record(
        mail,
        status=ReplyMail.Status.PENDING,
        attempts=attempts,
        next_attempt_at=until or timezone.now() + delay,
        claimed_until=None,
        last_error=error,
    )


def _finish(mail: ReplyMail, status: str, *, error: str = "", **fields) -> None:
    _record(mail, status=status, claimed_until=None, last_error=error, **fields)


def _record(mail: ReplyMail, **fields) -> None:
    outcome_record(ReplyMail, mail.pk, **fields)


# Only the messages about an answer the reader will read quote the reader's question: a
# confirmation or a rejection never does (a stranger's text, mailed from our domain).
QUOTING = {ReplyMail.Kind.ANSWERED, ReplyMail.Kind.DUPLICATE}


def mail_text(mail: ReplyMail) -> tuple[str, str]:
    """The subject and plain-text body of the message, in French."""
    site = settings.SEGURFAQ_PUBLIC_URL.rstrip("/")
    link = ""
    if mail.kind == ReplyMail.Kind.CONFIRM:
        token = confirmation_token(mail.question)
        link = site + reverse("inquiries:confirm", kwargs={"token": token})
    elif mail.entry is not None:
        link = site + reverse("site:entry_detail", kwargs={"slug": mail.entry.slug})
    body = render_to_string(
        f"inquiries/mail/{mail.kind}.txt",
        {
            "question": mail.question.question if mail.kind in QUOTING else "",
            "entry": mail.entry.question if mail.entry is not None else "",
            "link": link,
            "home": site + "/",
            "ask": site + reverse("inquiries:ask"),
            "retention_days": settings.SEGURFAQ_EMAIL_RETENTION_DAYS,
            "unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS,
        },
    )
    return SUBJECTS[mail.kind], body


def mail_state() -> dict:
    """For /readyz: `degraded` when messages wait past their due time (nothing sends them,
    or the mail server refuses them) or were given up in the last week."""
    now = timezone.now()
    # One query per probe: /readyz is asked every few seconds by each proxy.
    pending, failed = ReplyMail.Status.PENDING, ReplyMail.Status.FAILED
    counts = ReplyMail.objects.aggregate(
        failing=Count("pk", filter=Q(status=pending, attempts__gt=0)),
        late=Count(
            "pk", filter=Q(status=pending, attempts__gt=0, next_attempt_at__lt=now - OVERDUE)
        ),
        given_up=Count("pk", filter=Q(status=failed, created_at__gte=now - timedelta(days=7))),
    )
    failing, late, given_up = counts["failing"], counts["late"], counts["given_up"]
    if late or given_up or failing:
        return {
            "state": "degraded",
            "detail": (
                f"{failing} message(s) en échec, {late} en retard, {given_up} abandonné(s) : "
                "voir « Messages aux lecteurs » dans l'administration"
            ),
        }
    return {"state": "ok"}
