from django.db import connection, transaction
from django.utils import timezone

from segurfaq.faq.display import EntryRef
from segurfaq.feedback.models import COMMENT_MAX_LENGTH, Vote

# A vote cast or changed in one statement, on SQLite as on PostgreSQL. A visitor's two
# racing first votes meet in the unique constraint and the second becomes an update, where
# a SELECT then INSERT lost the race with an IntegrityError. A "Oui" clears the reason and
# comment of an earlier "Non"; the date of change moves only when the value does. The ORM
# cannot write this conditional upsert (bulk_create's only copies the new row's columns).
_VOTE_UPSERT = """
INSERT INTO {table} AS vote (entry_id, visitor, value, reason, comment, created_at, updated_at)
VALUES (%s, %s, %s, '', '', %s, %s)
ON CONFLICT (entry_id, visitor) DO UPDATE SET
    value = excluded.value,
    reason = CASE WHEN excluded.value = 'yes' THEN '' ELSE vote.reason END,
    comment = CASE WHEN excluded.value = 'yes' THEN '' ELSE vote.comment END,
    updated_at = CASE WHEN excluded.value <> vote.value THEN excluded.updated_at
                      ELSE vote.updated_at END
RETURNING id, value, reason, comment
"""


def vote_cast(*, entry: EntryRef, visitor: str, value: str) -> Vote:
    """Record the visitor's vote on the entry, replacing the one they gave before.

    Returns the vote as stored now: its value, and the reason and comment a "Non" kept
    (its dates are not loaded)."""
    if value not in Vote.Value.values:
        raise ValueError(f"unknown vote value: {value!r}")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = _VOTE_UPSERT.format(table=connection.ops.quote_name(Vote._meta.db_table))
    # A transaction for one statement: on SQLite it queues for the write lock
    # (segurfaq/sqlite) instead of sleeping in the busy handler.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.id, visitor, value, now, now])
        vote_id, stored, reason, comment = cursor.fetchone()
    return Vote(
        id=vote_id, entry_id=entry.id, visitor=visitor, value=stored, reason=reason, comment=comment
    )


class NothingToExplain(ValueError):
    pass


@transaction.atomic
def vote_explain(*, entry: EntryRef, visitor: str, reason: str, comment: str) -> Vote:
    """Record why the visitor's "Non" vote: a fixed reason and an optional comment."""
    vote = (
        Vote.objects.select_for_update()
        .filter(entry_id=entry.id, visitor=visitor, value=Vote.Value.NO)
        .first()
    )
    if vote is None:
        raise NothingToExplain("no 'no' vote to explain")
    vote.reason = reason
    vote.comment = comment.strip()[:COMMENT_MAX_LENGTH]
    vote.updated_at = timezone.now()
    vote.save(update_fields=["reason", "comment", "updated_at"])
    return vote
