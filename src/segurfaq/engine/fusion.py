"""From the two signals to one ranking and a confidence.

Both signals are put on an absolute 0..1 scale before they are mixed, so that a score means
the same thing from one question to the next: that is what lets a single threshold say
"no entry really answers this".
"""

import numpy as np

# Cosine similarities of multilingual-e5 sit in a narrow band: unrelated French texts score
# about 0.78, a paraphrase 0.90 or more. (An index large enough to be whitened puts its
# similarities on the same band: semantic.SemanticIndex.similarities.)
COSINE_FLOOR = 0.80
COSINE_CEILING = 0.94
# The fused score mixes three signals on 0..1: the BM25F share (how strongly the entry holds
# the question's words), the coverage (the weighted share of the question's words the entry
# holds at all) and the semantic similarity. Chosen on the dev split with 312 neighbouring
# entries that carry wordings as real ones do (benchmarks/fusion_grid.py), on a plateau of
# weights within 0.006 of each other.
LEXICAL_WEIGHT = 0.3
COVERAGE_WEIGHT = 0.3
# Of the semantic signal, how much comes from the question side (question and wordings)
# rather than the answer side: readers' questions look most like editors' questions.
QUESTION_SHARE = 0.7

# "Questions proches" lists only entries whose fused score, asked with the entry's own
# question, reaches this: read on the 19 default entries, pairs above it share a topic (INS
# on documents and its qualification, the two biology entries, prescriptions and the
# datamatrix, funding), pairs below share only the programme's vocabulary. None rather than
# noise.
RELATED_FLOOR = 0.33

# A result listed for a question scores at least this share of the best one.
RELATIVE_FLOOR = 0.55
ABSOLUTE_FLOOR = 0.12

# The confidence is a logistic function of what tells a right first answer from a wrong
# one or from a question no entry answers (benchmarks/calibrate.py fits it):
# - score: the entry's fused score;
# - margin: its lead over the best other entry (near ties are not confident);
# - coverage: the weighted share of the question's terms the entry holds;
# - asked_coverage: the same share held by the entry's question, other wordings and tags
#   (lexical.LexicalIndex.asked_coverage): an answer mentions many things in passing, which
#   a question on another topic meets. Out of fold on the dev split (benchmarks/
#   calibrate.py), against the features without it: ROC AUC of readers' answerable
#   questions against out-of-scope ones 0.978 -> 0.979, of right first answers against
#   wrong ones 0.901 -> 0.912; at the balanced threshold, notices on answerable questions
#   3.2 % -> 2.9 %, out-of-scope questions flagged 89.0 % -> 89.8 %;
# - lexical_agrees / semantic_agrees: 1 when the entry is also first by words alone or
#   by meaning alone, 1/2 when second… (the two rankings agreeing);
# - salient_missing: the share of the question's precise words (numbers, acronyms,
#   names) that the entry never mentions;
# - asked: how close the question is in meaning to the entry's question or one of its
#   other wordings (0..1 on the semantic scale);
# - centred: the same closeness with the direction all entries share taken out (centred
#   cosines, semantic.SemanticIndex.closeness). A question on a topic no entry covers shares
#   the programme's vocabulary with every entry: its plain cosines are high all round,
#   its centred ones are not. Out of fold on the dev split, it raised the area under the
#   ROC curve of readers' answerable questions against out-of-scope ones from 0.976 to
#   0.978, and of right first answers against wrong ones (neighbours added) from 0.893 to
#   0.901;
# - unknown: the weighted share of the question's terms that no entry holds at all;
# - length: log(1 + the question's terms): a reader describing a situation uses many words
#   the entry does not, which lowers coverage without making the answer wrong;
# - standout: how far the entry's meaning stands above all the others' (in standard
#   deviations from their median): a question no entry answers is about as close to all;
# - situation: the share of the question's weighted terms that only a message's situation
#   or later questions bring (QueryAnalysis.situation): a reader who tells their situation
#   uses words the entry need not hold. Out of fold on the dev split, notices on right first
#   answers 4.5 % -> 4.0 % (support-desk messages 13.8 % -> 7.3 %), out-of-scope questions
#   flagged 90.7 % -> 92.2 %.
FEATURES = (
    "score",
    "margin",
    "coverage",
    "asked_coverage",
    "lexical_agrees",
    "semantic_agrees",
    "salient_missing",
    "asked",
    "centred",
    "unknown",
    "length",
    "standout",
    "situation",
)
# Fitted by benchmarks/calibrate.py on the dev split alone (class-balanced logistic
# regression on standardised features, 5-fold cross-validation, l2 0.3): every dev question
# asked of the default entries and every answerable one asked again with the 312
# neighbouring entries and their wordings (1,128 examples); the bias moved to the threshold
# that strains the two targets (≤ 5 % of readers whose first answer is right told "no entry
# answers well", with the neighbours or without; ≥ 90 % of out-of-scope questions told so)
# least. Out of fold: 4.0 % and 92.2 %. The frozen split is never read by the calibration.
CONFIDENCE_BIAS = -4.19
CONFIDENCE_WEIGHTS = {
    "score": 0.89,
    "margin": 1.66,
    "coverage": 0.53,
    "asked_coverage": 0.55,
    "lexical_agrees": 0.79,
    "semantic_agrees": 0.86,
    "salient_missing": -0.04,
    "asked": 0.84,
    "centred": 1.07,
    "unknown": -0.86,
    "length": 0.40,
    "standout": 0.09,
    "situation": 0.77,
}
# An engine without embeddings (SEGURFAQ_SEMANTIC_SEARCH=false) has no semantic features:
# its confidence is fitted apart, the same way (benchmarks/calibrate.py --words-only; l2
# 0.3, out of fold: notice on 6.8 % of readers whose first answer is right, 86.8 % of
# out-of-scope questions flagged).
WORDS_ONLY_CONFIDENCE_BIAS = -3.57
WORDS_ONLY_CONFIDENCE_WEIGHTS = {
    "score": 1.65,
    "margin": 3.17,
    "coverage": 0.78,
    "asked_coverage": 0.92,
    "lexical_agrees": 1.45,
    "semantic_agrees": 0.00,
    "salient_missing": -0.20,
    "asked": 0.00,
    "centred": 0.00,
    "unknown": -1.12,
    "length": 0.41,
    "standout": 0.00,
    "situation": 0.73,
}
# Below it the page says that no entry answers well.
LOW_CONFIDENCE = 0.5
# Two entries this close (fused scores) are both shown as possible answers, with the facet
# that tells them apart. On the dev split with the 312 neighbours and their wordings, this
# flags 28 % of the questions whose first entry is wrong and 4.7 % of those whose first
# entry is right (benchmarks/evaluate.py --neighbours).
AMBIGUOUS_MARGIN = 0.03


def semantic_similarity(question_cosine: np.ndarray, passage_cosine: np.ndarray) -> np.ndarray:
    return QUESTION_SHARE * question_cosine + (1 - QUESTION_SHARE) * passage_cosine


def semantic_scale(cosine: np.ndarray) -> np.ndarray:
    return np.clip((cosine - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR), 0.0, 1.0)


# What the fused score reaches at most without embeddings (a purely lexical engine).
WORDS_ONLY_CEILING = LEXICAL_WEIGHT + COVERAGE_WEIGHT


def fuse(lexical: np.ndarray, coverage: np.ndarray, semantic: np.ndarray) -> np.ndarray:
    """All inputs on 0..1: lexical is the BM25F score as a share of a perfect match,
    coverage the weighted share of the question's terms the entry holds, semantic a cosine."""
    return (
        LEXICAL_WEIGHT * np.sqrt(lexical)
        + COVERAGE_WEIGHT * coverage
        + (1 - WORDS_ONLY_CEILING) * semantic_scale(semantic)
    )


def confidence_features(
    *,
    score,
    rival,
    coverage,
    asked_coverage,
    lexical_rank,
    semantic_rank,
    salient_missing,
    asked,
    centred,
    unknown,
    length,
    standout,
    situation,
) -> np.ndarray:
    """One row per entry, columns in the order of FEATURES."""
    return np.column_stack(
        [
            score,
            score - rival,
            coverage,
            asked_coverage,
            1.0 / (1.0 + np.asarray(lexical_rank)),
            1.0 / (1.0 + np.asarray(semantic_rank)),
            salient_missing,
            asked,
            centred,
            unknown,
            length,
            standout,
            situation,
        ]
    ).astype(np.float64)


def confidences(features: np.ndarray, *, words_only: bool = False) -> np.ndarray:
    """How likely each entry answers the question (0..1), from its features' row."""
    bias, named = (
        (WORDS_ONLY_CONFIDENCE_BIAS, WORDS_ONLY_CONFIDENCE_WEIGHTS)
        if words_only
        else (CONFIDENCE_BIAS, CONFIDENCE_WEIGHTS)
    )
    weights = np.array([named[name] for name in FEATURES])
    return 1.0 / (1.0 + np.exp(-(bias + np.asarray(features) @ weights)))


def nearly_tied(first: float, second: float) -> bool:
    """Two fused scores close enough that the reader should choose (AMBIGUOUS_MARGIN)."""
    return first - second < AMBIGUOUS_MARGIN
