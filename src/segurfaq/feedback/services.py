from django.db import transaction
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.feedback.models import COMMENT_MAX_LENGTH, Vote
from segurfaq.transactions import atomic_retrying_race


def vote_cast(*, entry: Entry, visitor: str, value: str) -> Vote:
    """Record the visitor's vote on the entry, replacing the one they gave before."""
    if value not in Vote.Value.values:
        raise ValueError(f"unknown vote value: {value!r}")

    def cast() -> Vote:
        vote = Vote.objects.select_for_update().filter(entry=entry, visitor=visitor).first()
        if vote is None:
            return Vote.objects.create(entry=entry, visitor=visitor, value=value)
        if vote.value != value:
            vote.value = value
            vote.updated_at = timezone.now()
            if value == Vote.Value.YES:
                vote.reason, vote.comment = "", ""
            vote.save(update_fields=["value", "reason", "comment", "updated_at"])
        return vote

    # Two requests of the same visitor may race to create the vote: the loser's next
    # attempt finds the winner's row and updates it.
    return atomic_retrying_race(cast)


class NothingToExplain(ValueError):
    pass


@transaction.atomic
def vote_explain(*, entry: Entry, visitor: str, reason: str, comment: str) -> Vote:
    """Record why the visitor's "Non" vote: a fixed reason and an optional comment."""
    vote = (
        Vote.objects.select_for_update()
        .filter(entry=entry, visitor=visitor, value=Vote.Value.NO)
        .first()
    )
    if vote is None:
        raise NothingToExplain("no 'no' vote to explain")
    vote.reason = reason
    vote.comment = comment.strip()[:COMMENT_MAX_LENGTH]
    vote.updated_at = timezone.now()
    vote.save(update_fields=["reason", "comment", "updated_at"])
    return vote
