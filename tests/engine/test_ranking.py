import pytest

from segurfaq.engine import Document, Engine, shared_embedder
from segurfaq.engine.highlight import highlight_html, highlight_text

CORPUS = [
    Document(
        1,
        "Comment créer l'INS d'un nouveau-né ?",
        "Il faut attendre un délai technique de 7 à 10 jours pour créer l'INS du nourrisson.",
        ("naissance", "bébé"),
        ("Identitovigilance et INS",),
    ),
    Document(
        2,
        "Le datamatrix INS est-il obligatoire sur les ordonnances ?",
        "Le datamatrix n'est pas demandé dans les DSR et ne sera pas vérifié.",
        ("datamatrix", "ordonnance"),
        ("e-prescription",),
    ),
    Document(
        3,
        "Quels textes obligent les laboratoires à alimenter le DMP ?",
        "Le code de la santé publique impose l'envoi des comptes rendus au DMP.",
        ("obligation", "biologie"),
        ("Cadre réglementaire",),
    ),
    Document(
        4,
        "Quels connecteurs et combien de flux la prestation Ségur comprend-elle ?",
        "La prestation est limitée à 5 flux : identité, DMP, MSS Pro, MSS Citoyenne, HL7.",
        ("prestation", "flux"),
        ("Financement",),
    ),
]


@pytest.fixture(scope="module")
def engine():
    return Engine(CORPUS, embedder=shared_embedder())


@pytest.fixture(scope="module")
def lexical_engine():
    return Engine(CORPUS)


def first(engine, query):
    return engine.search(query).hits[0].id


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("comment créer l'INS d'un bébé", 1),
        ("creer ins nouveau ne", 1),
        ("datamatrix obligatoire ?", 2),
        ("combien de flux dans la presta", 4),
        ("quelle loi impose d'alimenter le dossier médical partagé", 3),
    ],
)
@pytest.mark.semantic
def test_the_right_entry_comes_first(engine, query, expected):
    assert first(engine, query) == expected


def test_an_expansion_finds_the_entry_written_with_the_acronym(lexical_engine):
    result = lexical_engine.search("dossier médical partagé laboratoires")

    assert result.hits[0].id == 3


def test_a_typo_is_corrected_and_reported(lexical_engine):
    result = lexical_engine.search("datamatrics ordonance")

    assert result.hits[0].id == 2
    assert result.corrections == {"datamatrics": "datamatrix", "ordonance": "ordonnance"}


@pytest.mark.semantic
def test_a_question_no_entry_answers_has_low_confidence(engine):
    result = engine.search("recette de la tarte aux pommes")

    assert result.low_confidence
    assert result.confidence < 0.5


@pytest.mark.semantic
def test_a_question_an_entry_answers_has_high_confidence(engine):
    result = engine.search("INS d'un nouveau-né : quel délai ?")

    assert not result.low_confidence
    assert result.hits[0].id == 1
    assert result.hits[0].confidence == result.confidence


@pytest.mark.semantic
def test_results_stay_within_the_allowed_entries(engine):
    result = engine.search("datamatrix obligatoire ?", allowed_ids={3, 4})

    assert {hit.id for hit in result.hits} <= {3, 4}


@pytest.mark.semantic
def test_scores_are_ordered_and_limited(engine):
    hits = engine.search("INS", limit=2).hits

    assert len(hits) <= 2
    assert hits == sorted(hits, key=lambda hit: -hit.score)


@pytest.mark.semantic
def test_an_empty_question_finds_nothing(engine):
    result = engine.search("   ?? ")

    assert result.hits == []
    assert result.low_confidence


NEIGHBOURS = [
    Document(
        1,
        "Chaque professionnel doit-il qualifier l'INS de ses patients ?",
        "Oui, chaque professionnel qualifie l'INS de ses patients une fois dans son logiciel.",
    ),
    Document(
        2,
        "Les libéraux ont-ils une procédure d'exception pour qualifier l'INS ?",
        "Oui, un professionnel libéral peut qualifier l'INS sans pièce d'identité s'il connaît "
        "le patient de longue date.",
    ),
    Document(
        3,
        "Quels connecteurs et combien de flux la prestation Ségur comprend-elle ?",
        "La prestation est limitée à 5 flux : identité, DMP, MSS Pro, MSS Citoyenne, HL7.",
    ),
]


@pytest.mark.semantic
def test_close_entries_are_related_and_never_the_entry_itself():
    engine = Engine(NEIGHBOURS, embedder=shared_embedder())

    assert [hit.id for hit in engine.similar(1, limit=3)] == [2]
    assert [hit.id for hit in engine.similar(2, limit=3)] == [1]


@pytest.mark.semantic
def test_an_entry_with_nothing_close_gets_no_close_entries_rather_than_noise():
    engine = Engine(NEIGHBOURS, embedder=shared_embedder())

    assert engine.similar(3, limit=3) == []


@pytest.mark.semantic
def test_highlight_marks_the_readers_words_and_escapes_the_rest(engine):
    stems = engine.search("créer l'INS").stems

    assert highlight_text("Créer <b>l'INS</b>", stems) == (
        "<mark>Créer</mark> &lt;b&gt;l'<mark>INS</mark>&lt;/b&gt;"
    )
    assert highlight_html("<p>Le délai pour créer</p>", stems) == (
        "<p>Le délai pour <mark>créer</mark></p>"
    )


@pytest.mark.semantic
def test_highlight_marks_the_acronym_asked_for_not_the_words_of_its_expansion(engine):
    stems = engine.search("INS du nouveau-né").stems

    marked = highlight_text("L'INS est l'identité nationale de santé du nouveau-né.", stems)

    assert "<mark>INS</mark>" in marked
    assert "<mark>nouveau-né</mark>" in marked
    assert "<mark>santé</mark>" not in marked
    assert "<mark>identité</mark>" not in marked


@pytest.mark.semantic
def test_highlight_marks_the_acronym_of_an_expansion_the_reader_typed(engine):
    stems = engine.search("dossier médical partagé").stems

    marked = highlight_text("Le DMP est le dossier médical partagé.", stems)

    assert "<mark>DMP</mark>" in marked
    assert "<mark>dossier</mark>" in marked


def test_an_entry_is_found_by_one_of_its_other_wordings_alone():
    documents = [
        *CORPUS[1:],
        Document(
            1,
            "Comment créer l'INS d'un nouveau-né ?",
            "Il faut attendre un délai technique de 7 à 10 jours.",
            wordings=("newborn national identifier", "identité du nourrisson à la maternité"),
        ),
    ]
    lexical = Engine(documents)

    hits = lexical.search("newborn identifier").hits

    assert hits[0].id == 1


def test_the_passage_of_a_long_answer_that_matches_is_the_result_s_snippet():
    answer = (
        "Oui, chaque professionnel de santé qualifie l'INS de ses patients une seule fois.\n"
        "- à terme l'application carte Vitale permettra une qualification automatique ;\n"
        "- la qualification associe le dossier du patient dans le logiciel à son DMP pour y "
        "envoyer automatiquement les documents."
    )
    lexical = Engine([Document(7, "Chaque professionnel doit-il qualifier l'INS ?", answer)])

    hit = lexical.search("application carte vitale automatique").hits[0]

    assert hit.passage == (
        "à terme l'application carte Vitale permettra une qualification automatique ;"
    )


@pytest.mark.semantic
def test_a_short_answer_has_no_snippet_of_its_own(engine):
    assert engine.search("datamatrix ordonnance").hits[0].passage == ""
