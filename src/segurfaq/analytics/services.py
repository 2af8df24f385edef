from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from segurfaq.analytics.models import EntryView
from segurfaq.faq.models import Entry


def view_record(*, entry: Entry) -> None:
    """Count one reading of an entry's page today."""
    today = timezone.localdate()
    for _attempt in range(3):
        try:
            # One transaction, even for one UPDATE: on SQLite it then queues for the write
            # lock with the votes (segurfaq/sqlite) instead of sleeping in the busy handler.
            with transaction.atomic():
                counted = EntryView.objects.filter(entry=entry, day=today)
                if not counted.update(count=F("count") + 1):
                    EntryView.objects.create(entry=entry, day=today, count=1)
            return
        except IntegrityError:
            # Another request created today's row first: the next attempt updates it.
            continue
    raise RuntimeError("could not count the reading after three attempts")
