from django.db import connection, transaction
from django.utils import timezone

from segurfaq.analytics.models import EntryView
from segurfaq.faq.display import EntryRef
from segurfaq.ratelimit import Limit

# Today's counter created or incremented in one statement: two first readings of the day
# meet in the unique constraint instead of one failing with an IntegrityError.
_VIEW_UPSERT = """
INSERT INTO {table} AS counter (entry_id, day, count) VALUES (%s, %s, 1)
ON CONFLICT (entry_id, day) DO UPDATE SET count = counter.count + 1
"""


# Readings of one entry's page counted per address and day: past it, the page is served
# and not counted (no write), so that one client can neither inflate "les plus lues" nor
# turn every GET into a write.
VIEWS = Limit(
    "view",
    "SEGURFAQ_VIEWS_PER_ADDRESS_AND_ENTRY",
    24 * 3600,
    guards="consultations d'une même réponse comptées par adresse et par jour",
)


def view_record(*, entry: EntryRef, network: str) -> None:
    """Count one reading of an entry's page today, within the address's allowance."""
    if not VIEWS.admits(f"{network} {entry.id}"):
        return
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    sql = _VIEW_UPSERT.format(table=connection.ops.quote_name(EntryView._meta.db_table))
    # A transaction for one statement: on SQLite it then queues for the write lock with
    # the votes (segurfaq/sqlite) instead of sleeping in the busy handler.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.id, today])
