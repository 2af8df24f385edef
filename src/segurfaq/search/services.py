from segurfaq.faq.selectors import EntryFilters
from segurfaq.search.models import SearchLog
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
