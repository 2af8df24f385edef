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
from segurfaq.engine.semantic import shared_embedder
from segurfaq.faq.answer_markup import html_to_text
from segurfaq.faq.models import Entry, FacetValue
from segurfaq.faq.selectors import published_entries
from segurfaq.search.freshness import PerRevision
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
    payload = "\x1f".join([model_name, document.question, document.passage])
    return hashlib.sha256(payload.encode()).hexdigest()


# Vectors this process computed lately, by text hash: a database rolled back or restored
# to an older state does not cost the model's time again.
_recent: dict[str, tuple[np.ndarray, np.ndarray]] = {}
RECENT_MAX = 20_000


def _remember(text_hash: str, vectors: tuple[np.ndarray, np.ndarray]) -> None:
    if len(_recent) >= RECENT_MAX:
        _recent.pop(next(iter(_recent)))
    _recent[text_hash] = vectors


def _vector(data) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)


def stored_vectors(
    documents: list[Document], *, embedder, progress: Progress | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The documents' embeddings: those stored and current, the others computed and stored."""
    stored = {
        row.entry_id: row
        for row in EntryEmbedding.objects.filter(entry_id__in=[d.id for d in documents])
    }
    hashes = {d.id: _text_hash(embedder.name, d) for d in documents}
    vectors: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    missing = []
    for document in documents:
        row = stored.get(document.id)
        if row is not None and row.text_hash == hashes[document.id]:
            vectors[document.id] = (_vector(row.question_vector), _vector(row.passage_vector))
        else:
            missing.append(document)
    to_compute = [d for d in missing if hashes[d.id] not in _recent]
    for document in missing:
        if hashes[document.id] in _recent:
            vectors[document.id] = _recent[hashes[document.id]]
            _store(document, hashes[document.id], embedder.name, *vectors[document.id])
    for start in range(0, len(to_compute), BATCH):
        batch = to_compute[start : start + BATCH]
        questions = embedder.embed_passages([d.question for d in batch])
        passages = embedder.embed_passages([d.passage for d in batch])
        for document, question, passage in zip(batch, questions, passages, strict=True):
            vectors[document.id] = (question, passage)
            _remember(hashes[document.id], (question, passage))
            _store(document, hashes[document.id], embedder.name, question, passage)
        if progress:
            progress(min(start + BATCH, len(to_compute)), len(to_compute))
    dim = getattr(embedder, "dim", 384)
    if not documents:
        empty = np.zeros((0, dim), dtype=np.float32)
        return empty, empty
    return (
        np.vstack([vectors[d.id][0] for d in documents]),
        np.vstack([vectors[d.id][1] for d in documents]),
    )


def _store(document, text_hash, model_name, question, passage):
    values = {
        "model_name": model_name,
        "text_hash": text_hash,
        "question_vector": np.asarray(question, dtype=np.float32).tobytes(),
        "passage_vector": np.asarray(passage, dtype=np.float32).tobytes(),
    }
    try:
        with transaction.atomic():
            EntryEmbedding.objects.update_or_create(entry_id=document.id, defaults=values)
    except IntegrityError:
        # Another process stored the same entry's vectors at the same moment.
        logger.info("embedding of entry %s stored concurrently", document.id)


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
    question_vectors = passage_vectors = None
    if embedder is not None:
        question_vectors, passage_vectors = stored_vectors(
            documents, embedder=embedder, progress=progress
        )
    return Engine(
        documents,
        embedder=embedder,
        question_vectors=question_vectors,
        passage_vectors=passage_vectors,
        glossary_terms=glossary_terms(),
    )


# One engine per audience: readers search the published entries; editors checking for
# duplicates also see drafts.
_engines = {
    audience: PerRevision(partial(build_engine, audience=audience))
    for audience in (READERS, EDITORS)
}


def current_engine() -> Engine:
    """This process's engine over the published entries, rebuilt first if content changed."""
    return _engines[READERS].get()


def editorial_engine() -> Engine:
    """The engine over drafts and published entries, for duplicate checks while writing."""
    return _engines[EDITORS].get()
