"""Choose the fused score's weights on the dev split alone; the frozen split is never read.

    .venv/bin/python benchmarks/fusion_grid.py

Every answerable dev question is asked of the default entries, then again with the 312
neighbouring entries added (the harder case). For each document the signals the fused score
mixes are kept: the BM25F share, the coverage and the two cosines (question side, answer
side).
Then every combination of weights on a grid is scored by P@1 and MRR@5 on both corpora,
and ranked by their mean.
Prints the best combinations, the engine's current one and, per question share, the best:
a weight worth choosing sits on a plateau, not on a single peak.
"""

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    add_sample_option,
    apply_sample,
    default_documents,
    neighbour_documents,
    questions,
)

from segurfaq.engine import Engine, fusion, shared_embedder


def signals(engine: Engine, questions: list[dict], position_of: dict[str, int]):
    lexical, coverage, asked, answered, targets = [], [], [], [], []
    for number, item in enumerate(questions, start=1):
        analysis = engine.analyze(item["query"])
        share, covered = engine.lexical.score(analysis.weights)
        question_side, answer_side = engine.semantic.similarities(
            engine.query_vector(analysis.text)
        )
        lexical.append(share)
        coverage.append(covered)
        asked.append(question_side)
        answered.append(answer_side)
        targets.append(position_of[item["expected"]])
        print(f"\r{number}/{len(questions)} questions", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return tuple(np.array(rows) for rows in (lexical, coverage, asked, answered, targets))


def quality(scores: np.ndarray, targets: np.ndarray) -> tuple[float, float]:
    expected = scores[np.arange(len(targets)), targets][:, None]
    rank = (scores > expected).sum(axis=1)
    return float((rank == 0).mean()), float(np.where(rank < 5, 1 / (rank + 1), 0).mean())


def corpus_signals(documents, slugs, questions, embedder):
    position_of = {slugs[document.id]: i for i, document in enumerate(documents)}
    print(f"indexing {len(documents)} entries…", file=sys.stderr)
    engine = Engine(documents, embedder=embedder)
    return signals(engine, questions, position_of)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_sample_option(parser)
    apply_sample(parser.parse_args())
    documents, slugs = default_documents()
    extra, extra_slugs = neighbour_documents(first_id=len(documents) + 1)
    answerable = [q for q in questions("dev") if q["expected"]]
    embedder = shared_embedder()
    corpora = [
        corpus_signals(documents, slugs, answerable, embedder),
        corpus_signals(documents + extra, {**slugs, **extra_slugs}, answerable, embedder),
    ]

    def scored(lexical_weight, coverage_weight, question_share):
        figures = []
        for lexical, coverage, asked, answered, targets in corpora:
            semantic = fusion.semantic_scale(
                question_share * asked + (1 - question_share) * answered
            )
            rest = 1 - lexical_weight - coverage_weight
            fused = lexical_weight * np.sqrt(lexical) + coverage_weight * coverage + rest * semantic
            figures.append(quality(fused, targets))
        (p1, mrr), (p1_neighbours, mrr_neighbours) = figures
        return (p1 + p1_neighbours) / 2, p1, mrr, p1_neighbours, mrr_neighbours

    grid = np.round(np.arange(0, 0.61, 0.05), 2)
    results = [
        (scored(a, b, share), a, b, share)
        for a, b, share in itertools.product(grid, grid[grid <= 0.5], (0.5, 0.6, 0.7, 0.8, 0.9))
        if a + b <= 0.9
    ]
    results.sort(reverse=True)
    line = (
        "default P@1 {:.3f} MRR@5 {:.3f}, with neighbours P@1 {:.3f} MRR@5 {:.3f}"
        "  <- lexical {:.2f} coverage {:.2f} question share {:.1f}"
    )
    print(f"{len(answerable)} answerable dev questions, {len(documents)} + {len(extra)} entries")
    print("best:")
    for (_mean, *figures), a, b, share in results[:10]:
        print("  " + line.format(*figures, a, b, share))
    print("per question share:")
    for share in (0.5, 0.6, 0.7, 0.8, 0.9):
        (_mean, *figures), a, b, _ = max(r for r in results if r[3] == share)
        print("  " + line.format(*figures, a, b, share))
    current = (fusion.LEXICAL_WEIGHT, fusion.COVERAGE_WEIGHT, fusion.QUESTION_SHARE)
    print("engine now:\n  " + line.format(*scored(*current)[1:], *current))


if __name__ == "__main__":
    main()
