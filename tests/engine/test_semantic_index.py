import numpy as np

from segurfaq.engine.semantic import DocumentVectors, SemanticIndex, paraphrase_whitening


def _unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def _entry(generator, wordings: int, parts: int) -> DocumentVectors:
    return DocumentVectors(
        question=_unit(generator.normal(size=8)),
        passage=_unit(generator.normal(size=8)),
        wordings=_unit(generator.normal(size=(wordings, 8))).reshape(wordings, 8),
        parts=_unit(generator.normal(size=(parts, 8))).reshape(parts, 8),
    )


def test_closeness_is_the_best_cosine_with_the_entries_common_direction_taken_out():
    generator = np.random.default_rng(7)
    entries = [_entry(generator, wordings, 2) for wordings in (0, 3, 1)]
    index = SemanticIndex(entries, 8)
    query = _unit(generator.normal(size=8))

    closeness = index.closeness(query, [0, 1, 2])

    every = np.vstack(
        [np.vstack([e.question, *e.wordings]) for e in entries]
        + [np.vstack([e.passage, *e.parts]) for e in entries]
    )
    centre = every.mean(axis=0)
    for position, entry in enumerate(entries):
        asked = np.vstack([entry.question, *entry.wordings]) - centre
        cosines = asked @ (query - centre)
        cosines /= np.linalg.norm(asked, axis=1) * np.linalg.norm(query - centre)
        assert np.isclose(closeness[position], cosines.max(), atol=1e-5)


def test_a_direction_every_entry_shares_adds_nothing_to_closeness():
    generator = np.random.default_rng(11)
    shared = _unit(generator.normal(size=8))
    entries = [_entry(generator, 2, 1) for _ in range(4)]
    tilted = [
        DocumentVectors(
            question=_unit(e.question + 3 * shared),
            passage=_unit(e.passage + 3 * shared),
            wordings=_unit(e.wordings + 3 * shared),
            parts=_unit(e.parts + 3 * shared),
        )
        for e in entries
    ]
    index = SemanticIndex(tilted, 8)
    # A question that only shares the common direction: close to all by plain cosine...
    query = shared
    plain = np.vstack([v.question for v in tilted]) @ query
    assert plain.min() > 0.8

    # ...but no closer to one entry than to the others once it is taken out.
    closeness = index.closeness(query, range(4))
    assert closeness.max() < plain.min() - 0.5


def test_the_directions_an_entrys_wordings_vary_in_weigh_less_than_the_others():
    axes = np.eye(8, dtype=np.float32)
    # Each entry is put three ways that differ only along the third axis (paraphrase).
    entries = [
        DocumentVectors(
            question=axes[n],
            passage=axes[n],
            wordings=_unit(np.vstack([axes[n] + axes[2], axes[n] - axes[2]])),
            parts=np.zeros((0, 8), dtype=np.float32),
        )
        for n in (0, 1)
    ]
    whitening = paraphrase_whitening(
        np.vstack([np.vstack([e.question, *e.wordings]) for e in entries]), np.array([0, 3]), 8
    )

    assert np.linalg.norm(axes[2] @ whitening) < 0.5 * np.linalg.norm(axes[0] @ whitening)


def test_without_other_wordings_entries_are_compared_as_the_model_puts_them():
    axes = np.eye(4, dtype=np.float32)

    whitening = paraphrase_whitening(axes, np.arange(4), 4)

    assert np.allclose(whitening, np.eye(4))
