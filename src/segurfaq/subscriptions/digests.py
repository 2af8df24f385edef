"""Working out the digests of a period: for every confirmed follower whose period has ended,
the new entries and doctrine changes published since their last digest that match what
they follow, queued as one message (FollowerMail, unique per follower and period).

Periods are cut by the clock, the same for every instance: « dès qu'une réponse change »
by IMMEDIATE_PERIOD (a digest gathers what an editor published in one sitting), « chaque
semaine » by the week (Monday 00:00, the service's time zone). Two instances working out
the same period write each digest once; one killed halfway leaves the followers it had not
reached to the next run, which finds them due.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from segurfaq.faq.changes import NEWS_KINDS
from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import published_entries, selection_entry_ids
from segurfaq.faq.signals import entries_searched
from segurfaq.subscriptions.models import Follower, FollowerMail

IMMEDIATE_PERIOD = timedelta(minutes=10)
# Followers read, matched and queued at a time: memory stays flat however many follow.
CHUNK = 2000

# What keywords find: the engine's entries for the question within the selection's values.
Searched = Callable[[str, tuple[str, ...]], Iterable[int]]


def searched_by_the_engine(query: str, keys: tuple[str, ...]) -> list[int]:
    """Asks the search app (faq.signals.entries_searched: this app cannot import it)."""
    for _receiver, found in entries_searched.send(Follower, query=query, keys=keys):
        return list(found)
    return []


def period_of(frequency: str, now: datetime) -> tuple[str, datetime]:
    """The last period of this frequency that has ended at `now`: its key and its end."""
    local = timezone.localtime(now)
    if frequency == Follower.Frequency.WEEKLY:
        monday = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        year, week, _ = (monday - timedelta(days=1)).isocalendar()
        return f"weekly:{year}-W{week:02d}", monday
    step = int(IMMEDIATE_PERIOD.total_seconds())
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = int((local - start_of_day).total_seconds()) // step * step
    end = start_of_day + timedelta(seconds=elapsed)
    return f"immediate:{end:%Y-%m-%dT%H:%M}", end


@dataclass
class DigestReport:
    followers: int = 0
    queued: int = 0
    by_period: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return f"{self.followers} lecteur(s) examiné(s), {self.queued} message(s) mis en file"


def digests_queue(
    *,
    now: datetime | None = None,
    searched: Searched | None = searched_by_the_engine,
    progress: Callable[[int, int], None] | None = None,
) -> DigestReport:
    """Queue the digests of every period that has ended; returns what was done."""
    now = now or timezone.now()
    report = DigestReport()
    for frequency in Follower.Frequency:
        key, end = period_of(frequency, now)
        due = Follower.objects.filter(
            frequency=frequency,
            confirmed_at__isnull=False,
            paused_at__isnull=True,
            covered_until__lt=end,
        )
        total = due.count()
        if not total:
            continue
        oldest = due.order_by("covered_until").values_list("covered_until", flat=True).first()
        changes = _changes(since=oldest, until=end)
        matcher = _Matcher(changes, searched)
        done = 0
        last_id = 0
        while True:
            chunk = list(
                due.filter(pk__gt=last_id)
                .order_by("pk")
                .values_list("pk", "covered_until", "selection", "query", "entry_id")[:CHUNK]
            )
            if not chunk:
                break
            last_id = chunk[-1][0]
            queued = _queue_chunk(chunk, key, end, matcher)
            report.queued += queued
            report.by_period[key] = report.by_period.get(key, 0) + queued
            done += len(chunk)
            report.followers += len(chunk)
            if progress:
                progress(done, total)
    return report


@dataclass(frozen=True)
class _Change:
    history_id: int
    entry_id: int
    date: datetime


def _changes(*, since: datetime, until: datetime) -> list[_Change]:
    """New entries and doctrine changes published in (since, until] of entries that are
    published now, oldest first."""
    published = set(published_entries().values_list("pk", flat=True))
    rows = (
        Entry.history.filter(
            change_kind__in=NEWS_KINDS,
            status=Entry.Status.PUBLISHED,
            history_date__gt=since,
            history_date__lte=until,
        )
        .order_by("history_date", "history_id")
        .values_list("history_id", "id", "history_date")
    )
    return [_Change(*row) for row in rows if row[1] in published]


class _Matcher:
    """Which changes a follow covers; worked out once per distinct selection and keywords."""

    def __init__(self, changes: list[_Change], searched: Searched | None):
        self.changes = changes
        self.changed = frozenset(change.entry_id for change in changes)
        self.searched = searched
        self._entries: dict[tuple, frozenset[int]] = {}

    def matching(self, selection, query: str, entry_id: int | None, since: datetime) -> list[int]:
        if entry_id is not None:
            wanted = frozenset([entry_id])
        else:
            key = (tuple(sorted(selection)), query)
            if key not in self._entries:
                self._entries[key] = self._entries_for(key[0], query)
            wanted = self._entries[key]
        return [c.history_id for c in self.changes if c.entry_id in wanted and c.date > since]

    def _entries_for(self, selection: tuple[str, ...], query: str) -> frozenset[int]:
        entries = selection_entry_ids(keys=selection, among=self.changed)
        if query and self.searched is not None:
            entries = entries & frozenset(self.searched(query, selection))
        return entries


@transaction.atomic
def _queue_chunk(chunk, key: str, end: datetime, matcher: _Matcher) -> int:
    mails = []
    for pk, since, selection, query, entry_id in chunk:
        ids = matcher.matching(selection, query, entry_id, since)
        if ids:
            mails.append(
                FollowerMail(follower_id=pk, kind=FollowerMail.Kind.DIGEST, period=key, changes=ids)
            )
    before = FollowerMail.objects.filter(period=key, follower_id__in=[m.follower_id for m in mails])
    existing = before.count()
    # A digest another instance already wrote for this period is left as it is.
    FollowerMail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=500)
    written = before.count() - existing
    Follower.objects.filter(pk__in=[row[0] for row in chunk], covered_until__lt=end).update(
        covered_until=end
    )
    return written
