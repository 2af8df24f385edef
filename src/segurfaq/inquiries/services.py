from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from segurfaq.faq.models import Entry, FacetValue
from segurfaq.inquiries.mail import (
    address_digest,
    confirmation_token_read,
    mails_send_soon,
    reply_mail_queue,
)
from segurfaq.inquiries.models import ReaderQuestion, ReplyMail
from segurfaq.operations.keyed import mailbox_key
from segurfaq.ratelimit import Limit, RateLimited

QUESTIONS = Limit(
    "question",
    "SEGURFAQ_QUESTIONS_PER_HOUR",
    3600,
    guards="questions envoyées par un même lecteur ou une même adresse",
)
# However many questions name an address, it is sent at most one confirmation message a
# day while none is answered ("+tags" and case make no new mailbox).
CONFIRMATION_EVERY = timedelta(days=1)
CONFIRMATIONS = Limit(
    "confirmation",
    "SEGURFAQ_CONFIRMATIONS_PER_HOUR",
    3600,
    guards="messages de confirmation d'adresse envoyés en tout (toutes adresses)",
)
# The one client of CONFIRMATIONS: the whole service.
EVERYONE = "tous"


class TooManyConfirmations(RateLimited):
    """The service's allowance of confirmation messages is spent for now: a question with
    an address waits; one without is taken."""

    message = (
        "Trop de demandes de confirmation d'adresse en ce moment : envoyez votre question "
        "sans adresse, ou attendez un peu."
    )


@transaction.atomic
def question_submit(
    *,
    question: str,
    values: list[FacetValue],
    email: str,
    consent: bool,
    network: str,
    visitor: str | None = None,
) -> ReaderQuestion:
    """A reader's question, from the page or the API (already checked by
    ReaderQuestionForm): counted against the reader's and the address's limit
    (ratelimit.RateLimited), kept, and, if the reader left an address, its confirmation
    asked for (within the service's hourly allowance of confirmation messages: past it,
    RateLimited, the question not kept). Nothing else is ever sent to that address before
    its owner confirms it."""
    QUESTIONS.hit(network, visitor)
    address = email.strip() if consent else ""
    key = mailbox_key(address) if address else ""
    confirmation_due = bool(address) and not _confirmation_waiting(key)
    if confirmation_due:
        try:
            CONFIRMATIONS.hit(EVERYONE)
        except RateLimited as limited:
            raise TooManyConfirmations(limited.retry_after) from None
    submitted = ReaderQuestion.objects.create(
        question=question.strip(), email=address, email_key=key, consent=bool(address)
    )
    submitted.values.set(values)
    if confirmation_due:
        reply_mail_queue(item=submitted, kind=ReplyMail.Kind.CONFIRM)
    return submitted


def _confirmation_waiting(key: str) -> bool:
    """A confirmation message went to this mailbox in the last day and is not answered."""
    return ReplyMail.objects.filter(
        kind=ReplyMail.Kind.CONFIRM,
        question__email_key=key,
        question__email_confirmed_at__isnull=True,
        created_at__gte=timezone.now() - CONFIRMATION_EVERY,
    ).exists()


@transaction.atomic
def address_confirm(*, token: str) -> int | None:
    """The owner of an address followed the link of its confirmation message: the questions
    that named it and wait for a confirmation are confirmed, up to the first use of the
    link (a question asked after that asks again), and the messages that waited for them
    leave. Returns how many questions, or None for a link that is not valid (expired,
    altered, or the address already erased)."""
    question_id, digest = confirmation_token_read(token, max_age=_unconfirmed_kept())
    item = ReaderQuestion.objects.filter(pk=question_id).exclude(email="").first()
    if item is None or address_digest(item.email) != digest:
        return None
    now = timezone.now()
    waiting = ReaderQuestion.objects.filter(
        email__iexact=item.email,
        email_confirmed_at__isnull=True,
        created_at__lte=item.email_confirmed_at or now,
    )
    ids = list(waiting.values_list("pk", flat=True))
    waiting.update(email_confirmed_at=now)
    released = ReplyMail.objects.filter(question_id__in=ids, status=ReplyMail.Status.PENDING)
    if released.update(next_attempt_at=now):
        transaction.on_commit(mails_send_soon)
    return len(ids)


def _unconfirmed_kept() -> timedelta:
    return timedelta(days=settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS)


@transaction.atomic
def _set_status(
    item: ReaderQuestion, status: str, *, entry: Entry | None = None, **fields
) -> ReaderQuestion:
    """Change the question's status; a reader who left an address is owed a message about
    it (sent after the commit), once per change."""
    changed = item.status != status or any(getattr(item, k) != v for k, v in fields.items())
    item.status = status
    item.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(item, name, value)
    # Only these fields: the address may have been confirmed or erased since `item` was read.
    item.save(update_fields=["status", "status_changed_at", *fields])
    if changed:
        reply_mail_queue(item=item, kind=_MESSAGES[status], entry=entry)
    return item


_MESSAGES = {
    ReaderQuestion.Status.ANSWERED: ReplyMail.Kind.ANSWERED,
    ReaderQuestion.Status.DUPLICATE: ReplyMail.Kind.DUPLICATE,
    ReaderQuestion.Status.REJECTED: ReplyMail.Kind.REJECTED,
}


def entry_written_received(sender, *, entry: Entry, question_id: int, **kwargs) -> None:
    """Receiver of faq.signals.entry_written_from_question: that question is answered."""
    item = ReaderQuestion.objects.filter(pk=question_id).first()
    if item is not None:
        question_mark_answered(item=item, entry=entry)


def question_mark_answered(*, item: ReaderQuestion, entry: Entry) -> ReaderQuestion:
    return _set_status(item, ReaderQuestion.Status.ANSWERED, entry=entry, answer_entry=entry)


def question_mark_duplicate(*, item: ReaderQuestion, entry: Entry) -> ReaderQuestion:
    return _set_status(item, ReaderQuestion.Status.DUPLICATE, entry=entry, duplicate_of=entry)


def question_reject(*, item: ReaderQuestion) -> ReaderQuestion:
    return _set_status(item, ReaderQuestion.Status.REJECTED)


@transaction.atomic
def emails_purge(*, older_than_days: int) -> int:
    """Erase the addresses readers left with questions older than the retention period, and
    those nobody confirmed within SEGURFAQ_UNCONFIRMED_EMAIL_DAYS; the messages still owed
    to them are cancelled (their address is read from the question, never copied)."""
    now = timezone.now()
    expired = ReaderQuestion.objects.exclude(email="").filter(
        Q(created_at__lt=now - timedelta(days=older_than_days))
        | Q(email_confirmed_at__isnull=True, created_at__lt=now - _unconfirmed_kept())
    )
    ids = list(expired.values_list("pk", flat=True))
    ReplyMail.objects.filter(
        question_id__in=ids, status__in=[ReplyMail.Status.PENDING, ReplyMail.Status.SENDING]
    ).update(status=ReplyMail.Status.CANCELLED, last_error="adresse effacée avant l'envoi")
    return ReaderQuestion.objects.filter(pk__in=ids).update(
        email="", email_key="", consent=False, email_confirmed_at=None, email_purged_at=now
    )
