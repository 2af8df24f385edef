from django.db import connection, transaction
from django.utils import timezone

from segurfaq.analytics.models import EntryView
from segurfaq.faq.display import EntryRef

# Today's counter created or incremented in one statement: two first readings of the day
# meet in the unique constraint instead of one failing with an IntegrityError.
_VIEW_UPSERT = """
INSERT INTO {table} AS counter (entry_id, day, count) VALUES (%s, %s, 1)
ON CONFLICT (entry_id, day) DO UPDATE SET count = counter.count + 1
"""


def view_record(*, entry: EntryRef) -> None:
    """Count one reading of an entry's page today."""
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    sql = _VIEW_UPSERT.format(table=connection.ops.quote_name(EntryView._meta.db_table))
    # A transaction for one statement: on SQLite it then queues for the write lock with
    # the votes (segurfaq/sqlite) instead of sleeping in the busy handler.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.id, today])
