"""With many entries that all carry wordings, an entry is compared by its best wording and by
the mean of its wordings: one stray wording of another entry that happens to lie as close
to a reader's question does not outweigh an entry whose wordings all agree."""

import numpy as np

from segurfaq.engine import semantic
from segurfaq.engine.semantic import DocumentVectors, SemanticIndex

DIM = 16
LAYOUTS = 50


def _unit(vector):
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def _agreeing_entry_wins(seed: int) -> bool:
    """Twelve entries of seven asked texts around their topic (enough to be whitened); the
    second holds, besides its own, one wording as close to the question as the first
    entry's wordings are. Whether the first entry's question side is the higher."""
    rng = np.random.default_rng(seed)
    topics = [_unit(rng.normal(size=DIM)) for _ in range(12)]
    question = _unit(topics[0] + 0.2 * rng.normal(size=DIM))

    def entry(topic, stray=None):
        rows = [_unit(topic + 0.3 * rng.normal(size=DIM)) for _ in range(7)]
        if stray is not None:
            rows[-1] = stray
        return DocumentVectors(
            question=rows[0],
            passage=_unit(rng.normal(size=DIM)),
            wordings=np.array(rows[1:]),
            parts=np.zeros((0, DIM), dtype=np.float32),
        )

    stray = _unit(question + 0.25 * rng.normal(size=DIM))
    vectors = [entry(topics[0]), entry(topics[1], stray)] + [entry(t) for t in topics[2:]]
    asked, _answered = SemanticIndex(vectors, DIM).similarities(question)
    return bool(asked[0] > asked[1])


def test_an_entry_whose_wordings_agree_outranks_one_stray_wording_as_close():
    wins = sum(_agreeing_entry_wins(seed) for seed in range(LAYOUTS))

    assert wins >= 0.8 * LAYOUTS


def test_by_its_best_wording_alone_the_stray_wording_would_win_as_often_as_not(monkeypatch):
    monkeypatch.setattr(semantic, "CENTROID_SHARE", 0.0)

    wins = sum(_agreeing_entry_wins(seed) for seed in range(LAYOUTS))

    assert wins <= 0.6 * LAYOUTS
