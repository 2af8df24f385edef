from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from segurfaq.faq.display import EntryRef
from segurfaq.faq.signals import entry_judged
from segurfaq.feedback.models import COMMENT_MAX_LENGTH, Vote
from segurfaq.feedback.selectors import VoteTally, vote_tallies
from segurfaq.ratelimit import Limit

VOTES_BY_READER = Limit(
    "vote-reader", "SEGURFAQ_VOTES_PER_MINUTE", 60, guards="avis et raisons d'un même lecteur"
)
# An address shared by a whole hospital gets ten readers' worth.
VOTES_BY_NETWORK = Limit(
    "vote-address",
    "SEGURFAQ_VOTES_PER_MINUTE",
    60,
    factor=10,
    guards="avis et raisons venus d'une même adresse",
)
# However many readers an address claims to hold (ids chosen by an API client, cookies
# thrown away), it gives one entry at most this many votes a day.
VOTES_BY_NETWORK_AND_ENTRY = Limit(
    "vote-address-entry",
    "SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY",
    24 * 3600,
    guards="avis sur une même réponse depuis une même adresse, par jour",
)

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


class VoteRefused(ValueError):
    """A vote that cannot be taken as sent: the message says why, in French."""


@dataclass(frozen=True)
class VoteCounted:
    vote: Vote
    tally: VoteTally


def vote_submit(
    *,
    entry: EntryRef,
    voter: str,
    network: str,
    value: str,
    reason: str = "",
    comment: str = "",
    search_token: str = "",
) -> VoteCounted:
    """A reader's answer to "Cette réponse vous a-t-elle été utile ?", from a page or the
    API: counted against the reader's, the address's and the address-and-entry limits
    (ratelimit.RateLimited), stored (one vote per reader and entry, changeable), explained
    if a "Non" comes with a reason, and passed on to the search it came from
    (faq.signals.entry_judged), so that every vote teaches the engine alike."""
    if value == Vote.Value.YES and (reason or comment):
        raise VoteRefused("Une raison ou un commentaire ne s'ajoutent qu'à un « Non ».")
    _count(voter=voter, network=network)
    VOTES_BY_NETWORK_AND_ENTRY.hit(f"{network} {entry.id}")
    vote = vote_cast(entry=entry, visitor=voter, value=value)
    if reason or comment:
        vote = vote_explain(entry=entry, visitor=voter, reason=reason, comment=comment)
    entry_judged.send(sender=Vote, entry_id=entry.id, value=value, search_token=search_token)
    tally = vote_tallies(entry_ids=[entry.id]).get(entry.id, VoteTally())
    return VoteCounted(vote=vote, tally=tally)


def vote_reason_submit(
    *, entry: EntryRef, voter: str | None, network: str, reason: str, comment: str
) -> Vote:
    """Why the reader said "Non" (NothingToExplain without a "Non" of theirs)."""
    _count(voter=voter, network=network)
    if voter is None:
        raise NothingToExplain("no visitor")
    return vote_explain(entry=entry, visitor=voter, reason=reason, comment=comment)


def _count(*, voter: str | None, network: str) -> None:
    VOTES_BY_READER.hit(voter)
    VOTES_BY_NETWORK.hit(network)
