"""Writes of the search app, and the use cases of its public doors: asking the engine (the
list page, the API, the question form's suggestions, the command) and recording a reading.
Each door parses its input, calls one of these, and renders what it returns."""

from dataclasses import dataclass

from django.db import transaction

from segurfaq.faq.display import EntryShown
from segurfaq.faq.models import SLUG_MAX_LENGTH
from segurfaq.faq.selectors import QUERY_MAX_LENGTH, EntryFilters, entry_ref_published
from segurfaq.faq.services import entry_wording_add
from segurfaq.ratelimit import Limit
from segurfaq.search.models import SearchLog, WordingCandidate
from segurfaq.search.outcomes import (
    search_outcome_record,
    search_reformulated,
    search_token,
)
from segurfaq.search.selectors import EntrySearch, closest_published, entry_search

SEARCHES = Limit(
    "search",
    "SEGURFAQ_SEARCHES_PER_MINUTE",
    60,
    guards="recherches : page, API, réponses proches du formulaire de question",
)
SEARCH_LOGS = Limit(
    "search-log",
    "SEGURFAQ_SEARCH_LOGS_PER_HOUR",
    3600,
    guards="recherches gardées au journal (au-delà : servies, non gardées)",
)
READINGS = Limit(
    "reading",
    "SEGURFAQ_READINGS_PER_MINUTE",
    60,
    guards="« réponse lue » envoyées par les pages",
)


class SearchRefused(ValueError):
    """A search no reader would send (too many filters…): the message says why, in French."""


@dataclass(frozen=True)
class SearchAsked:
    found: EntrySearch
    # Signed: the search's log row and the entries it returned; "" when it was not logged.
    token: str = ""


def search_ask(
    *,
    filters: EntryFilters,
    source: str,
    network: str | None,
    returned: int,
    log: bool = True,
    previous_token: str = "",
) -> SearchAsked:
    """A reader's search, from any door: checked, counted against the reader's limit (not
    for the command: `network` None), answered by the engine, and logged with the first
    `returned` entries it gives back (within a per-client allowance, so that one client
    cannot grow the log without bound). Raises SearchRefused or ratelimit.RateLimited."""
    problem = filters.problem()
    if problem:
        raise SearchRefused(problem)
    if network is not None and filters.query.strip():
        # Browsing the list without a question is served from the page cache.
        SEARCHES.hit(network)
    found = entry_search(filters=filters)
    if not log or found.result is None:
        return SearchAsked(found)
    if network is not None and not SEARCH_LOGS.admits(network):
        return SearchAsked(found)
    record = search_log_record(search=found, filters=filters, source=source)
    if previous_token:
        search_reformulated(token=previous_token, query_normalized=record.normalized_query)
    returned_ids = found.listing.entry_ids[:returned]
    return SearchAsked(found, search_token(record, returned=returned_ids, network=network or ""))


def search_suggest(*, question: str, network: str, limit: int = 3) -> list[EntryShown]:
    """Published entries that may already answer a question a reader is writing (the
    question form): a search like any other for the reader's limit, never logged."""
    SEARCHES.hit(network)
    return closest_published(question=question, limit=limit)


def reading_record(*, token: str, slug: str, network: str) -> None:
    """The reader stayed on an answer their search returned: it was read (the beacon)."""
    READINGS.hit(network)
    entry = entry_ref_published(slug=slug[:SLUG_MAX_LENGTH])
    if entry is not None and token:
        search_outcome_record(token=token, entry_id=entry.id, outcome=SearchLog.Outcome.READ)


def search_log_record(*, search: EntrySearch, filters: EntryFilters, source: str) -> SearchLog:
    """Keep what analytics need of a search, and nothing personal about the reader."""
    result = search.result
    listing = search.listing
    return SearchLog.objects.create(
        query=filters.query.strip()[:QUERY_MAX_LENGTH],
        normalized_query=(result.normalized if result else "")[:QUERY_MAX_LENGTH],
        filters={facet: list(values) for facet, values in filters.selected.items()},
        result_count=listing.count,
        top_entry_id=listing.entry_ids[0] if listing.entry_ids else None,
        confidence=min(max(search.confidence, 0.0), 1.0),
        low_confidence=search.low_confidence,
        duration_ms=round(search.duration_ms, 2),
        source=source,
    )


@transaction.atomic
def wording_candidate_accept(*, candidate: WordingCandidate) -> bool:
    """Add a reader's wording to its entry's other wordings (searched at once, kept in the
    entry's history); False when the entry already had it."""
    added = entry_wording_add(entry=candidate.entry, text=candidate.example)
    candidate.status = WordingCandidate.Status.ADDED
    candidate.save(update_fields=["status"])
    return added


def wording_candidate_dismiss(*, candidate: WordingCandidate) -> None:
    candidate.status = WordingCandidate.Status.DISMISSED
    candidate.save(update_fields=["status"])
