"""Messages to followers: the confirmation, then one digest per period. Queued in the
database (FollowerMail), sent by whichever process claims them first (one UPDATE each),
retried with back-off when the mail server fails, never to an address its owner has not
confirmed.

Exactly once per (follower, period): the digest's row is unique per follower and period,
so two instances that work out the same period write it once; sending claims the row, and
a process killed after claiming leaves it to the others once the claim expires. The one
window left is between the mail server's "250 OK" and the row marked sent: a process
killed there sends the digest again when its claim expires. The message's Message-ID is
the same both times (one per follower and period), so that mail systems that drop
repeated messages drop it.
"""

import logging
import smtplib
import threading
import time
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import close_old_connections, connection
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from segurfaq.faq.changes import news_items
from segurfaq.faq.selectors import entries_for_display, facet_values_find
from segurfaq.operations.mail import (
    CLAIM,
    MAX_ATTEMPTS,
    outcome_record,
    refused_for_good,
    retry_delay,
    without_addresses,
)
from segurfaq.subscriptions.models import Follower, FollowerMail
from segurfaq.subscriptions.services import confirmation_token, manage_token

logger = logging.getLogger(__name__)

BATCH = 500

SUBJECTS = {
    FollowerMail.Kind.CONFIRM: "Confirmez votre suivi de la FAQ Ségur",
    FollowerMail.Kind.DIGEST: "FAQ Ségur : nouveautés des réponses que vous suivez",
}


def mails_send_soon(*, first: int | None = None) -> None:
    """Send what is due from a thread of this process: the reader's page does not wait."""
    threading.Thread(target=_send_in_thread, args=(first,), daemon=True).start()


def _send_in_thread(first: int | None) -> None:
    try:
        mails_send_due(first=first)
    except Exception:
        logger.exception("envoi des messages aux lecteurs qui suivent interrompu")
    finally:
        close_old_connections()
        connection.close()


def _claimable(now):
    return Q(status=FollowerMail.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=FollowerMail.Status.SENDING, claimed_until__lt=now
    )


def mails_send_due(
    *, first: int | None = None, progress=None, rate: float | None = None
) -> dict[str, int]:
    """Send every message that is due, claiming each first; returns how many were sent,
    postponed, cancelled or given up. `rate`: at most that many messages a second (the
    relay's limit; SEGURFAQ_DIGEST_RATE by default); `progress(done, total)` after each."""
    rate = settings.SEGURFAQ_DIGEST_RATE if rate is None else rate
    done = {"sent": 0, "waiting": 0, "failed": 0, "cancelled": 0}
    total = FollowerMail.objects.filter(_claimable(timezone.now())).count()
    count = 0
    # One connection to the mail server for the run (opened again after a failure), and
    # each change worked out once: the digests of a period report the same few changes.
    sending = _Sending()
    try:
        return _send_batches(first, progress, rate, done, total, count, sending)
    finally:
        sending.close()


class _Sending:
    def __init__(self):
        self.connection = None
        self.items: dict[int, object] = {}

    def open(self):
        if self.connection is None:
            self.connection = get_connection(fail_silently=False)
        return self.connection

    def close(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except Exception:  # a connection the server already dropped
                logger.debug("connexion au serveur de messagerie déjà fermée")
            self.connection = None


def _send_batches(first, progress, rate, done, total, count, sending):
    while True:
        ids = list(
            FollowerMail.objects.filter(_claimable(timezone.now()))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if first is not None and first in ids:
            ids.remove(first)
            ids.insert(0, first)
        first = None
        sent_any = False
        for mail_id in ids:
            started = time.monotonic()
            if not _claim(mail_id):
                continue
            sent_any = True
            mail = FollowerMail.objects.select_related("follower", "follower__entry").get(
                pk=mail_id
            )
            done[_send_one(mail, sending)] += 1
            count += 1
            if progress:
                progress(count, max(total, count))
            if rate:
                time.sleep(max(0.0, 1.0 / rate - (time.monotonic() - started)))
        if not sent_any:
            return done


def _claim(mail_id: int) -> bool:
    now = timezone.now()
    return bool(
        FollowerMail.objects.filter(_claimable(now), pk=mail_id).update(
            status=FollowerMail.Status.SENDING, claimed_until=now + CLAIM
        )
    )


def _send_one(mail: FollowerMail, sending: _Sending) -> str:
    follower = mail.follower
    if mail.kind == FollowerMail.Kind.CONFIRM and follower.confirmed_at is not None:
        _finish(mail, FollowerMail.Status.CANCELLED, error="adresse déjà confirmée")
        return "cancelled"
    if mail.kind == FollowerMail.Kind.DIGEST and not follower.is_active:
        _finish(mail, FollowerMail.Status.CANCELLED, error="suivi suspendu ou non confirmé")
        return "cancelled"
    message = mail_message(mail, items=sending.items)
    if message is None:
        _finish(mail, FollowerMail.Status.CANCELLED, error="plus rien à signaler")
        return "cancelled"
    try:
        try:
            message.connection = sending.open()
            message.send(fail_silently=False)
        except smtplib.SMTPServerDisconnected:
            # The server closed a connection kept open between messages: once more, anew.
            sending.close()
            message.connection = sending.open()
            message.send(fail_silently=False)
    except Exception as error:
        if not refused_for_good(error):
            sending.close()  # the next message opens a new one
        attempts = mail.attempts + 1
        reason = without_addresses(f"{error.__class__.__name__} : {error}", follower.email)[:500]
        logger.warning("message de suivi non envoyé (essai %d) : %s", attempts, reason)
        if refused_for_good(error):
            # The mailbox does not exist or refuses us for good: nothing more goes to it,
            # and editors see the follow suspended.
            Follower.objects.filter(pk=follower.pk).update(
                paused_at=timezone.now(), pause_reason=reason[:300]
            )
            _finish(mail, FollowerMail.Status.CANCELLED, error=reason, attempts=attempts)
            return "cancelled"
        if attempts >= MAX_ATTEMPTS:
            _finish(mail, FollowerMail.Status.FAILED, error=reason, attempts=attempts)
            return "failed"
        delay = retry_delay(attempts)
        _record(
            mail,
            status=FollowerMail.Status.PENDING,
            attempts=attempts,
            next_attempt_at=timezone.now() + delay,
            claimed_until=None,
            last_error=reason,
        )
        return "waiting"
    _finish(mail, FollowerMail.Status.SENT, attempts=mail.attempts + 1, sent_at=timezone.now())
    return "sent"


def _finish(mail: FollowerMail, status: str, *, error: str = "", **fields) -> None:
    _record(mail, status=status, claimed_until=None, last_error=error, **fields)


def _record(mail: FollowerMail, **fields) -> None:
    outcome_record(FollowerMail, mail.pk, **fields)


def _site() -> str:
    return settings.SEGURFAQ_PUBLIC_URL.rstrip("/")


def _sender() -> str:
    name = settings.SEGURFAQ_DIGEST_SENDER_NAME
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((name, address)) if name else settings.DEFAULT_FROM_EMAIL


def mail_message(mail: FollowerMail, items: dict | None = None) -> EmailMultiAlternatives | None:
    """The message, plain text and HTML, with its one-click unsubscription headers; None for
    a digest whose changes all left the public site since it was worked out."""
    follower = mail.follower
    site = _site()
    token = manage_token(follower)
    manage = site + reverse("subscriptions:manage", kwargs={"token": token})
    stop = site + reverse("subscriptions:stop", kwargs={"token": token})
    context = {
        "manage": manage,
        "stop": stop,
        "home": site + "/",
        "news": site + reverse("site:news"),
        "follower": follower,
        "target": follow_description(follower),
        "unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS,
    }
    if mail.kind == FollowerMail.Kind.CONFIRM:
        context["link"] = site + reverse(
            "subscriptions:confirm", kwargs={"token": confirmation_token(follower)}
        )
    else:
        items = _items(mail.changes, {} if items is None else items)
        shown = {e.id: e for e in entries_for_display([i.entry_id for i in items])}
        rows = [(item, shown[item.entry_id]) for item in items if item.entry_id in shown]
        if not rows:
            return None
        context["rows"] = [
            {
                "change": item,
                "question": entry.question,
                "link": site + entry.get_absolute_url(),
                "diff_text": _diff_text(item),
            }
            for item, entry in rows
        ]
    text = render_to_string(f"subscriptions/mail/{mail.kind}.txt", context)
    html = render_to_string(f"subscriptions/mail/{mail.kind}.html", context)
    headers = {
        "List-Unsubscribe": f"<{stop}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Message-ID": f"<suivi-{follower.pk}-{mail.period or 'confirmation'}@segurfaq>",
    }
    message = EmailMultiAlternatives(
        subject=SUBJECTS[mail.kind],
        body=text,
        from_email=_sender(),
        to=[follower.email],
        reply_to=[settings.SEGURFAQ_DIGEST_REPLY_TO] if settings.SEGURFAQ_DIGEST_REPLY_TO else None,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def _items(history_ids: list[int], known: dict) -> list:
    missing = [i for i in history_ids if i not in known]
    if missing:
        for item in news_items(history_ids=missing):
            known[item.history_id] = item
        for history_id in missing:
            known.setdefault(history_id, None)
    return [known[i] for i in history_ids if known[i] is not None]


def _diff_text(item) -> str:
    """The word diff in plain text: [-removed-] {+added+}."""
    marks = {"added": "{{+{}+}}", "removed": "[-{}-]"}
    return "".join(marks.get(part.kind, "{}").format(part.text) for part in item.answer)


def follow_description(follower: Follower) -> str:
    """What the follow covers, in French, for messages and pages."""
    if follower.entry_id is not None:
        return f"la réponse « {follower.entry.question} »"
    values, _unknown = facet_values_find(follower.selection)
    parts = [f"{value.facet.label} : {value.label}" for value in values]
    if follower.query:
        parts.append(f"les mots « {follower.query} »")
    return "les questions " + ("(" + " ; ".join(parts) + ")" if parts else "de toute la FAQ")


# A digest still waiting this long after a failed try means the mail server keeps refusing.
OVERDUE = timedelta(minutes=30)


def digest_mail_state() -> dict:
    """For /readyz: `degraded` while messages to followers fail past their next try, or were
    given up in the last week (one query)."""
    now = timezone.now()
    pending, failed = FollowerMail.Status.PENDING, FollowerMail.Status.FAILED
    counts = FollowerMail.objects.aggregate(
        late=Count(
            "pk", filter=Q(status=pending, attempts__gt=0, next_attempt_at__lt=now - OVERDUE)
        ),
        failing=Count("pk", filter=Q(status=pending, attempts__gt=0)),
        given_up=Count("pk", filter=Q(status=failed, created_at__gte=now - timedelta(days=7))),
    )
    if counts["late"] or counts["given_up"] or counts["failing"]:
        return {
            "state": "degraded",
            "detail": (
                f"{counts['failing']} message(s) de suivi en échec, {counts['late']} en "
                f"retard, {counts['given_up']} abandonné(s) : voir « Messages aux lecteurs "
                "qui suivent » dans l'administration"
            ),
        }
    return {"state": "ok"}
