"""The back office's history of an entry, in French and in full: each change with the
values before and after, and long texts as a word-by-word diff (the same as the public
change log's), instead of django-simple-history's English labels and "[153 chars]"."""

from datetime import date, datetime

from django.db.models import ManyToManyField
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from simple_history.template_utils import HistoricalRecordContextHelper

from segurfaq.faq.changes import answer_diff, diff_html

# Texts long enough that a diff reads better than two full values side by side.
DIFF_FIELDS = {"question", "answer_source", "editor_note", "wordings"}


def _shown(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, ManyToManyField):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        return date_format(localtime(value), "j F Y à G \\h i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


class EntryHistoryHelper(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta) -> list[dict]:
        rows = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            old = _shown(field, self.prepare_delta_change_value(change, change.old))
            new = _shown(field, self.prepare_delta_change_value(change, change.new))
            diff = ""
            if change.field in DIFF_FIELDS and old != "—" and new != "—":
                diff = format_html(
                    '<p class="segurfaq-diff">{}</p>',
                    diff_html(answer_diff(old, new), hidden="visually-hidden"),
                )
            rows.append(
                {"field": capfirst(field.verbose_name), "old": old, "new": new, "diff": diff}
            )
        return rows
