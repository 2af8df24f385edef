from django.db import transaction

from segurfaq.faq.selectors import EntryFilters
from segurfaq.faq.services import entry_wording_add
from segurfaq.search.models import SearchLog, WordingCandidate
from segurfaq.search.selectors import EntrySearch


def search_log_record(*, search: EntrySearch, filters: EntryFilters, source: str) -> SearchLog:
    """Keep what analytics need of a search, and nothing personal about the reader."""
    result = search.result
    listing = search.listing
    return SearchLog.objects.create(
        query=filters.query.strip()[:200],
        normalized_query=(result.normalized if result else "")[:200],
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
