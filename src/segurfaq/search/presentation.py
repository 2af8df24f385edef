"""How search results are shown: the reader's words marked in questions and answers, and
a search's answer as the API and the command give it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from segurfaq.engine.highlight import expand_acronyms, highlight_html, highlight_text
from segurfaq.faq.public import entry_public
from segurfaq.faq.selectors import entries_for_display
from segurfaq.search.index import current_engine
from segurfaq.search.selectors import EntrySearch
from segurfaq.search.services import SearchAsked


@dataclass(frozen=True)
class EntryText:
    """An entry's question, answer and matched passage as HTML, the reader's words marked
    and acronyms expanded."""

    question: str
    answer: str
    passage: str


def entry_texts(entries, search: EntrySearch | None = None) -> dict[int, EntryText]:
    """Each entry's text as the page shows it, by entry id."""
    stems = search.result.stems if search is not None and search.result is not None else None
    terms = current_engine().glossary.terms if entries else []
    hits = search.hits if search is not None else {}
    texts = {}
    for entry in entries:
        hit = hits.get(entry.id)
        # The part of a long answer that matched: shown under the question as its snippet.
        passage = hit.passage if hit is not None else ""
        answer = highlight_html(entry.answer, stems) if stems else entry.answer
        # Safe: answers are sanitized with nh3 on save; these helpers only re-escape text
        # and add <mark> and <abbr> around it.
        texts[entry.id] = EntryText(
            question=mark_safe(highlight_text(entry.question, stems))  # noqa: S308
            if stems
            else escape(entry.question),
            answer=mark_safe(expand_acronyms(answer, terms)),  # noqa: S308
            passage=mark_safe(highlight_text(passage, stems))  # noqa: S308
            if passage and stems
            else escape(passage),
        )
    return texts


def search_out(asked: SearchAsked, *, limit: int, absolute: Callable[[str], str]) -> dict:
    """A search's answer as the API and the command give it: the question as read, the
    confidence and its notices, the separating facet, the first `limit` entries (public
    fields, score, confidence, passage) and the token that lets a vote teach the engine."""
    found = asked.found
    result = found.result
    # The separating facet names the first two entries by slug, even when one is asked for.
    shown = entries_for_display(found.listing.entry_ids[: max(limit, 2)])
    return {
        "query": result.query if result else "",
        "normalized_query": result.normalized if result else "",
        "confidence": found.confidence,
        "low_confidence": found.low_confidence,
        "ambiguous": found.ambiguous,
        "separating_facet": _separation_out(found.separation, {e.id: e.slug for e in shown}),
        "corrections": result.corrections if result else {},
        "other_questions": list(result.other_questions) if result else [],
        "count": found.listing.count,
        "search_token": asked.token or None,
        "results": [
            {
                **entry_public(entry, absolute=absolute),
                "score": hit.score if hit else 0.0,
                "confidence": hit.confidence if hit else 0.0,
                "passage": hit.passage if hit else "",
            }
            for entry in shown[:limit]
            for hit in [found.hits.get(entry.id)]
        ],
    }


def _separation_out(separation, slugs: dict[int, str]) -> dict | None:
    if separation is None:
        return None
    return {
        "slug": separation.facet_slug,
        "label": separation.label,
        "prompt": separation.prompt,
        "values": [
            {"slug": choice.value_slug, "label": choice.label, "entry": slugs[choice.entry_id]}
            for choice in separation.choices
            if choice.entry_id in slugs
        ],
    }
