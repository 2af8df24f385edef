"""The answer engine: one object holding the indexed entries, asked questions in French."""

import itertools
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, replace
from threading import Lock

import numpy as np

from segurfaq.engine import fusion, messages
from segurfaq.engine.analysis import (
    Token,
    compound_part,
    is_salient,
    normalize_query,
    stem,
    tokenize,
)
from segurfaq.engine.documents import Document, Hit, SearchResult
from segurfaq.engine.glossary import (
    Glossary,
    GlossaryTerm,
    default_glossary_terms,
    default_synonym_terms,
)
from segurfaq.engine.lexical import LexicalIndex
from segurfaq.engine.messages import read_message
from segurfaq.engine.semantic import DocumentVectors, Embedder, SemanticIndex, document_vectors
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
# Hits given their closest passage: a page shows 10, the API 50 at most.
SNIPPET_HITS = 50


_threadpools = None


def _blas_single_thread():
    global _threadpools
    if _threadpools is None:
        from threadpoolctl import ThreadpoolController

        _threadpools = ThreadpoolController()
    return _threadpools.limit(limits=1, user_api="blas")


# A word or a part of a hyphenated word, as tokenize() reads them (analysis.WORD_RE).
PART_RE = re.compile(r"[^\W_]+")


def bounded_query(query: str) -> str:
    """The question as the engine reads it: in its compatibility form (NFKC), so that one
    character cannot unfold into many further on ("ﷺ" is 18 letters), then cut to
    MAX_QUERY_CHARS. Every step after this is linear in its length."""
    return unicodedata.normalize("NFKC", query[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Each document's place when sorted by these scores, best first (0 for the best)."""
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(len(scores))
    return ranks


@dataclass(frozen=True)
class QueryAnalysis:
    weights: dict[str, float]
    corrections: dict[str, str]
    stems: frozenset[str]
    text: str  # after corrections
    # The question's precise words (numbers, acronyms, names), as the terms an entry
    # holds them under: a glossary concept where one covers the word.
    salient: frozenset[str] = frozenset()
    # Further questions a message asks after its first (messages.Reading.others).
    others: tuple[str, ...] = ()
    # The share of the terms' weight that only the message's situation or later questions
    # bring (0 for a plain question): the confidence's "situation".
    situation: float = 0.0


class Engine:
    """Ranks documents for a question with fused lexical and semantic scores.

    Embeddings may be given (computed earlier and stored, one DocumentVectors per document);
    otherwise they are computed with the embedder. Without an embedder the engine is purely
    lexical.
    """

    def __init__(
        self,
        documents: list[Document],
        *,
        embedder: Embedder | None = None,
        vectors: list[DocumentVectors] | None = None,
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
        self.semantic: SemanticIndex | None = None
        if embedder is not None:
            if vectors is None:
                vectors = document_vectors(embedder, self.documents)
            self.semantic = SemanticIndex(vectors, getattr(embedder, "dim", 384))
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._part_stems: dict[int, list[set[str]]] = {}
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
        text = bounded_query(query)
        corrections = self._corrections(tokenize(text))
        if corrections:
            # One pass over the words, as tokenize() cuts them: linear, however many
            # corrections (an alternation of them would try each at every position).
            text = PART_RE.sub(lambda m: corrections.get(m.group(0), m.group(0)), text)
        corrected_stems = frozenset(stem(word) for word in corrections.values())
        # A message is read for its first question; its situation and later questions
        # count less (messages.read_message). A plain question is one part, weighing 1.
        reading = read_message(text)
        weights: dict[str, float] = {}
        salient: set[str] = set()
        highlight: set[str] = set()
        asked_terms: set[str] = set()
        for part, share in reading.weighted_parts():
            part_weights, part_salient, part_highlight = self._analyze_part(part, corrected_stems)
            if share == 1.0:
                asked_terms |= part_weights.keys()
            for term, weight in part_weights.items():
                weights[term] = max(weights.get(term, 0.0), share * weight)
            if share >= messages.CONTEXT_WEIGHT:
                salient |= part_salient
            highlight |= part_highlight
        total = sum(weights.values())
        told = sum(w for term, w in weights.items() if term not in asked_terms)
        return QueryAnalysis(
            weights,
            corrections,
            frozenset(highlight),
            reading.searched,
            frozenset(salient),
            reading.others,
            told / total if total else 0.0,
        )

    def _analyze_part(
        self, text: str, corrected_stems: frozenset[str]
    ) -> tuple[dict[str, float], frozenset[str], set[str]]:
        """One part of a question: its terms' weights, its precise words, what to mark."""
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
        concept_at = {
            position: match.concept
            for match in matches
            for position in range(match.start, match.end + 1)
        }
        first = min((t.position for t in tokens if not t.stop), default=0)
        salient = frozenset(
            concept_at.get(t.position, t.stem)
            for t in tokens
            if is_salient(t, first=t.position == first)
        )
        highlight = {t.stem for t in tokens if not t.stop and not t.compound}
        for match in matches:
            term = self.glossary.term(match.concept)
            if term is None:
                continue
            weights[match.concept] = SYNONYM_WEIGHT if term.synonym else 1.0
            if not term.synonym:
                # The acronym and its one-word variants are marked (a reader who typed
                # "identité nationale de santé" sees "INS" too), never the words of an
                # expansion one by one: "santé" or "patient" all over an answer about INS.
                for form in term.forms:
                    words = [t.stem for t in tokenize(form) if not t.stop]
                    if len(words) == 1:
                        highlight.update(words)
        return weights, salient, highlight

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

    def _semantic(self, query_vector: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Per document: the best cosine of its question side and of its answer side."""
        if query_vector is None or self.semantic is None or not len(self.documents):
            zeros = np.zeros(len(self.documents), dtype=np.float32)
            return zeros, zeros
        # BLAS threads would fight the embedding model's OpenMP threads for the two cores
        # (p99 x4 with 10,000 entries); one thread does this matrix-vector product fast.
        with _blas_single_thread():
            return self.semantic.similarities(query_vector)

    def _closeness(self, query_vector: np.ndarray | None, positions: np.ndarray) -> np.ndarray:
        """The confidence's "centred" (SemanticIndex.closeness); 0 without embeddings."""
        if query_vector is None or self.semantic is None:
            return np.zeros(len(positions))
        return self.semantic.closeness(query_vector, positions)

    def _unknown_share(self, analysis: QueryAnalysis) -> float:
        """The weighted share of the question's terms that no entry holds at all."""
        total = sum(analysis.weights.values())
        unknown = sum(w for term, w in analysis.weights.items() if term not in self.lexical)
        return unknown / total if total else 1.0

    def _rank(
        self,
        analysis: QueryAnalysis,
        query_vector: np.ndarray | None,
        allowed: np.ndarray | None,
        limit: int | None,
    ) -> tuple[list[Hit], float]:
        lexical = self.lexical.score(analysis.weights)
        ranking = self._ranking(analysis, lexical, query_vector, allowed)
        if ranking is None:
            return [], 0.0
        order, fused, mixed, features = ranking
        best = float(fused[order[0]])
        floor = max(fusion.ABSOLUTE_FLOOR, fusion.RELATIVE_FLOOR * best)
        kept = order[fused[order] >= floor][: min(limit or MAX_HITS, MAX_HITS)]
        # The best entry heads the kept ones unless it is below the absolute floor: its
        # confidence is the result's, computed once (its features cost a pass over the terms
        # and the wordings).
        scored = kept if len(kept) else order[:1]
        confidences = fusion.confidences(features(scored), words_only=self.semantic is None)
        lexical_scores = lexical[0]
        hits = [
            Hit(
                id=self.documents[i].id,
                score=round(float(fused[i]), 4),
                lexical=round(float(lexical_scores[i]), 4),
                semantic=round(float(mixed[i]), 4),
                confidence=round(float(c), 4),
            )
            for i, c in zip(kept, confidences[: len(kept)], strict=True)
        ]
        return hits, float(confidences[0])

    def _ranking(self, analysis, lexical, query_vector, allowed):
        """The allowed documents best first, their fused and semantic scores, and a function
        giving the confidence features of some of them (each against the best other one)."""
        lexical, coverage = lexical
        asked, answered = self._semantic(query_vector)
        mixed = fusion.semantic_similarity(asked, answered)
        fused = fusion.fuse(lexical, coverage, mixed)
        if allowed is not None:
            fused = np.where(allowed, fused, -1.0)
        valid = np.flatnonzero(fused >= 0)
        if not len(valid):
            return None
        order = valid[np.argsort(-fused[valid], kind="stable")]
        best = float(fused[order[0]])
        second = float(fused[order[1]]) if len(order) > 1 else 0.0
        outside = fused < 0
        lexical_rank = _ranks(np.where(outside, -1.0, lexical))
        # Without embeddings no entry is first by meaning: the feature says so (0) instead of
        # ranking equal zeros by their position.
        semantic_rank = (
            _ranks(np.where(outside, -1.0, mixed))
            if self.semantic is not None
            else np.full(len(mixed), np.inf)
        )
        terms = self.lexical.document_terms
        salient = analysis.salient
        pool = mixed[~outside]
        spread = float(np.std(pool)) + 1e-3 if len(pool) > 1 else 1.0
        center = float(np.median(pool)) if len(pool) else 0.0
        unknown = self._unknown_share(analysis)

        def features(positions: np.ndarray) -> np.ndarray:
            rivals = np.full(len(positions), best)
            rivals[positions == order[0]] = second
            missing = np.array(
                [len(salient - terms[p]) / len(salient) if salient else 0.0 for p in positions]
            )
            return fusion.confidence_features(
                score=fused[positions],
                rival=rivals,
                coverage=coverage[positions],
                asked_coverage=self.lexical.asked_coverage(analysis.weights, positions),
                lexical_rank=lexical_rank[positions],
                semantic_rank=semantic_rank[positions],
                salient_missing=missing,
                asked=fusion.semantic_scale(asked[positions]),
                centred=self._closeness(query_vector, positions),
                unknown=np.full(len(positions), unknown),
                length=np.full(len(positions), np.log1p(len(analysis.weights))),
                situation=np.full(len(positions), analysis.situation),
                standout=(mixed[positions] - center) / spread,
            )

        return order, fused, mixed, features

    def confidence_features(self, query: str) -> tuple[int | None, np.ndarray | None]:
        """The best document's id and its confidence features, for calibration tools."""
        analysis = self.analyze(query)
        ranking = self._ranking(
            analysis,
            self.lexical.score(analysis.weights),
            self.query_vector(analysis.text),
            None,
        )
        if ranking is None:
            return None, None
        order, _fused, _mixed, features = ranking
        return self.documents[order[0]].id, features(order[:1])[0]

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
        normalized = normalize_query(bounded_query(query))
        if not analysis.weights and not normalized:
            return SearchResult(query, normalized, [], 0.0, True)
        query_vector = self.query_vector(analysis.text)
        hits, confidence = self._rank(analysis, query_vector, self._allowed(allowed_ids), limit)
        return SearchResult(
            query=query,
            normalized=normalized,
            hits=self._with_passages(hits, analysis, query_vector),
            confidence=round(confidence, 4),
            # Whether the first two are nearly tied (fusion.nearly_tied) is judged by the
            # caller, on the two entries its reader sees first (search.selectors).
            low_confidence=confidence < fusion.LOW_CONFIDENCE,
            corrections=analysis.corrections,
            stems=analysis.stems,
            other_questions=analysis.others,
        )

    def _with_passages(
        self, hits: list[Hit], analysis: QueryAnalysis, query_vector: np.ndarray | None
    ) -> list[Hit]:
        """The first hits with the part of their answer closest to the question."""
        shown = []
        for hit in hits[:SNIPPET_HITS]:
            position = self.positions[hit.id]
            parts = self.documents[position].parts
            if len(parts) < 2:
                shown.append(hit)
                continue
            if self.semantic is not None and query_vector is not None:
                best = self.semantic.best_part(position, query_vector)
            else:
                best = self._best_part_by_words(position, analysis)
            shown.append(replace(hit, passage=parts[best]) if best is not None else hit)
        return shown + hits[SNIPPET_HITS:]

    def _best_part_by_words(self, position: int, analysis: QueryAnalysis) -> int | None:
        # Without embeddings: the part holding the most of the question's weighted words.
        if position not in self._part_stems:
            self._part_stems[position] = [
                {t.stem for t in tokenize(part) if not t.stop}
                for part in self.documents[position].parts
            ]
        weights = [
            sum(weight for term, weight in analysis.weights.items() if term in stems)
            for stems in self._part_stems[position]
        ]
        return int(np.argmax(weights)) if max(weights, default=0) > 0 else None

    def similar(self, doc_id: int, *, limit: int = 5, allowed_ids=None) -> list[Hit]:
        """Entries close to one entry, for "Questions proches": none when no entry is close
        (fusion.RELATED_FLOOR)."""
        position = self.positions.get(doc_id)
        if position is None:
            return []
        analysis = self.analyze(self.documents[position].question)
        query_vector = self.semantic.questions[position] if self.semantic is not None else None
        allowed = self._allowed(allowed_ids)
        if allowed is None:
            allowed = np.ones(len(self.documents), dtype=bool)
        allowed[position] = False
        hits, _ = self._rank(analysis, query_vector, allowed, limit)
        # Without embeddings the fused score reaches WORDS_ONLY_CEILING at most: the same share.
        ceiling = 1.0 if self.semantic is not None else fusion.WORDS_ONLY_CEILING
        floor = fusion.RELATED_FLOOR * ceiling
        return [hit for hit in hits if hit.score >= floor]
