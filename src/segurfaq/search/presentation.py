"""How search results are shown: the reader's words marked in questions and answers."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from segurfaq.engine.highlight import expand_acronyms, highlight_html, highlight_text
from segurfaq.search.index import current_engine
from segurfaq.search.selectors import EntrySearch


def attach_display(entries, search: EntrySearch | None = None) -> None:
    """Give each entry its question and answer as HTML, matched words marked."""
    stems = search.result.stems if search is not None and search.result is not None else None
    terms = current_engine().glossary.terms if entries else []
    for entry in entries:
        answer = highlight_html(entry.answer, stems) if stems else entry.answer
        # Safe: answers are sanitized with nh3 on save; these helpers only re-escape text
        # and add <mark> and <abbr> around it.
        entry.display_answer = mark_safe(expand_acronyms(answer, terms))  # noqa: S308
        if stems:
            entry.display_question = mark_safe(highlight_text(entry.question, stems))  # noqa: S308
        else:
            entry.display_question = escape(entry.question)
