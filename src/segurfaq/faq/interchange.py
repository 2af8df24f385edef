"""The JSON document of `segurfaq export` / `segurfaq import`, read and checked.

Checking happens before anything is written, so that a bad record aborts the import with
its position and reason, and the database is left as it was.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_date, parse_datetime

from segurfaq.faq.models import SLUG_MAX_LENGTH, Entry, publication_problem
from segurfaq.faq.wordings import WordingsRefused, wordings_checked

FORMAT = "segurfaq/1"
STATUSES = tuple(Entry.Status.values)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KEY_RE = re.compile(r"^([a-z0-9-]+)/([a-z0-9-]+)$")


class ContentFormatError(ValueError):
    def __init__(self, position: str, reason: str):
        self.position = position
        self.reason = reason
        super().__init__(f"{position} : {reason}")


@dataclass
class ValueRecord:
    facet: str
    slug: str
    label: str
    order: int
    parent: str | None  # "facet/value"


@dataclass
class FacetRecord:
    slug: str
    label: str
    prompt: str
    order: int
    values: list[ValueRecord] = field(default_factory=list)


@dataclass
class LinkRecord:
    label: str
    url: str


@dataclass
class EntryRecord:
    slug: str
    question: str
    answer: str
    answer_source: str
    status: str
    editor_note: str
    tags: list[str]
    values: list[str]  # "facet/value" keys
    wordings: list[str] | None  # None: not in the document, the entry keeps its own
    pinned: bool
    review_by: date | None
    links: list[LinkRecord]
    created_at: datetime | None
    updated_at: datetime | None
    published_at: datetime | None
    position: str = ""  # where it stands in the file, for error messages


@dataclass
class ContentDocument:
    facets: list[FacetRecord]
    entries: list[EntryRecord]


def _text(obj: dict, key: str, where: str, *, max_length: int, required: bool = True) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ContentFormatError(where, f"le champ « {key} » doit être un texte")
    value = value.strip()
    if required and not value:
        raise ContentFormatError(where, f"le champ « {key} » est obligatoire")
    if len(value) > max_length:
        raise ContentFormatError(
            where, f"le champ « {key} » dépasse {max_length} caractères ({len(value)})"
        )
    return value


def _slug(obj: dict, where: str, *, max_length: int) -> str:
    value = _text(obj, "slug", where, max_length=max_length)
    if not SLUG_RE.match(value):
        raise ContentFormatError(
            where,
            f"identifiant « {value} » invalide : lettres minuscules sans accent, "
            "chiffres et tirets seulement",
        )
    return value


def _order(obj: dict, where: str) -> int:
    value = obj.get("order", 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 32767:
        raise ContentFormatError(where, "le champ « order » doit être un entier entre 0 et 32767")
    return value


def _datetime(obj: dict, key: str, where: str) -> datetime | None:
    value = obj.get(key)
    if value in (None, ""):
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise ContentFormatError(
            where,
            f"le champ « {key} » doit être une date ISO 8601 avec fuseau "
            f"(ex. 2025-08-14T10:00:00+02:00), trouvé « {value} »",
        )
    return parsed


def _bool(obj: dict, key: str, where: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise ContentFormatError(where, f"le champ « {key} » doit valoir true ou false")
    return value


def _date(obj: dict, key: str, where: str) -> date | None:
    value = obj.get(key)
    if value in (None, ""):
        return None
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise ContentFormatError(
            where, f"le champ « {key} » doit être une date AAAA-MM-JJ, trouvé « {value} »"
        )
    return parsed


def _list_of(obj: dict, key: str, where: str, kind: type) -> list:
    value = obj.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        raise ContentFormatError(where, f"le champ « {key} » doit être une liste")
    return value


def _wordings(obj: dict, where: str) -> list[str] | None:
    # Optional: documents exported before wordings existed import unchanged.
    if obj.get("wordings") is None:
        return None
    try:
        # A repeat in a file is dropped, as an editor would keep one of the two.
        return wordings_checked(_list_of(obj, "wordings", where, str), repeats_allowed=True)
    except WordingsRefused as refused:
        raise ContentFormatError(where, f"« wordings » : {refused}") from None


def _facet(obj, index: int) -> FacetRecord:
    where = f"facets[{index}]"
    if not isinstance(obj, dict):
        raise ContentFormatError(where, "une facette doit être un objet JSON")
    slug = _slug(obj, where, max_length=50)
    where = f"facets[{index}] (« {slug} »)"
    facet = FacetRecord(
        slug=slug,
        label=_text(obj, "label", where, max_length=100),
        prompt=_text(obj, "prompt", where, max_length=200),
        order=_order(obj, where),
    )
    for value_index, value in enumerate(_list_of(obj, "values", where, dict)):
        value_where = f"{where}.values[{value_index}]"
        value_slug = _slug(value, value_where, max_length=80)
        parent = value.get("parent") or None
        if parent is not None and (not isinstance(parent, str) or not KEY_RE.match(parent)):
            raise ContentFormatError(
                value_where, f"parent « {parent} » invalide : attendu « facette/valeur »"
            )
        facet.values.append(
            ValueRecord(
                facet=slug,
                slug=value_slug,
                label=_text(value, "label", value_where, max_length=200),
                order=_order(value, value_where),
                parent=parent,
            )
        )
    return facet


def _entry(obj, index: int) -> EntryRecord:
    where = f"entries[{index}]"
    if not isinstance(obj, dict):
        raise ContentFormatError(where, "une entrée doit être un objet JSON")
    if "_row" in obj:  # read from a CSV file
        where = f"ligne {obj['_row']}"
    slug = _slug(obj, where, max_length=SLUG_MAX_LENGTH)
    where = f"{where} (« {slug} »)"
    status = obj.get("status", "draft")
    if status not in STATUSES:
        raise ContentFormatError(
            where, f"statut « {status} » inconnu : attendu l'un de {', '.join(STATUSES)}"
        )
    record = EntryRecord(
        slug=slug,
        question=_text(obj, "question", where, max_length=300, required=False),
        answer=_text(obj, "answer", where, max_length=100_000, required=False),
        answer_source=_text(obj, "answer_source", where, max_length=100_000, required=False),
        status=status,
        editor_note=_text(obj, "editor_note", where, max_length=10_000, required=False),
        tags=[tag.strip() for tag in _list_of(obj, "tags", where, str) if tag.strip()],
        wordings=_wordings(obj, where),
        pinned=_bool(obj, "pinned", where),
        review_by=_date(obj, "review_by", where),
        values=_list_of(obj, "values", where, str),
        links=[],
        created_at=_datetime(obj, "created_at", where),
        updated_at=_datetime(obj, "updated_at", where),
        published_at=_datetime(obj, "published_at", where),
        position=where,
    )
    if not record.answer and not record.answer_source:
        raise ContentFormatError(where, "le champ « answer » ou « answer_source » est obligatoire")
    problem = publication_problem(status=status, question=record.question)
    if problem:
        raise ContentFormatError(where, problem)
    for key in record.values:
        if not KEY_RE.match(key):
            raise ContentFormatError(
                where, f"valeur de facette « {key} » invalide : attendu « facette/valeur »"
            )
    validate_url = URLValidator(schemes=["http", "https"])
    for link_index, link in enumerate(_list_of(obj, "links", where, dict)):
        link_where = f"{where}.links[{link_index}]"
        url = _text(link, "url", link_where, max_length=500)
        try:
            validate_url(url)
        except ValidationError:
            raise ContentFormatError(link_where, f"adresse « {url} » invalide") from None
        record.links.append(
            LinkRecord(label=_text(link, "label", link_where, max_length=200), url=url)
        )
    return record


def read_document(data) -> ContentDocument:
    """Check a decoded JSON document and return its records, or raise ContentFormatError."""
    if not isinstance(data, dict):
        raise ContentFormatError("document", "un objet JSON est attendu à la racine")
    if data.get("format") != FORMAT:
        raise ContentFormatError(
            "document", f"format « {data.get('format')} » inconnu : attendu « {FORMAT} »"
        )
    facets = data.get("facets", [])
    entries = data.get("entries", [])
    if not isinstance(facets, list) or not isinstance(entries, list):
        raise ContentFormatError("document", "« facets » et « entries » doivent être des listes")
    document = ContentDocument(
        facets=[_facet(obj, index) for index, obj in enumerate(facets)],
        entries=[_entry(obj, index) for index, obj in enumerate(entries)],
    )
    _check_unique([f.slug for f in document.facets], lambda i: f"facets[{i}]", "facette")
    for index, facet in enumerate(document.facets):
        _check_unique(
            [v.slug for v in facet.values], lambda i, n=index: f"facets[{n}].values[{i}]", "valeur"
        )
    _check_unique([e.slug for e in document.entries], lambda i: f"entries[{i}]", "entrée")
    return document


def _check_unique(slugs: list[str], position, kind: str) -> None:
    seen: set[str] = set()
    for index, slug in enumerate(slugs):
        if slug in seen:
            raise ContentFormatError(position(index), f"{kind} « {slug} » en double")
        seen.add(slug)
