"""What anyone may read of an entry: one explicit list of public fields, for the API's JSON
and CSV and the command's search results. Adding a field to PUBLIC_ENTRY_FIELDS publishes
it; nothing else of an entry (its editor's note, its review date, its status) ever leaves
through a public door. The feeds and pages read the same display objects (EntryShown)."""

from collections.abc import Callable
from datetime import datetime

from segurfaq.faq.answer_markup import html_to_text
from segurfaq.faq.csv_format import LIST_SEPARATOR, csv_text
from segurfaq.faq.display import EntryShown
from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import EntryFilters, entry_list

PUBLIC_ENTRY_FIELDS = (
    "slug",
    "question",
    "answer_html",
    "answer_text",
    "url",
    "tags",
    "wordings",
    "values",
    "links",
    "updated_at",
    "published_at",
)


def entry_public(entry: EntryShown, *, absolute: Callable[[str], str]) -> dict:
    """The entry's public fields; `absolute` makes an address absolute (the request's host
    for the API, SEGURFAQ_PUBLIC_URL for the command)."""
    every = {
        "slug": entry.slug,
        "question": entry.question,
        "answer_html": entry.answer,
        "answer_text": html_to_text(entry.answer),
        "url": absolute(entry.get_absolute_url()),
        "tags": list(entry.tags),
        "wordings": list(entry.wordings),
        "values": [
            {"facet": value.facet_slug, "slug": value.slug, "label": value.label}
            for value in entry.values
        ],
        "links": [{"label": link.label, "url": link.url} for link in entry.links],
        "updated_at": entry.updated_at,
        "published_at": entry.published_at,
    }
    return {name: every[name] for name in PUBLIC_ENTRY_FIELDS}


def public_entries(*, filters: EntryFilters, updated_since: datetime | None = None) -> list[int]:
    """The published entries a public export lists (the API's entries and CSV), in the
    list's order: within the facet filters, changed since a moment if one is given."""
    ids = entry_list(filters=filters).entry_ids
    if updated_since is None:
        return ids
    recent = set(
        Entry.objects.filter(id__in=ids, updated_at__gte=updated_since).values_list("id", flat=True)
    )
    return [entry_id for entry_id in ids if entry_id in recent]


def _csv_value(name: str, value) -> str:
    if name == "values":
        return LIST_SEPARATOR.join(f"{item['facet']}/{item['slug']}" for item in value)
    if name == "links":
        return LIST_SEPARATOR.join(f"{item['label']} <{item['url']}>" for item in value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)


def entries_public_csv(entries: list[EntryShown], *, absolute: Callable[[str], str]) -> str:
    """The entries' public fields as CSV, one column per field, formulas neutralised."""
    rows = [
        [_csv_value(name, value) for name, value in entry_public(e, absolute=absolute).items()]
        for e in entries
    ]
    return csv_text([list(PUBLIC_ENTRY_FIELDS), *rows])
