from dataclasses import dataclass

from django.db.models import Count, Q

from segurfaq.feedback.models import Vote


@dataclass(frozen=True)
class VoteTally:
    yes: int = 0
    no: int = 0

    @property
    def total(self) -> int:
        return self.yes + self.no


def vote_tallies(*, entry_ids: list[int]) -> dict[int, VoteTally]:
    rows = (
        Vote.objects.filter(entry_id__in=entry_ids)
        .values("entry_id")
        .annotate(yes=Count("id", filter=Q(value="yes")), no=Count("id", filter=Q(value="no")))
    )
    return {row["entry_id"]: VoteTally(yes=row["yes"], no=row["no"]) for row in rows}


def visitor_votes(*, visitor: str | None, entry_ids: list[int]) -> dict[int, Vote]:
    if not visitor:
        return {}
    return {
        vote.entry_id: vote for vote in Vote.objects.filter(visitor=visitor, entry_id__in=entry_ids)
    }
