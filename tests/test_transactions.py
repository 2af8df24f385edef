"""A write that loses a race to create a unique row is run again, from a clean slate."""

import datetime

import pytest

from segurfaq.analytics.models import EntryView
from segurfaq.faq.models import Entry
from segurfaq.transactions import atomic_retrying_race

DAY = datetime.date(2026, 11, 26)


def _collide(entry: Entry) -> None:
    """What a concurrent request's insert of the same row looks like to the loser."""
    EntryView.objects.create(entry=entry, day=DAY, count=99)


def test_a_transaction_that_loses_the_race_is_undone_then_run_again(default_content):
    entry = Entry.objects.first()
    attempts = []

    def work() -> int:
        attempts.append(len(attempts) + 1)
        EntryView.objects.create(entry=entry, day=DAY, count=len(attempts))
        if len(attempts) == 1:
            _collide(entry)
        return len(attempts)

    assert atomic_retrying_race(work) == 2
    rows = list(EntryView.objects.filter(entry=entry).values_list("day", "count"))
    assert rows == [(DAY, 2)]


def test_a_transaction_that_keeps_losing_gives_up_after_three_attempts_and_writes_nothing(
    default_content,
):
    entry = Entry.objects.first()
    attempts = []

    def work() -> None:
        attempts.append(1)
        _collide(entry)
        _collide(entry)

    with pytest.raises(RuntimeError, match="3 times"):
        atomic_retrying_race(work)
    assert len(attempts) == 3
    assert not EntryView.objects.filter(entry=entry).exists()
