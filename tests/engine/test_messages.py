"""A reader's message of several sentences is read for its question(s): courtesy and
signature weigh nothing, the situation less than the question, a second question is kept
apart."""

from segurfaq.engine import Document, Engine
from segurfaq.engine.messages import read_message

SUPPORT_DESK = (
    "Bonjour Madame, Monsieur, je suis cheffe de projet chez un éditeur de logiciel de "
    "laboratoire et nous préparons la prochaine version. Quels textes obligent les "
    "laboratoires à alimenter le DMP ? Et combien de flux la prestation Ségur "
    "comprend-elle pour nos connecteurs ? Merci d'avance. Cordialement, Julie Martin, "
    "cheffe de projet"
)


def test_greeting_and_signature_are_not_part_of_the_question():
    reading = read_message(SUPPORT_DESK)

    assert "Bonjour" not in reading.searched
    assert "Julie" not in reading.searched
    assert "Merci" not in reading.searched


def test_the_first_question_is_searched_with_its_situation_and_the_second_is_kept_apart():
    reading = read_message(SUPPORT_DESK)

    assert reading.question == "Quels textes obligent les laboratoires à alimenter le DMP ?"
    assert reading.context.startswith("je suis cheffe de projet")
    assert reading.others == (
        "Et combien de flux la prestation Ségur comprend-elle pour nos connecteurs ?",
    )
    assert reading.searched.startswith(reading.question)


def test_a_short_follow_up_question_leans_on_the_sentence_before_it():
    reading = read_message(
        "Notre laboratoire envoie ses comptes rendus au DMP depuis 2023. Est-ce obligatoire ?"
    )

    assert reading.question == (
        "Notre laboratoire envoie ses comptes rendus au DMP depuis 2023. Est-ce obligatoire ?"
    )
    assert reading.others == ()


def test_a_dictated_message_is_cut_where_its_question_starts():
    reading = read_message(
        "bonjour euh je suis biologiste dans un laboratoire de ville et du coup en fait je "
        "voulais savoir quels textes obligent les laboratoires à alimenter le dmp merci"
    )

    assert reading.question.startswith("savoir quels textes obligent")
    assert "biologiste" in reading.context
    assert "bonjour" not in reading.searched


def test_a_question_of_one_sentence_is_read_as_it_is():
    question = "mon logiciel produit deux versions d'un compte rendu, combien de fichiers ?"

    reading = read_message(question)

    assert reading.question == question
    assert (reading.context, reading.others) == ("", ())


CORPUS = [
    Document(
        1,
        "Quels textes obligent les laboratoires à alimenter le DMP ?",
        "Le code de la santé publique impose l'envoi des comptes rendus au DMP.",
    ),
    Document(
        2,
        "Quels connecteurs et combien de flux la prestation Ségur comprend-elle ?",
        "La prestation est limitée à 5 flux : identité, DMP, MSS Pro, MSS Citoyenne.",
    ),
    Document(
        3,
        "Comment un éditeur de logiciel de laboratoire prépare-t-il sa version ?",
        "Le chef de projet planifie la version avec l'éditeur du logiciel.",
    ),
]


def test_the_engine_answers_the_first_question_and_offers_the_second():
    result = Engine(CORPUS).search(SUPPORT_DESK)

    assert result.top.id == 1
    assert result.other_questions == (
        "Et combien de flux la prestation Ségur comprend-elle pour nos connecteurs ?",
    )


def test_a_message_of_many_questions_keeps_three_apart_and_reads_the_rest_as_situation():
    message = " ".join(f"Comment faire l'étape numéro {n} du projet Ségur ?" for n in range(40))

    reading = read_message(message[:500])

    assert reading.question.startswith("Comment faire l'étape numéro 0")
    assert len(reading.others) == 3
    assert "numéro 5 " in reading.context


def test_the_share_of_words_only_the_situation_brings_is_measured_for_the_confidence():
    engine = Engine(CORPUS)

    plain = engine.analyze("Quels textes obligent les laboratoires à alimenter le DMP ?")
    told = engine.analyze(SUPPORT_DESK)

    assert plain.situation == 0.0
    # "cheffe de projet", "éditeur", "version"… weigh half; the question's words weigh 1.
    assert 0.0 < told.situation < 0.5
