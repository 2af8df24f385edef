"""What the vote block under an answer needs to know, for the list and detail pages."""

from dataclasses import dataclass

from django.contrib import messages

from segurfaq.faq.display import french_number
from segurfaq.feedback.models import COMMENT_MAX_LENGTH, Vote
from segurfaq.feedback.selectors import VoteTally, visitor_votes, vote_tallies
from segurfaq.feedback.visitor import request_visitor

THANKS_TAG_PREFIX = "vote:"


@dataclass(frozen=True)
class VoteBlock:
    """What the vote block under an answer shows: the tally, the reader's own vote (and the
    reason and comment of their "Non"), a thank-you just after voting."""

    tally: VoteTally | None = None  # None before any vote
    own_vote: str | None = None
    own_reason: str = ""
    own_comment: str = ""
    thanks: str | None = None
    # Why the explanation just sent was refused (shown on the reason's fieldset).
    errors: tuple[str, ...] = ()

    comment_max_length: int = COMMENT_MAX_LENGTH

    @property
    def comment_hint(self) -> str:
        return f"{french_number(COMMENT_MAX_LENGTH)} caractères au plus."

    @property
    def reason_choices(self) -> tuple:
        # The reasons are offered once the reader said "Non".
        return tuple(Vote.Reason.choices) if self.own_vote == Vote.Value.NO else ()


def vote_blocks(request, entries) -> tuple[dict[int, VoteBlock], list]:
    """Each entry's vote block, by entry id, and the other pending messages, for the page
    to show at the top (a thank-you is shown in its entry's block)."""
    ids = [entry.id for entry in entries]
    tallies = vote_tallies(entry_ids=ids)
    own = visitor_votes(visitor=request_visitor(request), entry_ids=ids)
    thanks: dict[str, str] = {}
    others = []
    for message in messages.get_messages(request):
        if message.extra_tags.startswith(THANKS_TAG_PREFIX):
            thanks[message.extra_tags.removeprefix(THANKS_TAG_PREFIX)] = message.message
        else:
            others.append(message)
    blocks = {}
    for entry in entries:
        vote = own.get(entry.id)
        blocks[entry.id] = VoteBlock(
            tally=tallies.get(entry.id),
            own_vote=vote.value if vote else None,
            own_reason=vote.reason if vote else "",
            own_comment=vote.comment if vote else "",
            thanks=thanks.get(entry.slug),
        )
    return blocks, others
