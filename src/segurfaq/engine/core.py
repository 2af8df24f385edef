"""The answer engine: one object holding the indexed entries, asked questions in French."""

import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

import numpy as np

from segurfaq.engine import fusion
from segurfaq.engine.analysis import Token, compound_part, normalize_query, stem, tokenize
from segurfaq.engine.documents import Document, Hit, SearchResult
from segurfaq.engine.glossary import (
    Glossary,
    GlossaryTerm,
    default_glossary_terms,
    default_synonym_terms,
)
from segurfaq.engine.lexical import LexicalIndex
from segurfaq.engine.semantic import Embedder
from segurfaq.engine.typos import SpellingCorrector

PAIR_WEIGHT = 0.5
SYNONYM_WEIGHT = 0.6
CONCEPT_WORD_WEIGHT = 0.4
SYNONYM_WORD_WEIGHT = 0.7
CORRECTED_WEIGHT = 0.8
MAX_QUERY_CHARS = 500
QUERY_VECTOR_CACHE = 512
# A reader never pages through more; facet counts follow these.
MAX_HITS = 500


_threadpools = None


def _blas_single_thread():
    global _threadpools
    if _threadpools is None:
        from threadpoolctl import ThreadpoolController

        _threadpools = ThreadpoolController()
    return _threadpools.limit(limits=1, user_api="blas")


@dataclass(frozen=True)
class QueryAnalysis:
    weights: dict[str, float]
    corrections: dict[str, str]
    stems: frozenset[str]
    text: str  # after corrections


class Engine:
    """Ranks documents for a question with fused lexical and semantic scores.

    Embeddings may be given (computed earlier and stored); those missing are computed with
    the embedder. Without an embedder the engine is purely lexical.
    """

    def __init__(
        self,
        documents: list[Document],
        *,
        embedder: Embedder | None = None,
        question_vectors: np.ndarray | None = None,
        passage_vectors: np.ndarray | None = None,
        glossary_terms: list[GlossaryTerm] | None = None,
        synonyms: list[GlossaryTerm] | None = None,
    ):
        self.documents = list(documents)
        self.positions = {document.id: index for index, document in enumerate(self.documents)}
        self.glossary = Glossary(
            (default_glossary_terms() if glossary_terms is None else glossary_terms)
            + (default_synonym_terms() if synonyms is None else synonyms)
        )
        self.lexical = LexicalIndex(self.documents, self.glossary)
        frequencies = dict(self.lexical.word_frequencies)
        for word in self.glossary.vocabulary:
            frequencies.setdefault(word, 1)
        self.speller = SpellingCorrector(frequencies)
        self.embedder = embedder
        if embedder is not None:
            if question_vectors is None:
                question_vectors = embedder.embed_passages([d.question for d in self.documents])
            if passage_vectors is None:
                passage_vectors = embedder.embed_passages([d.passage for d in self.documents])
        self.question_vectors = question_vectors
        self.passage_vectors = passage_vectors
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = Lock()

    def __len__(self) -> int:
        return len(self.documents)

    # -- the question -----------------------------------------------------------------

    def _corrections(self, tokens: list[Token]) -> dict[str, str]:
        corrections = {}
        for token in tokens:
            if token.stop or token.compound or token.text in self.speller:
                continue
            if token.stem in self.lexical:
                continue
            fixed = self.speller.correct(token.text)
            if fixed:
                corrections[token.original] = fixed
        return corrections

    def analyze(self, query: str) -> QueryAnalysis:
        text = query[:MAX_QUERY_CHARS]
        corrections = self._corrections(tokenize(text))
        if corrections:
            pattern = re.compile(
                r"\b(" + "|".join(re.escape(word) for word in corrections) + r")\b"
            )
            text = pattern.sub(lambda m: corrections[m.group(0)], text)
        corrected_stems = {stem(word) for word in corrections.values()}
        tokens = tokenize(text)
        matches = self.glossary.find(tokens)
        # Words inside a glossary form share its weight with the concept, so that a
        # three-word expansion does not outweigh the rest of the question.
        covered: dict[int, float] = {}
        for match in matches:
            term = self.glossary.term(match.concept)
            share = SYNONYM_WORD_WEIGHT if term and term.synonym else CONCEPT_WORD_WEIGHT
            for position in range(match.start, match.end + 1):
                covered[position] = min(covered.get(position, 1.0), share)
        weights: dict[str, float] = {}
        for token in tokens:
            if token.stop:
                continue
            if token.compound and token.stem not in self.lexical:
                continue
            weight = CORRECTED_WEIGHT if token.stem in corrected_stems else 1.0
            weight = min(weight, covered.get(token.position, 1.0))
            weights[token.stem] = max(weights.get(token.stem, 0.0), weight)
        # "nouveau ne" typed without its hyphen still meets "nouveau-né".
        plain = [t for t in tokens if not t.compound]
        for first, second in itertools.pairwise(plain):
            pair = f"{compound_part(first.text)}_{compound_part(second.text)}"
            if pair in self.lexical and pair not in weights:
                weights[pair] = PAIR_WEIGHT
        highlight = {t.stem for t in tokens if not t.stop and not t.compound}
        for match in matches:
            term = self.glossary.term(match.concept)
            if term is None:
                continue
            weights[match.concept] = SYNONYM_WEIGHT if term.synonym else 1.0
            if not term.synonym:
                for form in term.forms:
                    highlight.update(t.stem for t in tokenize(form) if not t.stop)
        return QueryAnalysis(weights, corrections, frozenset(highlight), text)

    # -- scoring ----------------------------------------------------------------------

    def query_vector(self, text: str) -> np.ndarray | None:
        """The question's embedding; a page and its facet counts embed it only once."""
        if self.embedder is None:
            return None
        with self._cache_lock:
            vector = self._query_vectors.get(text)
            if vector is not None:
                self._query_vectors.move_to_end(text)
                return vector
        vector = self.embedder.embed_query(text)
        with self._cache_lock:
            self._query_vectors[text] = vector
            while len(self._query_vectors) > QUERY_VECTOR_CACHE:
                self._query_vectors.popitem(last=False)
        return vector

    def _semantic(self, query_vector: np.ndarray | None) -> np.ndarray:
        if query_vector is None or self.question_vectors is None or not len(self.documents):
            return np.zeros(len(self.documents), dtype=np.float32)
        # BLAS threads would fight the embedding model's OpenMP threads for the two cores
        # (p99 x4 with 10,000 entries); one thread does this matrix-vector product fast.
        with _blas_single_thread():
            return fusion.semantic_similarity(
                self.question_vectors @ query_vector, self.passage_vectors @ query_vector
            )

    def _rank(
        self,
        lexical: tuple[np.ndarray, np.ndarray],
        semantic: np.ndarray,
        allowed: np.ndarray | None,
        limit: int | None,
    ) -> tuple[list[Hit], float]:
        lexical, coverage = lexical
        fused = fusion.fuse(lexical, semantic)
        if allowed is not None:
            fused = np.where(allowed, fused, -1.0)
        valid = np.flatnonzero(fused >= 0)
        if not len(valid):
            return [], 0.0
        order = valid[np.argsort(-fused[valid], kind="stable")]
        best = float(fused[order[0]])
        second = float(fused[order[1]]) if len(order) > 1 else 0.0
        floor = max(fusion.ABSOLUTE_FLOOR, fusion.RELATIVE_FLOOR * best)
        kept = order[fused[order] >= floor][: min(limit or MAX_HITS, MAX_HITS)]
        # Each entry's confidence weighs its score against the best other one.
        rivals = np.full(len(kept), best)
        if len(kept):
            rivals[0] = second
        confidences = fusion.confidences(fused[kept], rivals, coverage[kept])
        hits = [
            Hit(
                id=self.documents[i].id,
                score=round(float(fused[i]), 4),
                lexical=round(float(lexical[i]), 4),
                semantic=round(float(semantic[i]), 4),
                confidence=round(float(c), 4),
            )
            for i, c in zip(kept, confidences, strict=True)
        ]
        top_confidence = fusion.confidences(
            np.array([best]), np.array([second]), coverage[order[:1]]
        )[0]
        return hits, float(top_confidence)

    def _allowed(self, allowed_ids) -> np.ndarray | None:
        if allowed_ids is None:
            return None
        mask = np.zeros(len(self.documents), dtype=bool)
        for doc_id in allowed_ids:
            position = self.positions.get(doc_id)
            if position is not None:
                mask[position] = True
        return mask

    def search(self, query: str, *, allowed_ids=None, limit: int | None = None) -> SearchResult:
        """The documents that answer the question, best first, with a confidence."""
        analysis = self.analyze(query)
        normalized = normalize_query(query[:MAX_QUERY_CHARS])
        if not analysis.weights and not normalized:
            return SearchResult(query, normalized, [], 0.0, True)
        query_vector = self.query_vector(analysis.text)
        hits, confidence = self._rank(
            self.lexical.score(analysis.weights),
            self._semantic(query_vector),
            self._allowed(allowed_ids),
            limit,
        )
        return SearchResult(
            query=query,
            normalized=normalized,
            hits=hits,
            confidence=round(confidence, 4),
            low_confidence=confidence < fusion.LOW_CONFIDENCE,
            corrections=analysis.corrections,
            stems=analysis.stems,
        )

    def similar(self, doc_id: int, *, limit: int = 5, allowed_ids=None) -> list[Hit]:
        """Entries close to one entry, for "Questions proches"."""
        position = self.positions.get(doc_id)
        if position is None:
            return []
        analysis = self.analyze(self.documents[position].question)
        query_vector = (
            self.question_vectors[position] if self.question_vectors is not None else None
        )
        allowed = self._allowed(allowed_ids)
        if allowed is None:
            allowed = np.ones(len(self.documents), dtype=bool)
        allowed[position] = False
        hits, _ = self._rank(
            self.lexical.score(analysis.weights), self._semantic(query_vector), allowed, limit
        )
        return hits
