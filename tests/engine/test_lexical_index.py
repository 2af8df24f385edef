from segurfaq.engine import Document, Engine

ENTRIES = [
    Document(
        1,
        "Comment créer l'INS d'un nouveau-né ?",
        "Attendre 7 à 10 jours. La carte Vitale des parents n'y change rien.",
        tags=("naissance",),
        wordings=("délai pour l'identifiant d'un bébé",),
    ),
    Document(2, "Comment obtenir une carte Vitale ?", "Auprès de sa caisse."),
]


def coverages(question: str) -> tuple[list[float], list[float]]:
    engine = Engine(ENTRIES)
    weights = engine.analyze(question).weights
    everywhere = engine.lexical.score(weights)[1]
    asked = engine.lexical.asked_coverage(weights, [0, 1])
    return [round(float(c), 3) for c in everywhere], [round(float(c), 3) for c in asked]


def test_asked_coverage_counts_the_words_an_entry_is_asked_with_not_those_its_answer_mentions():
    everywhere, asked = coverages("carte vitale")

    # Both entries hold the words; only the second is asked about them.
    assert everywhere == [1.0, 1.0]
    assert asked == [0.0, 1.0]


def test_asked_coverage_includes_the_other_wordings_and_tags():
    _everywhere, asked = coverages("bébé naissance")

    assert asked == [1.0, 0.0]


def test_asked_coverage_of_a_question_without_words_is_zero():
    _everywhere, asked = coverages("")

    assert asked == [0.0, 0.0]
