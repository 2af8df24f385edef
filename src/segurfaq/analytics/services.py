from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from segurfaq.analytics.models import EntryView
from segurfaq.faq.models import Entry


def view_record(*, entry: Entry) -> None:
    """Count one reading of an entry's page today."""
    today = timezone.localdate()
    if EntryView.objects.filter(entry=entry, day=today).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            EntryView.objects.create(entry=entry, day=today, count=1)
    except IntegrityError:
        # Another request created today's row first.
        EntryView.objects.filter(entry=entry, day=today).update(count=F("count") + 1)
