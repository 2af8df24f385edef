"""Reads through the answer engine, shared by the list page, the API and the CLI."""

import time
from dataclasses import dataclass, field

from segurfaq.engine import Hit, SearchResult, fusion
from segurfaq.faq.display import EntryShown
from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import (
    EntryFilters,
    EntryListResult,
    Separation,
    entries_for_display,
    entry_list,
    separating_facet,
)
from segurfaq.search.index import current_engine


@dataclass
class EntrySearch:
    listing: EntryListResult
    result: SearchResult | None = None  # None when the reader asked nothing
    hits: dict[int, Hit] = field(default_factory=dict)
    duration_ms: float = 0.0
    # The first two entries are nearly tied ("Deux réponses possibles"), and the facet
    # that tells them apart when there is one.
    ambiguous: bool = False
    separation: Separation | None = None

    @property
    def low_confidence(self) -> bool:
        return self.result is not None and self.result.low_confidence

    @property
    def confidence(self) -> float:
        return self.result.confidence if self.result is not None else 0.0


def entry_search(*, filters: EntryFilters) -> EntrySearch:
    """Entries for a question and filters, ranked by the engine; counts follow the question.

    The confidence is that of the first entry the reader will see, within the filters.
    """
    if not filters.query.strip():
        return EntrySearch(listing=entry_list(filters=filters))
    started = time.perf_counter()
    engine = current_engine()
    unfiltered = engine.search(filters.query)
    listing = entry_list(filters=filters, ranked_ids=[hit.id for hit in unfiltered.hits])
    result = unfiltered
    if filters.selected and (
        not listing.entry_ids
        or not unfiltered.hits
        or listing.entry_ids[0] != unfiltered.hits[0].id
    ):
        result = engine.search(filters.query, allowed_ids=set(listing.entry_ids))
    hits = {hit.id: hit for hit in unfiltered.hits}
    # Judged on the two entries the reader sees first, within the filters.
    first_two = [hits[i].score for i in listing.entry_ids[:2] if i in hits]
    ambiguous = not result.low_confidence and len(first_two) == 2 and fusion.nearly_tied(*first_two)
    separation = None
    if ambiguous:
        separation = separating_facet(first_id=listing.entry_ids[0], second_id=listing.entry_ids[1])
    return EntrySearch(
        listing=listing,
        result=result,
        hits=hits,
        duration_ms=(time.perf_counter() - started) * 1000,
        ambiguous=ambiguous,
        separation=separation,
    )


def related_entries(*, entry: EntryShown, limit: int = 4) -> list[EntryShown]:
    """ "Questions proches": published entries the engine finds close to this one."""
    engine = current_engine()
    hits = engine.similar(entry.id, limit=limit)
    return entries_for_display([hit.id for hit in hits])


def entries_searched_answer(sender, *, query: str, keys=(), **kwargs) -> list[int]:
    """Receiver of faq.signals.entries_searched: the entries a search for the keywords
    finds within the selection, in the engine's order (what the list page would show)."""
    return entry_search(filters=EntryFilters.from_keys(keys, query)).listing.entry_ids


def similar_questions_answer(sender, *, question: str, exclude_id=None, **kwargs) -> list[dict]:
    """Receiver of faq.signals.similar_questions_asked (the entry form's check)."""
    return similar_questions(question=question, exclude_id=exclude_id)


def similar_questions(*, question: str, exclude_id=None, limit: int = 5) -> list[dict]:
    """Existing entries close to a question being written, in any status, for editors."""
    if len(question.strip()) < 4:
        return []
    from segurfaq.search.index import editorial_engine

    engine = editorial_engine()
    exclude = int(exclude_id) if str(exclude_id or "").isdigit() else None
    result = engine.search(question, limit=limit + 1)
    ids = [hit.id for hit in result.hits if hit.id != exclude][:limit]
    entries = Entry.objects.in_bulk(ids)
    scores = {hit.id: hit.score for hit in result.hits}
    return [
        {
            "id": entry_id,
            "question": str(entries[entry_id]),
            "status": entries[entry_id].get_status_display(),
            "score": scores[entry_id],
        }
        for entry_id in ids
        if entry_id in entries
    ]


def closest_published(*, question: str, limit: int = 3) -> list[EntryShown]:
    """Published entries that may already answer a question a reader is about to send."""
    if len(question.strip()) < 4:
        return []
    result = current_engine().search(question, limit=limit)
    return entries_for_display([hit.id for hit in result.hits])
