import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from segurfaq.faq.models import Entry, FacetValue
from segurfaq.inquiries.models import ReaderQuestion


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


def _throttle_key(client: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:question:{client}".encode()).hexdigest()
    return f"reader-question:{digest[:32]}"


def question_rate_check(*, clients: list[str]) -> None:
    """Refuse more than SEGURFAQ_QUESTIONS_PER_HOUR questions an hour from one client.

    Clients are the visitor's session identity and their address, hashed with the secret
    key: neither is stored in clear, not even in the cache.
    """
    limit = settings.SEGURFAQ_QUESTIONS_PER_HOUR
    for client in clients:
        if client and (cache.get(_throttle_key(client)) or 0) >= limit:
            raise RateLimited(retry_after=3600)


def _count(clients: list[str]) -> None:
    for client in clients:
        if not client:
            continue
        key = _throttle_key(client)
        cache.add(key, 0, 3600)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, 3600)


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
    _count(clients)
    return submitted


def _set_status(item: ReaderQuestion, status: str, **fields) -> ReaderQuestion:
    item.status = status
    item.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(item, name, value)
    item.save()
    return item


def question_mark_answered(*, item: ReaderQuestion, entry: Entry) -> ReaderQuestion:
    return _set_status(item, ReaderQuestion.Status.ANSWERED, answer_entry=entry)


def question_mark_duplicate(*, item: ReaderQuestion, entry: Entry) -> ReaderQuestion:
    return _set_status(item, ReaderQuestion.Status.DUPLICATE, duplicate_of=entry)


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
