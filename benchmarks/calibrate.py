"""Fit the confidence's logistic calibration on the dev set.

    .venv/bin/python benchmarks/calibrate.py [--devset benchmarks/data/dev.jsonl]

A question is a positive example when the engine's first entry is the expected one, a
negative one when it is out of scope or the first entry is wrong. Prints the coefficients
to copy into segurfaq/engine/fusion.py, then the flag rates they give.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SPLITS, default_documents, dev_set

from segurfaq.engine import Engine, fusion, shared_embedder

HERE = Path(__file__).resolve().parent


def features(engine: Engine, query: str) -> tuple[int, tuple[float, ...]]:
    analysis = engine.analyze(query)
    lexical, coverage = engine.lexical.score(analysis.weights)
    fused = fusion.fuse(lexical, engine._semantic(engine.query_vector(analysis.text)))
    order = np.argsort(-fused)
    best, second = float(fused[order[0]]), float(fused[order[1]])
    return int(order[0]), fusion.confidence_features(best, second, float(coverage[order[0]]))


def fit(x: np.ndarray, y: np.ndarray, l2: float = 0.001, steps: int = 200) -> np.ndarray:
    """Class-balanced logistic regression (Newton's method), lightly regularized."""
    x = np.hstack([np.ones((len(x), 1)), x])
    sample = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag(np.r_[0, np.ones(x.shape[1] - 1)])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (sample * (p - y)) / len(y) + penalty @ w
        hessian = (x.T * (sample * p * (1 - p))) @ x / len(y) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", default=str(SPLITS["dev"]))
    args = parser.parse_args()
    documents, slugs = default_documents()
    engine = Engine(documents, embedder=shared_embedder())
    rows, labels = [], []
    for item in dev_set(args.devset):
        top, feats = features(engine, item["query"])
        rows.append(feats)
        labels.append(
            1.0 if item["expected"] and slugs[documents[top].id] == item["expected"] else 0.0
        )
    x, y = np.array(rows), np.array(labels)
    w = fit(x, y)
    print("CONFIDENCE_BIAS, CONFIDENCE_SCORE, CONFIDENCE_MARGIN, CONFIDENCE_COVERAGE =")
    print("   ", ", ".join(f"{value:.1f}" for value in w))
    p = 1 / (1 + np.exp(-(np.hstack([np.ones((len(x), 1)), x]) @ w)))
    print(f"positives flagged low: {np.mean(p[y == 1] < fusion.LOW_CONFIDENCE):.1%}")
    print(f"negatives flagged low: {np.mean(p[y == 0] < fusion.LOW_CONFIDENCE):.1%}")


if __name__ == "__main__":
    main()
