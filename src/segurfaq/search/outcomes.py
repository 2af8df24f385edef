"""What readers did after a search, learnt without knowing who they are.

A search gives its results a signed token naming the search log row and the entries it
returned; the links to an answer, its vote buttons, the page's script and API clients
carry it back. Opening one of those answers, reading it for a while, voting "Oui" or
"Non", or searching again at once each record the search's outcome; an entry the search
did not return records nothing. A search whose reader found an answer useful proposes its
wording to the editors as one of that answer's other wordings (WordingCandidate), counted
once per reader who searched (their network as a keyed hash, signed into the token when
the search was made), however often they come back and whoever sends the token back.
"""

from dataclasses import dataclass

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.signals import SEARCH_TOKEN_MAX_LENGTH
from segurfaq.faq.wordings import entry_wording_keys
from segurfaq.operations.keyed import keyed_hash
from segurfaq.search.models import SearchLog, WordingCandidate, WordingCandidateReader

SALT = "segurfaq.search.outcome"
# Sent by the page's script with a live search: the token of the results on screen.
PREVIOUS_SEARCH_HEADER = "X-Segurfaq-Recherche"
TOKEN_MAX_AGE = 24 * 3600
# A new search this soon after one whose results were left unread: the first found nothing.
REFORMULATION_SECONDS = 120
EXAMPLES_KEPT = 5

Outcome = SearchLog.Outcome
# Which outcome may replace which: a vote says the most, reading more than opening.
_STRENGTH = {
    "": 0,
    Outcome.OPENED: 1,
    Outcome.REFORMULATED: 1,
    Outcome.READ: 2,
    Outcome.HELPFUL: 3,
    Outcome.UNHELPFUL: 3,
}
_USEFUL = {Outcome.READ, Outcome.HELPFUL}


@dataclass(frozen=True)
class SearchMark:
    """What a search token says: the search, the entries it returned, who searched (a
    keyed hash of their network: whoever sends the token back, the proposal counts for the
    reader who searched)."""

    log_id: int
    returned: frozenset[int]
    searcher: str


def search_token(log: SearchLog, *, returned: list[int], network: str) -> str:
    """The signed token of a search made from `network`, which returned these entries."""
    payload = [log.pk, list(returned), keyed_hash("searcher", network, length=16)]
    return signing.dumps(payload, salt=SALT, compress=True)


def _read(token: str) -> SearchMark | None:
    try:
        value = signing.loads(
            (token or "")[:SEARCH_TOKEN_MAX_LENGTH], salt=SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 3):
        return None
    log_id, returned, searcher = value
    if not (isinstance(log_id, int) and isinstance(returned, list) and isinstance(searcher, str)):
        return None
    return SearchMark(log_id, frozenset(i for i in returned if isinstance(i, int)), searcher)


@transaction.atomic
def search_outcome_record(*, token: str, entry_id: int, outcome: str) -> SearchLog | None:
    """Record what the reader of the search did with one of the answers it returned; None
    when the token is not a search's, or did not return this entry."""
    mark = _read(token)
    if mark is None or entry_id not in mark.returned:
        return None
    log_id = mark.log_id
    log = SearchLog.objects.select_for_update().filter(pk=log_id).first()
    if log is None:
        return None
    before = log.outcome
    votes = {Outcome.HELPFUL, Outcome.UNHELPFUL}
    if outcome not in votes and _STRENGTH[outcome] <= _STRENGTH[before]:
        return log
    log.outcome, log.opened_entry_id = outcome, entry_id
    log.save(update_fields=["outcome", "opened_entry"])
    if outcome in _USEFUL and before not in _USEFUL:
        _propose(log, entry_id, mark.searcher)
    return log


def search_reformulated(*, token: str, query_normalized: str) -> None:
    """A new search came straight after this one: unless the reader only went on typing
    it, the first one found nothing they wanted."""
    mark = _read(token)
    if mark is None:
        return
    log_id = mark.log_id
    recent = timezone.now() - timezone.timedelta(seconds=REFORMULATION_SECONDS)
    log = SearchLog.objects.filter(pk=log_id, created_at__gte=recent).first()
    if log is None or query_normalized.startswith(log.normalized_query):
        return
    SearchLog.objects.filter(pk=log_id, outcome__in=["", Outcome.OPENED]).update(
        outcome=Outcome.REFORMULATED
    )


def _propose(log: SearchLog, entry_id: int, reader: str) -> None:
    key = log.normalized_query
    entry = Entry.objects.filter(pk=entry_id).only("question", "wordings").first()
    if not key or entry is None:
        return
    if key in entry_wording_keys(entry.question, entry.wordings):
        return
    candidate = _once(WordingCandidate, entry_id=entry_id, key=key, defaults={"example": ""})[0]
    examples = [text for text in candidate.examples if text != log.query]
    first_time = _once(WordingCandidateReader, candidate=candidate, reader=reader)[1]
    WordingCandidate.objects.filter(pk=candidate.pk).update(
        # A reader who comes back with the same words is still one reader.
        count=F("count") + (1 if first_time else 0),
        example=log.query,
        examples=[log.query, *examples][:EXAMPLES_KEPT],
        updated_at=timezone.now(),
    )


def _once(model, *, defaults=None, **unique):
    """get_or_create under a unique constraint that another reader may meet at the same
    moment: (row, whether this call made it)."""
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**unique, defaults=defaults or {})
    except IntegrityError:
        return model.objects.get(**unique), False


def entry_judged_received(*, entry_id: int, value: str, search_token: str, **kwargs) -> None:
    """A reader judged an entry reached from a search (faq.signals.entry_judged)."""
    if search_token:
        outcome = Outcome.HELPFUL if value == "yes" else Outcome.UNHELPFUL
        search_outcome_record(token=search_token, entry_id=entry_id, outcome=outcome)
