"""The engine of this process, built from the database and rebuilt when content changes."""

import hashlib
import logging
from collections.abc import Callable
from functools import partial

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from segurfaq.engine import Document, Engine, GlossaryTerm, default_glossary_terms
from segurfaq.engine.semantic import (
    EMBEDDING_SCHEME,
    DocumentVectors,
    document_texts,
    document_vectors,
    shared_embedder,
)
from segurfaq.faq.answer_markup import html_to_text
from segurfaq.faq.models import Entry, FacetValue
from segurfaq.faq.revision import PerRevision
from segurfaq.faq.selectors import published_entries
from segurfaq.search.models import EntryEmbedding
from segurfaq.search.models import GlossaryTerm as GlossaryTermModel

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
BATCH = 16


READERS = "readers"
EDITORS = "editors"


def entry_document(entry: Entry) -> Document:
    return Document(
        id=entry.id,
        question=entry.question,
        answer=html_to_text(entry.answer),
        tags=tuple(entry.tags),
        wordings=tuple(entry.wordings),
        facets=tuple(value.label for value in entry.values.all()),
    )


def glossary_terms() -> list[GlossaryTerm]:
    """The shipped glossary, completed or overridden (same acronym) by the editors' terms."""
    terms = {term.acronym.casefold(): term for term in default_glossary_terms()}
    for row in GlossaryTermModel.objects.all():
        terms[row.acronym.casefold()] = GlossaryTerm(
            row.acronym, row.expansion, tuple(v for v in row.variants if isinstance(v, str))
        )
    return list(terms.values())


def _text_hash(model_name: str, document: Document) -> str:
    # Every text embedded for the document, in order, and how: any change means new vectors.
    asked, answered = document_texts(document)
    payload = "\x1f".join([model_name, EMBEDDING_SCHEME, *asked, "\x1e", *answered])
    return hashlib.sha256(payload.encode()).hexdigest()


# Vectors this process computed lately, by text hash: a database rolled back or restored
# to an older state does not cost the model's time again.
_recent: dict[str, DocumentVectors] = {}
RECENT_MAX = 20_000


def _remember(text_hash: str, vectors: DocumentVectors) -> None:
    if len(_recent) >= RECENT_MAX:
        _recent.pop(next(iter(_recent)))
    _recent[text_hash] = vectors


def _rows(data, dim: int) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32).reshape(-1, dim)


def _from_row(row: EntryEmbedding, dim: int) -> DocumentVectors:
    return DocumentVectors(
        question=_rows(row.question_vector, dim)[0],
        passage=_rows(row.passage_vector, dim)[0],
        wordings=_rows(row.wording_vectors, dim),
        parts=_rows(row.part_vectors, dim),
    )


def stored_vectors(
    documents: list[Document], *, embedder, progress: Progress | None = None
) -> list[DocumentVectors]:
    """The documents' embeddings: those stored and current, the others computed and stored."""
    dim = getattr(embedder, "dim", 384)
    stored = {
        row.entry_id: row
        for row in EntryEmbedding.objects.filter(entry_id__in=[d.id for d in documents])
    }
    hashes = {d.id: _text_hash(embedder.name, d) for d in documents}
    vectors: dict[int, DocumentVectors] = {}
    to_compute = []
    for document in documents:
        row = stored.get(document.id)
        text_hash = hashes[document.id]
        if row is not None and row.text_hash == text_hash:
            vectors[document.id] = _from_row(row, dim)
        elif text_hash in _recent:
            vectors[document.id] = _recent[text_hash]
            _store(document.id, text_hash, embedder.name, vectors[document.id])
        else:
            to_compute.append(document)
    for start in range(0, len(to_compute), BATCH):
        batch = to_compute[start : start + BATCH]
        for document, computed in zip(batch, document_vectors(embedder, batch), strict=True):
            vectors[document.id] = computed
            _remember(hashes[document.id], computed)
            _store(document.id, hashes[document.id], embedder.name, computed)
        if progress:
            progress(min(start + BATCH, len(to_compute)), len(to_compute))
    return [vectors[d.id] for d in documents]


def _store(entry_id: int, text_hash: str, model_name: str, vectors: DocumentVectors) -> None:
    def blob(rows) -> bytes:
        return np.asarray(rows, dtype=np.float32).tobytes()

    values = {
        "model_name": model_name,
        "text_hash": text_hash,
        "question_vector": blob(vectors.question),
        "passage_vector": blob(vectors.passage),
        "wording_vectors": blob(vectors.wordings),
        "part_vectors": blob(vectors.parts),
    }
    try:
        with transaction.atomic():
            EntryEmbedding.objects.update_or_create(entry_id=entry_id, defaults=values)
    except IntegrityError:
        # Another process stored the same entry's vectors at the same moment.
        logger.info("embedding of entry %s stored concurrently", entry_id)


def build_engine(*, audience: str = READERS, progress: Progress | None = None) -> Engine:
    entries = (
        published_entries()
        if audience == READERS
        else Entry.objects.exclude(status=Entry.Status.ARCHIVED)
    )
    entries = entries.prefetch_related(
        Prefetch("values", queryset=FacetValue.objects.only("id", "label"))
    )
    documents = [entry_document(entry) for entry in entries.order_by("id")]
    embedder = shared_embedder() if settings.SEGURFAQ_SEMANTIC_SEARCH else None
    vectors = None
    if embedder is not None:
        vectors = stored_vectors(documents, embedder=embedder, progress=progress)
    return Engine(
        documents,
        embedder=embedder,
        vectors=vectors,
        glossary_terms=glossary_terms(),
    )


# One engine per audience: readers search the published entries; editors checking for
# duplicates also see drafts.
_engines = {
    audience: PerRevision(
        partial(build_engine, audience=audience), name=f"search.index engine ({audience})"
    )
    for audience in (READERS, EDITORS)
}


def current_engine() -> Engine:
    """This process's engine over the published entries, rebuilt first if content changed."""
    return _engines[READERS].get()


def editorial_engine() -> Engine:
    """The engine over drafts and published entries, for duplicate checks while writing."""
    return _engines[EDITORS].get()
