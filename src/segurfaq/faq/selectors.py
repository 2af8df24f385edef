"""Reads of the FAQ content, shared by the pages, the admin and the CLI."""

import threading
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from segurfaq.engine.core import MAX_QUERY_CHARS
from segurfaq.faq.display import EntryRef, EntryShown, entry_shown
from segurfaq.faq.interchange import FORMAT
from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue
from segurfaq.faq.revision import PerRevision
from segurfaq.faq.wordings import entry_wording_keys, wording_key

# The longest question the keyword box, the API and the command take: what the engine reads.
# Readers also paste a support-desk message (greeting, situation, question, signature):
# 200 characters cut most of them before their question.
QUERY_MAX_LENGTH = MAX_QUERY_CHARS
# More facet values than the content has (47 by default): no reader ticks more.
FILTER_VALUES_MAX = 100


@dataclass(frozen=True)
class EntryFilters:
    query: str = ""
    # facet slug -> selected value slugs; within a facet values are alternatives (OR),
    # across facets they all apply (AND).
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def problem(self) -> str | None:
        """Why no reader would send these filters (checked before any work), or None. The
        question's length is the form's and the API schema's (QUERY_MAX_LENGTH)."""
        count = sum(len(values) for values in self.selected.values())
        if count > FILTER_VALUES_MAX:
            return f"Trop de filtres : {count} valeurs demandées, {FILTER_VALUES_MAX} au plus."
        return None

    @classmethod
    def from_keys(cls, keys, query: str = "") -> "EntryFilters":
        """The filters named by "facet/value" keys (the API's and a follow's form)."""
        selected: dict[str, tuple[str, ...]] = {}
        for key in keys:
            facet, _, value = key.partition("/")
            selected[facet] = (*selected.get(facet, ()), value)
        return cls(query=query, selected=selected)

    @property
    def keys(self) -> list[str]:
        """The selected values as "facet/value" keys."""
        return [f"{facet}/{slug}" for facet, slugs in self.selected.items() for slug in slugs]


@dataclass
class ValueCount:
    value: FacetValue
    count: int
    selected: bool


@dataclass
class FacetCounts:
    facet: Facet
    values: list[ValueCount]

    @property
    def selected_count(self) -> int:
        return sum(1 for item in self.values if item.selected)

    @property
    def shown(self) -> list[ValueCount]:
        """The values worth offering: those that would find entries, and those chosen."""
        return [item for item in self.values if item.count or item.selected]


@dataclass
class EntryListResult:
    entry_ids: list[int]
    facets: list[FacetCounts]
    active: list[FacetValue]
    unknown: list[str]  # "facet/value" keys asked for but not known

    @property
    def count(self) -> int:
        return len(self.entry_ids)


def published_entries() -> QuerySet[Entry]:
    return Entry.objects.filter(status=Entry.Status.PUBLISHED)


@dataclass(frozen=True)
class _ContentStructure:
    """What every listing needs and only an edit changes: the facets, their values, and
    each published entry's values with their ancestors (a couloir holds its dispositifs)."""

    facets: list[Facet]
    values: list[FacetValue]
    by_key: dict[str, FacetValue]
    # Published entry ids, in the database's order, to the ids of their values and of
    # those values' ancestors.
    effective: dict[int, frozenset[int]]


@PerRevision
def _content_structure() -> _ContentStructure:
    """Read once per edit and process (see PerRevision), instead of on every listing."""
    facets = list(Facet.objects.all())
    values = list(FacetValue.objects.select_related("facet", "parent"))
    ancestors: dict[int, list[int]] = {}
    for value in values:
        chain, seen, current = [], set(), value
        while current is not None and current.id not in seen:
            chain.append(current.id)
            seen.add(current.id)
            current = current.parent
        ancestors[value.id] = chain
    effective: dict[int, set[int]] = {
        entry_id: set() for entry_id in published_entries().values_list("id", flat=True)
    }
    through = Entry.values.through.objects.filter(entry__status=Entry.Status.PUBLISHED)
    for entry_id, value_id in through.values_list("entry_id", "facetvalue_id"):
        if entry_id in effective:
            effective[entry_id].update(ancestors.get(value_id, [value_id]))
    return _ContentStructure(
        facets=facets,
        values=values,
        by_key={value.key: value for value in values},
        effective={entry_id: frozenset(ids) for entry_id, ids in effective.items()},
    )


def facet_values_find(keys) -> tuple[list[FacetValue], list[str]]:
    """The facet values named by "facet/value" keys, in order and each once, and the keys
    that name none: how the pages, the API, the question form and the command read a
    reader's choice of values."""
    by_key = _content_structure.get().by_key
    found: dict[int, FacetValue] = {}
    unknown: list[str] = []
    for key in dict.fromkeys(keys):
        value = by_key.get(key)
        if value is None:
            unknown.append(key)
        else:
            found.setdefault(value.id, value)
    return list(found.values()), unknown


def selection_entry_ids(*, keys, among=None) -> frozenset[int]:
    """The published entries a selection of "facet/value" keys finds, by the list's rule
    (values of one facet are alternatives, facets all apply, a couloir holds its
    dispositifs); keys that name no value are left out. `among`: only these entries are
    looked at (a digest asks about the few that changed)."""
    structure = _content_structure.get()
    active, _unknown = facet_values_find(keys)
    selected: dict[int, set[int]] = {}
    for value in active:
        selected.setdefault(value.facet_id, set()).add(value.id)
    effective = structure.effective
    candidates = effective if among is None else [i for i in among if i in effective]
    return frozenset(
        entry_id
        for entry_id in candidates
        if all(effective[entry_id] & ids for ids in selected.values())
    )


def facet_slugs() -> list[str]:
    """The facets' slugs, in their order: what a filter form may be asked for."""
    return [facet.slug for facet in _content_structure.get().facets]


@dataclass(frozen=True)
class FacetChoice:
    """A facet as a filter: its slug (the parameter's name), its question, its values."""

    slug: str
    prompt: str
    values: tuple[str, ...]


def facet_choices() -> list[FacetChoice]:
    structure = _content_structure.get()
    return [
        FacetChoice(
            slug=facet.slug,
            prompt=facet.prompt or facet.label,
            values=tuple(v.slug for v in structure.values if v.facet_id == facet.id),
        )
        for facet in structure.facets
    ]


def entry_list(*, filters: EntryFilters, ranked_ids: list[int] | None = None) -> EntryListResult:
    """Published entries matching the filters, and the count of each facet value.

    With ranked_ids (the answer engine's ranking for the reader's question) only those
    entries are listed, in that order, and the counts follow them. A value's count is what
    the reader would get by adding it to the other facets' filters, so that alternatives
    within a facet stay visible. Choosing a couloir also
    finds the entries tagged only with one of its dispositifs.
    """
    structure = _content_structure.get()
    facets, values = structure.facets, structure.values

    active, unknown = facet_values_find(filters.keys)
    selected: dict[int, set[int]] = {}  # facet id -> value ids
    for value in active:
        selected.setdefault(value.facet_id, set()).add(value.id)

    effective = structure.effective
    entry_ids = list(effective)
    if ranked_ids is not None:
        entry_ids = [entry_id for entry_id in ranked_ids if entry_id in effective]

    def passes(entry_id: int, skip_facet: int | None = None) -> bool:
        return all(
            facet_id == skip_facet or effective[entry_id] & value_ids
            for facet_id, value_ids in selected.items()
        )

    facet_counts = []
    for facet in facets:
        counts: dict[int, int] = defaultdict(int)
        for entry_id in entry_ids:
            if passes(entry_id, skip_facet=facet.id):
                for value_id in effective[entry_id]:
                    counts[value_id] += 1
        facet_counts.append(
            FacetCounts(
                facet=facet,
                values=[
                    ValueCount(
                        value=value,
                        count=counts[value.id],
                        selected=value.id in selected.get(facet.id, ()),
                    )
                    for value in values
                    if value.facet_id == facet.id
                ],
            )
        )
    return EntryListResult(
        entry_ids=[entry_id for entry_id in entry_ids if passes(entry_id)],
        facets=facet_counts,
        active=active,
        unknown=unknown,
    )


# Entries kept for display per process; at most this many, so that 10,000 entries cost a
# worker a bounded amount of memory.
DISPLAY_KEPT = 2000


@PerRevision
def _kept_for_display() -> dict[int, EntryShown]:
    """Entries shown under the current content revision, filled on demand."""
    return {}


_kept_lock = threading.Lock()


def entries_for_display(entry_ids: list[int]) -> list[EntryShown]:
    """The given entries in the given order, as display objects.

    Every search shows up to ten of them: loading each with its values (their facets) and
    links took longer than the rest of the search but the embedding, so they are kept
    until the content changes. They are frozen: every request may share them.
    """
    kept = _kept_for_display.get()
    # The kept dict is shared by the threads of a process: read and change it under a lock.
    with _kept_lock:
        found = {entry_id: kept[entry_id] for entry_id in entry_ids if entry_id in kept}
    missing = [entry_id for entry_id in entry_ids if entry_id not in found]
    if missing:
        loaded = {
            entry_id: entry_shown(entry)
            for entry_id, entry in Entry.objects.filter(id__in=missing)
            .prefetch_related(
                Prefetch("values", queryset=FacetValue.objects.select_related("facet")),
                Prefetch("links", queryset=EntryLink.objects.all()),
            )
            .in_bulk()
            .items()
        }
        with _kept_lock:
            # Bounded, so that 10,000 entries cost a worker a bounded amount of memory.
            if len(kept) + len(loaded) > DISPLAY_KEPT:
                kept.clear()
            kept.update(loaded)
        found.update(loaded)
    return [found[entry_id] for entry_id in entry_ids if entry_id in found]


def entry_content_differs(entry: Entry) -> bool:
    """Whether the entry's question or answer differs from its stored row (a new entry:
    True). Compared with the database, not with a form's initial values: restoring an old
    version starts from that version's values, and is still a change of content."""
    stored = Entry.objects.filter(pk=entry.pk).values("question", "answer_source").first()
    return stored is None or (stored["question"], stored["answer_source"]) != (
        entry.question,
        entry.answer_source,
    )


def entry_get_published(*, slug: str) -> EntryShown | None:
    """The published entry as a display object, from the entries kept for display."""
    reference = entry_ref_published(slug=slug)
    shown = entries_for_display([reference.id]) if reference is not None else []
    # The status is checked again: the content may have changed between the two reads.
    return shown[0] if shown and shown[0].status == Entry.Status.PUBLISHED else None


@PerRevision
def _published_refs() -> dict[str, EntryRef]:
    """Every published entry's reference, by slug."""
    return {
        slug: EntryRef(id=entry_id, slug=slug, question=question)
        for entry_id, slug, question in published_entries().values_list("id", "slug", "question")
    }


def entry_ref_published(*, slug: str) -> EntryRef | None:
    """The published entry's id, slug and question alone: enough to record a vote or a
    reading on it and to name it, without its facets and links. Asked by every vote and
    every reading of a page, so read from the process's copy (see PerRevision)."""
    return _published_refs.get().get(slug)


def _timestamp(value):
    return value.isoformat() if value else None


def content_export(*, entry_ids: list[int] | None = None) -> dict:
    """Every facet, value and entry (or the entries given, in that order), as the document
    `segurfaq import` reads back."""
    facets = []
    for facet in Facet.objects.prefetch_related(
        Prefetch("values", queryset=FacetValue.objects.select_related("facet", "parent"))
    ):
        facets.append(
            {
                "slug": facet.slug,
                "label": facet.label,
                "prompt": facet.prompt,
                "order": facet.order,
                "values": [
                    {
                        "slug": value.slug,
                        "label": value.label,
                        "order": value.order,
                        "parent": value.parent.key if value.parent else None,
                    }
                    for value in facet.values.all()
                ],
            }
        )
    entries = []
    queryset = Entry.objects.order_by("id").prefetch_related(
        Prefetch("values", queryset=FacetValue.objects.select_related("facet")), "links"
    )
    if entry_ids is not None:
        found = queryset.in_bulk(entry_ids)
        queryset = [found[entry_id] for entry_id in entry_ids if entry_id in found]
    for entry in queryset:
        entries.append(
            {
                "slug": entry.slug,
                "question": entry.question,
                "answer": entry.answer,
                "answer_source": entry.answer_source,
                "status": entry.status,
                "pinned": entry.pinned,
                "review_by": entry.review_by.isoformat() if entry.review_by else None,
                "editor_note": entry.editor_note,
                "tags": list(entry.tags),
                "wordings": list(entry.wordings),
                "values": sorted(value.key for value in entry.values.all()),
                "links": [{"label": link.label, "url": link.url} for link in entry.links.all()],
                "created_at": _timestamp(entry.created_at),
                "updated_at": _timestamp(entry.updated_at),
                "published_at": _timestamp(entry.published_at),
            }
        )
    return {"format": FORMAT, "facets": facets, "entries": entries}


def wordings_used_elsewhere(
    *, wordings: list[str], exclude_id: int | None
) -> list[tuple[str, Entry]]:
    """Each wording that another (not archived) entry has as its question or a wording."""
    wanted = {wording_key(text): text for text in wordings}
    found = []
    others = Entry.objects.exclude(status=Entry.Status.ARCHIVED).exclude(pk=exclude_id)
    for entry in others.only("id", "slug", "question", "wordings"):
        keys = entry_wording_keys(entry.question, entry.wordings)
        found += [(text, entry) for key, text in wanted.items() if key in keys]
    return found


@dataclass(frozen=True)
class SeparatingChoice:
    facet_slug: str
    value_slug: str
    label: str
    entry_id: int


@dataclass(frozen=True)
class Separation:
    """The facet whose values tell two entries apart, asked as the original site asks it."""

    facet_slug: str
    label: str
    prompt: str
    choices: tuple[SeparatingChoice, ...]


def separating_facet(*, first_id: int, second_id: int) -> Separation | None:
    """The first facet (in the facets' order) where each entry has a value the other has
    not; failing that, one where only one of them has values."""
    structure = _content_structure.get()
    ids = (first_id, second_id)
    held = [structure.effective.get(entry_id, frozenset()) for entry_id in ids]
    fallback = None
    for facet in structure.facets:
        own = [
            [value for value in structure.values if value.facet_id == facet.id and value.id in h]
            for h in held
        ]
        only = [[value for value in own[n] if value.id not in held[1 - n]] for n in range(2)]
        choices = tuple(
            SeparatingChoice(facet.slug, value.slug, value.label, ids[n])
            for n in range(2)
            for value in only[n]
        )
        if only[0] and only[1]:
            return Separation(facet.slug, facet.label, facet.prompt, choices)
        if fallback is None and choices and not (own[0] and own[1]):
            fallback = Separation(facet.slug, facet.label, facet.prompt, choices)
    return fallback
