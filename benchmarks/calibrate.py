"""Fit the confidence (a logistic function of the engine's features) by cross-validation on
the dev split alone; the frozen split is never read here.

    .venv/bin/python benchmarks/calibrate.py [--folds 5] [--words-only]

Examples: every dev question asked of the default entries, and every answerable one asked
again with the 312 neighbouring entries and their wordings. An example is positive when the
engine's first entry is a right one (the expected entry, or a neighbour judged to answer
too), negative when the question is out of scope or the first entry is wrong. Folds keep
all the examples of one question together.

For each regularisation strength, the model is fitted on four folds and scored on the
fifth. The threshold is then chosen on the same out-of-fold scores so that neither target
is missed more than the other: it minimises the larger of (notices on readers' answerable
questions / NOTICE_BUDGET) and (out-of-scope questions let through / LET_THROUGH_BUDGET).
It is folded into the bias, so that the product keeps its threshold of 0.5. Prints the
out-of-fold figures, the trade-off curve and the constants to copy into
segurfaq/engine/fusion.py.
"""

import argparse
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

# The targets of issue 14: at most 5 % of answerable questions told "no entry answers
# well", at least 90 % of out-of-scope questions told so (at most 10 % let through).
NOTICE_BUDGET = 0.05
LET_THROUGH_BUDGET = 0.10
L2_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


def examples(engine: Engine, slugs: dict, questions: list[dict], corpus: str) -> list[dict]:
    rows = []
    for number, item in enumerate(questions):
        top, features = engine.confidence_features(item["query"])
        if features is None:
            continue
        rows.append(
            {
                "question": number,
                "corpus": corpus,
                "answerable": item["expected"] is not None,
                "register": item.get("register", ""),
                "right": item["expected"] is not None
                and slugs.get(top) in {item["expected"], *item.get("also_right", ())},
                "features": features,
            }
        )
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 100) -> np.ndarray:
    """Class-balanced logistic regression (Newton's method), bias unpenalised. Features are
    standardised for the fit, so that one penalty weighs them alike; the weights returned
    apply to the raw features."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    w = _fit_standard((x - mean) / scale, y, l2, steps)
    raw = w[1:] / scale
    return np.r_[w[0] - raw @ mean, raw]


def _fit_standard(x: np.ndarray, y: np.ndarray, l2: float, steps: int) -> np.ndarray:
    x = np.hstack([np.ones((len(x), 1)), x])
    sample = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    w = np.zeros(x.shape[1])
    penalty = l2 * np.diag(np.r_[0, np.ones(x.shape[1] - 1)])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (sample * (p - y)) / len(y) + penalty @ w
        hessian = (x.T * (sample * p * (1 - p))) @ x / len(y) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w


def scores(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return w[0] + x @ w[1:]


def figures(rows: list[dict], z: np.ndarray, threshold: float) -> dict:
    flagged = z < threshold
    default = np.array([r["corpus"] == "default" for r in rows])
    answerable = np.array([r["answerable"] for r in rows])
    right = np.array([r["right"] for r in rows])
    return {
        "notice on right first answers": flagged[right].mean(),
        "notice on answerable": flagged[answerable & default].mean(),
        "OOS flagged": flagged[~answerable & default].mean(),
        "wrong first flagged": flagged[answerable & ~right].mean()
        if (answerable & ~right).any()
        else float("nan"),
        "notice with neighbours": flagged[answerable & ~default].mean(),
    }


def area(positive: np.ndarray, negative: np.ndarray) -> float:
    """The area under the ROC curve: P(a positive scores above a negative), ties half."""
    if not len(positive) or not len(negative):
        return float("nan")
    above = (positive[:, None] > negative[None, :]).mean()
    return float(above + 0.5 * (positive[:, None] == negative[None, :]).mean())


def balanced_threshold(z: np.ndarray, readers: np.ndarray, outside: np.ndarray) -> float:
    """The threshold that strains the two targets least (minimax of their budgets' shares)."""
    candidates = np.unique(z[readers | outside])
    candidates = (candidates[:-1] + candidates[1:]) / 2 if len(candidates) > 1 else candidates
    strain = [
        max(
            np.mean(z[readers] < t) / NOTICE_BUDGET,
            np.mean(z[outside] >= t) / LET_THROUGH_BUDGET,
        )
        for t in candidates
    ]
    return float(candidates[int(np.argmin(strain))])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--words-only",
        action="store_true",
        help="the engine without embeddings (SEGURFAQ_SEMANTIC_SEARCH=false)",
    )
    add_sample_option(parser)
    args = parser.parse_args()
    apply_sample(args)
    asked = questions("dev")
    documents, slugs = default_documents()
    extra, extra_slugs = neighbour_documents(first_id=len(documents) + 1)
    embedder = None if args.words_only else shared_embedder()
    rows = examples(Engine(documents, embedder=embedder), slugs, asked, "default")
    answerable = [q if q["expected"] else {"query": "", "expected": None} for q in asked]
    rows += [
        r
        for r in examples(
            Engine(documents + extra, embedder=embedder),
            {**slugs, **extra_slugs},
            answerable,
            "neighbours",
        )
        if r["answerable"]
    ]
    x = np.array([r["features"] for r in rows])
    y = np.array([1.0 if r["right"] else 0.0 for r in rows])
    fold_of = np.array([r["question"] % args.folds for r in rows])
    # The notice's target: a reader whose first answer is right must not be told that no
    # entry answers well, whatever their register, with the neighbours or without. (A
    # notice on a wrong first answer is what it is for.)
    readers = np.array([r["answerable"] and r["right"] for r in rows])
    outside = np.array([not r["answerable"] and r["corpus"] == "default" for r in rows])
    print(f"{len(rows)} examples ({int(y.sum())} right first answers), {args.folds} folds")

    results = []
    for l2 in L2_GRID:
        z = np.zeros(len(rows))
        for fold in range(args.folds):
            train = fold_of != fold
            z[~train] = scores(fit(x[train], y[train], l2), x[~train])
        threshold = balanced_threshold(z, readers, outside)
        result = figures(rows, z, threshold)
        print(f"l2 {l2:<7} out of fold: " + ", ".join(f"{k} {v:.1%}" for k, v in result.items()))
        results.append((l2, threshold, result))

    # The most regularised model within a point and a half of the best: as good, steadier.
    def strain(result: dict) -> float:
        return max(
            result["notice on right first answers"] / NOTICE_BUDGET,
            (1 - result["OOS flagged"]) / LET_THROUGH_BUDGET,
        )

    best = min(strain(result) for _l2, _t, result in results)
    l2, threshold, result = [r for r in results if strain(r[2]) <= best + 0.15][-1]
    # The trade-off for the chosen strength: what each share of notices buys.
    z = np.zeros(len(rows))
    for fold in range(args.folds):
        train = fold_of != fold
        z[~train] = scores(fit(x[train], y[train], l2), x[~train])
    for notice in (0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10):
        curve = figures(rows, z, float(np.quantile(z[readers], notice)))
        print(
            f"  {notice:.0%} of readers' questions: "
            + ", ".join(f"{k} {v:.1%}" for k, v in curve.items())
        )
    # Threshold-free: how often an answerable reader's question scores above an out-of-scope
    # one, and a right first answer above a wrong one (areas under the ROC curves).
    wrong = (y == 0) & ~outside
    print(
        f"out-of-fold ROC AUC: readers' answerable / out of scope "
        f"{area(z[readers], z[outside]):.3f}, right / wrong first answers "
        f"{area(z[y == 1], z[wrong]):.3f}"
    )
    register_of = np.array([r["register"] for r in rows])
    by_register = {
        name: np.mean(z[readers & (register_of == name)] < threshold)
        for name in sorted(set(register_of[readers]))
    }
    print(
        "out-of-fold notice on right first answers by register: "
        + ", ".join(f"{name} {share:.1%}" for name, share in by_register.items())
    )
    w = fit(x, y, l2)
    # The same threshold with the product's fixed one of 0.5 (logit 0).
    bias = w[0] - threshold
    print(f"\nchosen l2 {l2}; out-of-fold: " + ", ".join(f"{k} {v:.1%}" for k, v in result.items()))
    prefix = "WORDS_ONLY_" if args.words_only else ""
    print(f"{prefix}CONFIDENCE_BIAS = {bias:.2f}")
    print(f"{prefix}CONFIDENCE_WEIGHTS = {{")
    for name, weight in zip(fusion.FEATURES, w[1:], strict=True):
        print(f'    "{name}": {weight:.2f},')
    print("}")


if __name__ == "__main__":
    main()
