"""Transactions that may lose a race to create a row, and then try again."""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")


def atomic_retrying_race(work: Callable[[], T], *, attempts: int = 3) -> T:
    """Run `work` in one transaction; when a concurrent request inserted the same unique
    row first, run it again, and this time it finds that row.

    Not get_or_create: its savepoint costs two more statements while the transaction
    holds SQLite's one write lock. On PostgreSQL the losing insert fails the whole
    transaction instead, which is why the retry wraps the transaction and not the insert.
    """
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                return work()
        except IntegrityError:
            continue
    raise RuntimeError(f"the transaction lost a race {attempts} times in a row")
