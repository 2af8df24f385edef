"""What the vote block under an answer needs to know, for the list and detail pages."""

from django.contrib import messages

from segurfaq.feedback.models import Vote
from segurfaq.feedback.selectors import visitor_votes, vote_tallies
from segurfaq.feedback.visitor import request_visitor

THANKS_TAG_PREFIX = "vote:"


def attach_vote_state(request, entries) -> list:
    """Give each entry its tally, the reader's own vote and any thank-you to show.

    Returns the other pending messages, for the page to show at the top.
    """
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
    for entry in entries:
        vote = own.get(entry.id)
        entry.tally = tallies.get(entry.id)
        entry.own_vote = vote.value if vote else None
        entry.own_reason = vote.reason if vote else ""
        entry.own_comment = vote.comment if vote else ""
        entry.vote_thanks = thanks.get(entry.slug)
        entry.reason_choices = Vote.Reason.choices if entry.own_vote == Vote.Value.NO else ()
    return others
