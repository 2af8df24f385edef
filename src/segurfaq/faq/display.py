"""What pages, the API and the command show of an entry: small frozen objects, built once
from the rows and shared by every request of a content revision (nothing is set on them).

Apps above add their own per-request objects beside an entry (its highlighted text in
search.presentation, the reader's vote in feedback.presentation); the public pages compose
them (site.views.EntryCard).
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.urls import reverse


def french_number(n: int) -> str:
    """1000 as a French reader writes it: "1 000" (narrow no-break space)."""
    return f"{n:,}".replace(",", "\u202f")


def entry_url(slug: str) -> str:
    return reverse("site:entry_detail", kwargs={"slug": slug})


@dataclass(frozen=True)
class EntryRef:
    """A published entry's id, slug and question: enough to name it, link to it and record
    a vote or a reading on it."""

    id: int
    slug: str
    question: str

    def get_absolute_url(self) -> str:
        return entry_url(self.slug)


@dataclass(frozen=True)
class ValueShown:
    slug: str
    label: str
    facet_slug: str
    facet_label: str


@dataclass(frozen=True)
class FacetGroup:
    """One facet's values on an entry, as its page lists them."""

    label: str
    values: tuple[ValueShown, ...]


@dataclass(frozen=True)
class LinkShown:
    label: str
    url: str


@dataclass(frozen=True)
class EntryShown:
    """An entry with everything its display needs: answer HTML (sanitized on save), values
    in facet order, links in their order."""

    id: int
    slug: str
    question: str
    answer: str
    status: str
    tags: tuple[str, ...]
    wordings: tuple[str, ...]
    values: tuple[ValueShown, ...]
    links: tuple[LinkShown, ...]
    updated_at: datetime
    published_at: datetime | None

    def get_absolute_url(self) -> str:
        return entry_url(self.slug)

    @property
    def facet_groups(self) -> tuple[FacetGroup, ...]:
        return tuple(
            FacetGroup(label, tuple(values))
            for label, values in groupby(self.values, key=lambda value: value.facet_label)
        )


def entry_shown(entry) -> EntryShown:
    """The display object of an Entry loaded with its values' facets and its links."""
    values = entry.values.all()  # in facet order (FacetValue.Meta.ordering)
    return EntryShown(
        id=entry.id,
        slug=entry.slug,
        question=entry.question,
        answer=entry.answer,
        status=entry.status,
        tags=tuple(entry.tags),
        wordings=tuple(entry.wordings),
        values=tuple(ValueShown(v.slug, v.label, v.facet.slug, v.facet.label) for v in values),
        links=tuple(LinkShown(link.label, link.url) for link in entry.links.all()),
        updated_at=entry.updated_at,
        published_at=entry.published_at,
    )
