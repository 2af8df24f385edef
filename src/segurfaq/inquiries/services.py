from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from segurfaq import ratelimit
from segurfaq.faq.models import Entry, FacetValue
from segurfaq.inquiries.mail import reply_mail_queue
from segurfaq.inquiries.models import ReaderQuestion, ReplyMail

QUESTION_WINDOW = 3600


def question_rate_check(*, clients: list[str]) -> None:
    """Refuse more than SEGURFAQ_QUESTIONS_PER_HOUR questions an hour from one client."""
    ratelimit.check(
        scope="question",
        clients=clients,
        limit=settings.SEGURFAQ_QUESTIONS_PER_HOUR,
        window=QUESTION_WINDOW,
    )


@transaction.atomic
def question_submit(
    *, question: str, values: list[FacetValue], email: str, consent: bool, clients: list[str]
) -> ReaderQuestion:
    question_rate_check(clients=clients)
    submitted = ReaderQuestion.objects.create(
        question=question.strip(),
        email=email.strip() if consent else "",
        consent=bool(consent and email.strip()),
    )
    submitted.values.set(values)
    ratelimit.count(scope="question", clients=clients, window=QUESTION_WINDOW)
    return submitted


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
    item.save()
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
    """Erase the addresses readers left with questions older than the retention period."""
    limit = timezone.now() - timedelta(days=older_than_days)
    return (
        ReaderQuestion.objects.filter(created_at__lt=limit)
        .exclude(email="")
        .update(email="", consent=False, email_purged_at=timezone.now())
    )
