"""How search results are shown: the reader's words marked in questions and answers."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from segurfaq.engine.highlight import expand_acronyms, highlight_html, highlight_text
from segurfaq.search.index import current_engine
from segurfaq.search.selectors import EntrySearch


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


def separation_out(separation, slugs: dict[int, str]) -> dict | None:
    """The facet that tells the two first entries apart, as the API and the CLI give it."""
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
