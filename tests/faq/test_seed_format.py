import pytest

from segurfaq.faq.seed_format import SeedFormatError, parse_seed_page

PROMPTS = [
    "Votre question concerne quel type d'offre ?",
    "Votre question concerne quel couloir Ségur ?",
    "Votre question concerne quel dispositif Ségur ?",
    "Votre question concerne quel produit ou service produit?",
    "Votre question concerne quelle thématique ?",
]


def test_seed_page_gives_the_five_prompts_and_twenty_answers(seed_text):
    page = parse_seed_page(seed_text)

    assert page.prompts == PROMPTS
    assert len(page.answers) == 20


def test_seed_answers_keep_their_text_intact(seed_text):
    page = parse_seed_page(seed_text)
    source_lines = seed_text.splitlines()

    for answer in page.answers:
        for line in answer.text.splitlines():
            assert line in source_lines
    assert page.answers[13].text == "Non, cela n'est pas obligatoire."
    assert page.answers[4].text.splitlines()[2] == (
        "- c’est une étape à faire une seule fois par patient pour chaque professionnel de "
        "santé ; A noter : Cette action ne doit être faite qu’une seule fois par "
        "professionnel de santé."
    )
    assert "https://gnius.esante.gouv.fr/fr/le-parcours-guide" in page.answers[19].text


def test_pour_en_savoir_plus_marker_is_taken_out_of_the_answer_text(seed_text):
    page = parse_seed_page(seed_text)

    newborns = page.answers[2]
    assert newborns.had_more_info
    assert newborns.links == []
    assert "Pour en savoir plus" not in newborns.text
    assert newborns.text.endswith("ainsi que les papiers d’identité du parent présent.")


def test_answer_without_closing_vote_prompt_is_rejected_with_its_line():
    text = "\n".join(
        [*PROMPTS, "Une réponse.", "Cette réponse vous a-t-elle été utile ?", "Orphelin"]
    )

    with pytest.raises(SeedFormatError) as error:
        parse_seed_page(text)

    assert error.value.line == 8
    assert "n'est pas suivie" in str(error.value)


def test_page_without_facet_prompts_is_rejected():
    with pytest.raises(SeedFormatError) as error:
        parse_seed_page("Une réponse\nCette réponse vous a-t-elle été utile ?\n")

    assert error.value.line == 1


def test_links_after_pour_en_savoir_plus_are_kept_as_links():
    text = "\n".join(
        [
            *PROMPTS,
            "Voici la réponse.",
            "Pour en savoir plus :",
            "https://esante.gouv.fr/ins",
            "Cette réponse vous a-t-elle été utile ?",
        ]
    )

    (answer,) = parse_seed_page(text).answers

    assert answer.text == "Voici la réponse."
    assert answer.links == ["https://esante.gouv.fr/ins"]
