from django.db.models import F
from django.utils import timezone

from segurfaq.analytics.models import EntryView
from segurfaq.faq.models import Entry
from segurfaq.transactions import atomic_retrying_race


def view_record(*, entry: Entry) -> None:
    """Count one reading of an entry's page today."""
    today = timezone.localdate()

    def count() -> None:
        if not EntryView.objects.filter(entry=entry, day=today).update(count=F("count") + 1):
            EntryView.objects.create(entry=entry, day=today, count=1)

    # One transaction, even for one UPDATE: on SQLite it then queues for the write lock
    # with the votes (segurfaq/sqlite) instead of sleeping in the busy handler. Another
    # request may create today's row first: the next attempt updates it.
    atomic_retrying_race(count)
