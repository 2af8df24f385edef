"""How search results are shown: the reader's words marked in questions and answers."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from segurfaq.engine.highlight import highlight_html, highlight_text
from segurfaq.search.selectors import EntrySearch


def attach_display(entries, search: EntrySearch | None = None) -> None:
    """Give each entry its question and answer as HTML, matched words marked."""
    stems = search.result.stems if search is not None and search.result is not None else None
    for entry in entries:
        if stems:
            entry.display_question = mark_safe(highlight_text(entry.question, stems))  # noqa: S308 - escaped by highlight_text
            entry.display_answer = mark_safe(highlight_html(entry.answer, stems))  # noqa: S308 - sanitized answer, text re-escaped
        else:
            entry.display_question = escape(entry.question)
            entry.display_answer = mark_safe(entry.answer)  # noqa: S308 - sanitized with nh3 on save
