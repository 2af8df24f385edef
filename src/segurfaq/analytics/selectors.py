"""What editors learn from readers: views, votes, reasons, searches, over a period."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from segurfaq.analytics.models import EntryView
from segurfaq.analytics.stats import wilson_lower_bound
from segurfaq.faq.models import Entry, FacetValue
from segurfaq.faq.selectors import published_entries
from segurfaq.feedback.models import Vote
from segurfaq.search.models import WITHOUT_GOOD_ANSWER, SearchLog


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def last_days(cls, days: int = 30) -> "Period":
        today = timezone.localdate()
        return cls(today - timedelta(days=days - 1), today)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


@dataclass
class DashboardFilters:
    period: Period
    value: FacetValue | None = None


@dataclass
class EntryFeedback:
    entry: Entry
    views: int
    yes: int
    no: int

    @property
    def total(self) -> int:
        return self.yes + self.no

    @property
    def yes_share(self) -> float | None:
        return self.yes / self.total if self.total else None

    @property
    def no_lower_bound(self) -> float:
        return wilson_lower_bound(self.no, self.total)


@dataclass
class QueryGroup:
    normalized: str
    count: int
    examples: list[str] = field(default_factory=list)
    without_good_answer: int = 0
    no_result: int = 0


def _entries(filters: DashboardFilters):
    entries = Entry.objects.exclude(status=Entry.Status.DRAFT)
    if filters.value is not None:
        ids = [filters.value.pk, *filters.value.children.values_list("pk", flat=True)]
        entries = entries.filter(values__in=ids).distinct()
    return entries


def _votes(filters: DashboardFilters):
    period = filters.period
    return Vote.objects.filter(
        updated_at__date__gte=period.start,
        updated_at__date__lte=period.end,
        entry__in=_entries(filters),
    )


def entry_feedback(*, filters: DashboardFilters) -> list[EntryFeedback]:
    """Per entry: views, yes and no; worst first by the Wilson lower bound of the "Non"."""
    period = filters.period
    entries = list(_entries(filters))
    views = dict(
        EntryView.objects.filter(day__gte=period.start, day__lte=period.end)
        .values_list("entry_id")
        .annotate(total=Sum("count"))
    )
    votes = {
        row["entry_id"]: row
        for row in _votes(filters)
        .values("entry_id")
        .annotate(yes=Count("id", filter=Q(value="yes")), no=Count("id", filter=Q(value="no")))
    }
    rows = [
        EntryFeedback(
            entry=entry,
            views=views.get(entry.id, 0),
            yes=votes.get(entry.id, {}).get("yes", 0),
            no=votes.get(entry.id, {}).get("no", 0),
        )
        for entry in entries
    ]
    rows.sort(key=lambda row: (-row.no_lower_bound, -row.no, -row.views, row.entry.id))
    return rows


def no_reasons(*, filters: DashboardFilters) -> list[tuple[str, int]]:
    counts = Counter(_votes(filters).filter(value="no").values_list("reason", flat=True))
    labels = dict(Vote.Reason.choices)
    labels[""] = "Sans raison donnée"
    return [(labels.get(reason, reason), count) for reason, count in counts.most_common()]


def no_comments(*, filters: DashboardFilters, limit: int = 100) -> list[Vote]:
    return list(
        _votes(filters)
        .filter(value="no")
        .exclude(comment="")
        .select_related("entry")
        .order_by("-updated_at")[:limit]
    )


def _logs(filters: DashboardFilters):
    period = filters.period
    logs = SearchLog.objects.filter(
        created_at__date__gte=period.start, created_at__date__lte=period.end
    )
    return logs


def _matches_value(log: SearchLog, value: FacetValue | None) -> bool:
    if value is None:
        return True
    return value.slug in (log.filters or {}).get(value.facet.slug, [])


def _group(logs) -> list[QueryGroup]:
    groups: dict[str, QueryGroup] = {}
    for log in logs:
        key = log.normalized_query or log.query.casefold()
        group = groups.setdefault(key, QueryGroup(normalized=key, count=0))
        group.count += 1
        group.without_good_answer += log.without_good_answer
        group.no_result += log.result_count == 0
        if log.query not in group.examples and len(group.examples) < 3:
            group.examples.append(log.query)
    return sorted(groups.values(), key=lambda g: (-g.count, g.normalized))


def unanswered_searches(*, filters: DashboardFilters, limit: int = 100) -> list[QueryGroup]:
    """Searches that found nothing or nothing good, grouped by their normalized question."""
    logs = _logs(filters).filter(WITHOUT_GOOD_ANSWER)
    return _group(log for log in logs.iterator() if _matches_value(log, filters.value))[:limit]


def frequent_searches(*, filters: DashboardFilters, limit: int = 50) -> list[QueryGroup]:
    logs = _logs(filters)
    return _group(log for log in logs.iterator() if _matches_value(log, filters.value))[:limit]


def daily_series(*, filters: DashboardFilters) -> dict[str, list[tuple[date, int]]]:
    """Votes (yes, no) and searches (all, without a good answer) per day of the period."""
    days = filters.period.days()
    series: dict[str, dict[date, int]] = defaultdict(dict)
    for row in (
        _votes(filters)
        .annotate(day=TruncDate("updated_at"))
        .values("day")
        .annotate(yes=Count("id", filter=Q(value="yes")), no=Count("id", filter=Q(value="no")))
    ):
        series["yes"][row["day"]] = row["yes"]
        series["no"][row["day"]] = row["no"]
    for log in _logs(filters).iterator():
        if not _matches_value(log, filters.value):
            continue
        day = timezone.localtime(log.created_at).date()
        series["searches"][day] = series["searches"].get(day, 0) + 1
        if log.without_good_answer:
            series["unanswered"][day] = series["unanswered"].get(day, 0) + 1
    return {
        name: [(day, series[name].get(day, 0)) for day in days]
        for name in ("yes", "no", "searches", "unanswered")
    }


def most_viewed(*, limit: int = 5, days: int = 30) -> list[Entry]:
    since = timezone.localdate() - timedelta(days=days - 1)
    ids = list(
        EntryView.objects.filter(day__gte=since, entry__status=Entry.Status.PUBLISHED)
        .values("entry_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "entry_id")
        .values_list("entry_id", flat=True)[:limit]
    )
    entries = Entry.objects.in_bulk(ids)
    return [entries[i] for i in ids if i in entries]


def recently_updated(*, limit: int = 5) -> list[Entry]:
    return list(published_entries().order_by("-updated_at", "-id")[:limit])
