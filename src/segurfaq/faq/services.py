"""Writes to the FAQ content. Pages, admin and CLI all go through these functions."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from django.db import transaction
from django.utils import timezone

from segurfaq.faq.answer_markup import render_answer, text_to_html
from segurfaq.faq.changes import change_kind_of
from segurfaq.faq.interchange import ContentDocument, ContentFormatError, read_document
from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue, publication_problem
from segurfaq.faq.seed_format import SeedPage
from segurfaq.faq.signals import entry_published
from segurfaq.faq.wordings import WordingsRefused, wordings_checked

SEED_EDITOR_NOTE = (
    "Réponse importée de la page d'origine, dont la question a été perdue : "
    "rédigez la question avant de publier."
)


@dataclass
class ImportReport:
    facets: int = 0
    values: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{self.facets} facette(s), {self.values} valeur(s) ; entrées : "
            f"{self.created} créée(s), {self.updated} mise(s) à jour, "
            f"{self.unchanged} déjà présente(s)"
        )


@transaction.atomic
def content_import(
    *, document: ContentDocument, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    """Create or update facets, values and entries by slug; all or nothing.

    `progress(done, total)` is called every 100 entries, inside the transaction.
    """
    report = ImportReport()
    now = timezone.now()
    values_by_key: dict[str, FacetValue] = {
        value.key: value for value in FacetValue.objects.select_related("facet")
    }
    for facet_record in document.facets:
        facet, _ = Facet.objects.update_or_create(
            slug=facet_record.slug,
            defaults={
                "label": facet_record.label,
                "prompt": facet_record.prompt,
                "order": facet_record.order,
            },
        )
        report.facets += 1
        for value_record in facet_record.values:
            value, _ = FacetValue.objects.update_or_create(
                facet=facet,
                slug=value_record.slug,
                defaults={"label": value_record.label, "order": value_record.order},
            )
            values_by_key[value.key] = value
            report.values += 1

    # Parents come second: a dispositif may name a couloir of a facet listed after it.
    for facet_index, facet_record in enumerate(document.facets):
        for value_index, value_record in enumerate(facet_record.values):
            value = values_by_key[f"{facet_record.slug}/{value_record.slug}"]
            parent = None
            if value_record.parent:
                parent = values_by_key.get(value_record.parent)
                if parent is None or parent == value:
                    raise ContentFormatError(
                        f"facets[{facet_index}].values[{value_index}]",
                        f"valeur parente « {value_record.parent} » inconnue",
                    )
            if value.parent_id != (parent.id if parent else None):
                value.parent = parent
                value.save(update_fields=["parent"])

    for index, record in enumerate(document.entries):
        if progress is not None and index and index % 100 == 0:
            progress(index, len(document.entries))
        unknown = [key for key in record.values if key not in values_by_key]
        if unknown:
            raise ContentFormatError(
                record.position or f"entries[{index}] (« {record.slug} »)",
                f"valeur de facette inconnue « {unknown[0]} »",
            )
        published_at = record.published_at
        if record.status == Entry.Status.PUBLISHED and published_at is None:
            published_at = now
        source = record.answer_source or record.answer
        existing = Entry.objects.filter(slug=record.slug).values_list("pk", flat=True).first()
        kind = change_kind_of(
            entry_id=existing, question=record.question, answer_source=source, status=record.status
        )
        entry, created = Entry.objects.update_or_create(
            slug=record.slug,
            defaults={
                "question": record.question,
                "answer_source": source,
                "answer": render_answer(source),
                "status": record.status,
                "pinned": record.pinned,
                "review_by": record.review_by,
                "editor_note": record.editor_note,
                "tags": record.tags,
                **({"wordings": record.wordings} if record.wordings is not None else {}),
                "created_at": record.created_at or now,
                "updated_at": record.updated_at or now,
                "published_at": published_at,
                "change_kind": kind,
                "change_summary": "",
            },
        )
        entry.values.set([values_by_key[key] for key in record.values])
        entry.links.all().delete()
        EntryLink.objects.bulk_create(
            EntryLink(entry=entry, label=link.label, url=link.url, order=position)
            for position, link in enumerate(record.links)
        )
        _published(entry)
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report


def content_import_json(
    *, text: str, progress: Callable[[int, int], None] | None = None
) -> ImportReport:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ContentFormatError(
            f"ligne {error.lineno}, colonne {error.colno}", f"JSON invalide ({error.msg})"
        ) from None
    return content_import(document=read_document(data), progress=progress)


def seed_answer_slug(text: str) -> str:
    # Derived from the text so that importing the same page twice adds nothing.
    return "reponse-importee-" + hashlib.sha256(text.encode()).hexdigest()[:10]


@transaction.atomic
def seed_import(*, page: SeedPage) -> ImportReport:
    """Import the seed page's answers as drafts awaiting the question an editor writes."""
    report = ImportReport()
    for answer in page.answers:
        slug = seed_answer_slug(answer.text)
        if Entry.objects.filter(slug=slug).exists():
            report.unchanged += 1
            continue
        answer_html = text_to_html(answer.text)
        entry = Entry.objects.create(
            slug=slug,
            question="",
            answer_source=answer_html,
            answer=render_answer(answer_html),
            status=Entry.Status.DRAFT,
            editor_note=SEED_EDITOR_NOTE,
        )
        EntryLink.objects.bulk_create(
            EntryLink(entry=entry, label=url, url=url, order=position)
            for position, url in enumerate(answer.links)
        )
        report.created += 1
    return report


def default_content_text() -> str:
    return resources.files("segurfaq.faq").joinpath("data/default_content.json").read_text()


def default_content_load_if_empty() -> ImportReport | None:
    """Give a new installation the default content; never touch a database in use."""
    if Entry.objects.exists() or Facet.objects.exists():
        return None
    return content_import_json(text=default_content_text())


@transaction.atomic
def entry_save(
    *, entry: Entry, content_changed: bool, change_kind: str = "", change_summary: str = ""
) -> Entry:
    """Save an entry edited by an editor, keeping its dates truthful. A save that publishes
    a new question or answer text records what kind of change it is (`change_kind`:
    the editor's choice, or blank for the default) and the editor's line for readers."""
    now = timezone.now()
    entry.change_kind = change_kind_of(
        entry_id=None if entry._state.adding else entry.pk,
        question=entry.question,
        answer_source=entry.answer_source,
        status=entry.status,
        chosen=change_kind,
    )
    entry.change_summary = change_summary.strip() if entry.change_kind else ""
    entry.answer = render_answer(entry.answer_source)
    if content_changed or entry._state.adding:
        entry.updated_at = now
    if entry.status == Entry.Status.PUBLISHED and entry.published_at is None:
        entry.published_at = now
    entry.save()
    _published(entry)
    return entry


def _published(entry: Entry) -> None:
    if entry.status == Entry.Status.PUBLISHED:
        entry_published.send(sender=Entry, entry=entry)


def entry_history_last_id(*, entry: Entry) -> int:
    """The id of the entry's latest version (0 for a new entry)."""
    if entry.pk is None:
        return 0
    return (
        Entry.history.filter(id=entry.pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
        or 0
    )


@transaction.atomic
def entry_history_squash(*, entry: Entry, since_id: int) -> None:
    """One save, one version: saving the entry then its facet values writes a version for
    each step (django-simple-history); keep the last, which holds both, as that save's
    version (a creation stays a creation)."""
    written = list(
        Entry.history.filter(id=entry.pk, history_id__gt=since_id).order_by("history_id")
    )
    if len(written) < 2:
        return
    kept, dropped = written[-1], written[:-1]
    if any(version.history_type == "+" for version in dropped):
        kept.history_type = "+"
        kept.save(update_fields=["history_type"])
    Entry.history.filter(history_id__in=[version.history_id for version in dropped]).delete()


@transaction.atomic
def entry_wording_add(*, entry: Entry, text: str) -> bool:
    """Add one wording to an entry (kept in its history, searched at once); False when the
    entry already has it, as its question or a wording."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    try:
        kept = wordings_checked([entry.question, *entry.wordings, text], repeats_allowed=False)
    except WordingsRefused:
        return False
    entry.wordings = kept[1:]
    entry_save(entry=entry, content_changed=False)
    return True


class WorkflowError(ValueError):
    """A status change the rules forbid; the message is for the editor, in French."""


TRANSITIONS = {
    Entry.Status.DRAFT: {Entry.Status.PUBLISHED, Entry.Status.ARCHIVED},
    Entry.Status.PUBLISHED: {Entry.Status.DRAFT, Entry.Status.ARCHIVED},
    Entry.Status.ARCHIVED: {Entry.Status.DRAFT, Entry.Status.PUBLISHED},
}
PUBLIC_STATUSES = {Entry.Status.PUBLISHED}


def entry_transition_check(*, entry: Entry, status: str, user) -> None:
    """Raise WorkflowError unless this user may move this entry to this status."""
    if status == entry.status:
        return
    if status not in TRANSITIONS.get(entry.status, set()):
        raise WorkflowError(f"Passage de « {entry.status} » à « {status} » impossible.")
    changes_public_site = status in PUBLIC_STATUSES or entry.status in PUBLIC_STATUSES
    if changes_public_site and not user.has_perm("faq.publish_entry"):
        raise WorkflowError(
            "Vous n'avez pas le droit de publier ou de retirer une réponse : "
            "demandez à un administrateur."
        )
    problem = publication_problem(status=status, question=entry.question)
    if problem:
        raise WorkflowError(problem)


@transaction.atomic
def entry_transition(*, entry: Entry, status: str, user) -> Entry:
    """Move an entry through draft → published → archived; dates stay truthful."""
    entry_transition_check(entry=entry, status=status, user=user)
    if status != entry.status:
        entry.status = status
        entry_save(entry=entry, content_changed=False)
    return entry


@transaction.atomic
def facet_value_merge(*, source: FacetValue, target: FacetValue) -> int:
    """Fold one facet value into another of the same facet, keeping every entry's tags.

    Returns how many entries were moved to the target.
    """
    if source.pk == target.pk:
        raise WorkflowError("Une valeur ne peut pas être fusionnée avec elle-même.")
    if source.facet_id != target.facet_id:
        raise WorkflowError("Seules deux valeurs de la même facette peuvent être fusionnées.")
    moved = 0
    for entry in source.entries.all():
        entry.values.add(target)
        entry.values.remove(source)
        moved += 1
    source.children.update(parent=target)
    if target.parent_id == source.pk:
        target.parent = source.parent
        target.save(update_fields=["parent"])
    source.delete()
    return moved
