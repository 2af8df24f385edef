"""What readers did after a search, learnt without knowing who they are.

A page search gives its results a signed token naming the search log row; the links to an
answer, its vote buttons and the page's script carry it back. Opening an answer, reading
it for a while, voting "Oui" or "Non", or searching again at once each record the
search's outcome. A search whose reader found an answer useful proposes its wording to
the editors as one of that answer's other wordings (WordingCandidate).
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from segurfaq.faq.models import Entry
from segurfaq.faq.wordings import entry_wording_keys
from segurfaq.search.models import SearchLog, WordingCandidate

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


def search_token(log: SearchLog) -> str:
    return signing.dumps(log.pk, salt=SALT)


def _log_id(token: str) -> int | None:
    try:
        value = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


@transaction.atomic
def search_outcome_record(*, token: str, entry_id: int, outcome: str) -> SearchLog | None:
    """Record what the reader of the search did with one of its answers."""
    log_id = _log_id(token)
    log = SearchLog.objects.select_for_update().filter(pk=log_id).first() if log_id else None
    if log is None:
        return None
    before = log.outcome
    votes = {Outcome.HELPFUL, Outcome.UNHELPFUL}
    if outcome not in votes and _STRENGTH[outcome] <= _STRENGTH[before]:
        return log
    log.outcome, log.opened_entry_id = outcome, entry_id
    log.save(update_fields=["outcome", "opened_entry"])
    if outcome in _USEFUL and before not in _USEFUL:
        _propose(log, entry_id)
    return log


def search_reformulated(*, token: str, query_normalized: str) -> None:
    """A new search came straight after this one: unless the reader only went on typing
    it, the first one found nothing they wanted."""
    log_id = _log_id(token)
    if log_id is None:
        return
    recent = timezone.now() - timezone.timedelta(seconds=REFORMULATION_SECONDS)
    log = SearchLog.objects.filter(pk=log_id, created_at__gte=recent).first()
    if log is None or query_normalized.startswith(log.normalized_query):
        return
    SearchLog.objects.filter(pk=log_id, outcome__in=["", Outcome.OPENED]).update(
        outcome=Outcome.REFORMULATED
    )


def _propose(log: SearchLog, entry_id: int) -> None:
    key = log.normalized_query
    entry = Entry.objects.filter(pk=entry_id).only("question", "wordings").first()
    if not key or entry is None:
        return
    if key in entry_wording_keys(entry.question, entry.wordings):
        return
    try:
        with transaction.atomic():
            candidate, _ = WordingCandidate.objects.get_or_create(
                entry_id=entry_id, key=key, defaults={"example": log.query}
            )
    except IntegrityError:  # proposed by another reader at the same moment
        candidate = WordingCandidate.objects.get(entry_id=entry_id, key=key)
    examples = [text for text in candidate.examples if text != log.query]
    WordingCandidate.objects.filter(pk=candidate.pk).update(
        count=F("count") + 1,
        example=log.query,
        examples=[log.query, *examples][:EXAMPLES_KEPT],
        updated_at=timezone.now(),
    )


def entry_judged_received(*, entry_id: int, value: str, search_token: str, **kwargs) -> None:
    """A reader judged an entry reached from a search (faq.signals.entry_judged)."""
    if search_token:
        outcome = Outcome.HELPFUL if value == "yes" else Outcome.UNHELPFUL
        search_outcome_record(token=search_token, entry_id=entry_id, outcome=outcome)
