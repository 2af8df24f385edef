"""Fielded BM25 (BM25F): the question counts more than the answer, then the other wordings,
tags and facets."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from segurfaq.engine.analysis import tokenize
from segurfaq.engine.documents import Document
from segurfaq.engine.glossary import Glossary

# The fields that say what an entry is asked about, as opposed to its answer, which mentions
# many things in passing (LexicalIndex.asked_coverage).
ASKED_FIELDS = ("question", "wordings", "tags")
# The other wordings are many short questions in one field: weighed below the question,
# and their length normalised as strongly as the answer's.
FIELD_WEIGHTS = {"question": 3.0, "wordings": 1.5, "tags": 1.5, "facets": 0.7, "answer": 1.0}
FIELD_B = {"question": 0.5, "wordings": 0.75, "tags": 0.3, "facets": 0.3, "answer": 0.75}
K1 = 1.2


def field_terms(text: str, glossary: Glossary) -> tuple[list[str], list[str]]:
    """The terms of a text (stems and glossary concepts) and its plain words."""
    tokens = tokenize(text)
    terms = [t.stem for t in tokens if not t.stop]
    terms += [match.concept for match in glossary.find(tokens)]
    words = [t.text for t in tokens if not t.stop and not t.compound and t.text.isalpha()]
    return terms, words


def _fields(document: Document) -> dict[str, str]:
    return {
        "question": document.question,
        "wordings": " ; ".join(document.wordings),
        "tags": " ; ".join(document.tags),
        "facets": " ; ".join(document.facets),
        "answer": document.answer,
    }


@dataclass
class Postings:
    docs: np.ndarray  # document positions
    saturation: np.ndarray  # tf~ / (k1 + tf~), in [0, 1)


class LexicalIndex:
    def __init__(self, documents: list[Document], glossary: Glossary):
        self.size = len(documents)
        self.word_frequencies: Counter[str] = Counter()
        per_doc: list[dict[str, Counter]] = []
        lengths: dict[str, list[int]] = defaultdict(list)
        # Every term each document holds, whatever the field: what a question's precise
        # words are looked for in (see Engine's confidence).
        self.document_terms: list[frozenset[str]] = []
        self.asked_terms: list[frozenset[str]] = []
        for document in documents:
            fields = {}
            for name, text in _fields(document).items():
                terms, words = field_terms(text, glossary)
                fields[name] = Counter(terms)
                lengths[name].append(len(terms))
                self.word_frequencies.update(words)
            per_doc.append(fields)
            self.document_terms.append(frozenset().union(*fields.values()))
            self.asked_terms.append(frozenset().union(*(fields[name] for name in ASKED_FIELDS)))
        average = {name: (sum(values) / len(values) or 1.0) for name, values in lengths.items()}

        weighted: dict[str, dict[int, float]] = defaultdict(dict)
        for position, fields in enumerate(per_doc):
            combined: dict[str, float] = defaultdict(float)
            for name, counts in fields.items():
                norm = 1 - FIELD_B[name] + FIELD_B[name] * lengths[name][position] / average[name]
                for term, count in counts.items():
                    combined[term] += FIELD_WEIGHTS[name] * count / norm
            for term, tf in combined.items():
                weighted[term][position] = tf
        self.postings: dict[str, Postings] = {}
        self.idf: dict[str, float] = {}
        for term, docs in weighted.items():
            positions = np.fromiter(docs.keys(), dtype=np.int32, count=len(docs))
            tf = np.fromiter(docs.values(), dtype=np.float32, count=len(docs))
            self.postings[term] = Postings(positions, tf / (K1 + tf))
            self.idf[term] = self._idf(len(docs))

    def _idf(self, df: int) -> float:
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def __contains__(self, term: str) -> bool:
        return term in self.postings

    def unknown_idf(self) -> float:
        # A word no entry contains weighs like the rarest word: it is part of the question
        # that the corpus cannot answer.
        return self._idf(1)

    def asked_coverage(self, weights: dict[str, float], positions) -> np.ndarray:
        """Per document: the weighted share of the question's terms that its question, other
        wordings and tags hold. A question on a topic the entry does not answer often meets
        words its answer mentions in passing, rarely the words it is asked with."""
        weighted = self._weighted(weights)
        ceiling = sum(weighted.values())
        if ceiling <= 0:
            return np.zeros(len(positions))
        return np.array(
            [
                sum(v for term, v in weighted.items() if term in self.asked_terms[position])
                / ceiling
                for position in positions
            ]
        )

    def _weighted(self, weights: dict[str, float]) -> dict[str, float]:
        """Each question term's weight times its idf (a perfect match holds them all)."""
        return {term: w * self.idf.get(term, self.unknown_idf()) for term, w in weights.items()}

    def score(self, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Each document's BM25F score and coverage, both as shares of a perfect match.

        The coverage is the weighted share of the question's terms found in the document
        at all: a question with words no entry contains is probably not answered here.
        """
        scores = np.zeros(self.size, dtype=np.float32)
        covered = np.zeros(self.size, dtype=np.float32)
        weighted = self._weighted(weights)
        ceiling = sum(weighted.values())
        for term, weight in weighted.items():
            postings = self.postings.get(term)
            if postings is not None:
                scores[postings.docs] += weight * postings.saturation
                covered[postings.docs] += weight
        if ceiling <= 0:
            return scores, covered
        return np.clip(scores / ceiling, 0, 1), np.clip(covered / ceiling, 0, 1)
