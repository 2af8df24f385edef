from segurfaq.faq.answer_markup import html_to_text
from segurfaq.faq.models import Entry, Facet
from segurfaq.faq.seed_format import parse_seed_page
from segurfaq.faq.services import default_content_load_if_empty


def test_default_content_publishes_nineteen_entries_each_with_its_question(default_content):
    published = Entry.objects.filter(status=Entry.Status.PUBLISHED)

    assert published.count() == 19
    assert all(entry.question.endswith("?") for entry in published)
    assert all(entry.values.exists() for entry in published)


def test_default_content_answers_are_the_seed_answers_word_for_word(default_content, seed_text):
    seed_answers = [answer.text for answer in parse_seed_page(seed_text).answers]
    entries = Entry.objects.order_by("id")

    assert [html_to_text(entry.answer) for entry in entries] == seed_answers


def test_answer_whose_question_cannot_be_inferred_is_a_draft_for_editors(default_content):
    entry = Entry.objects.get(answer__contains="Non, cela n'est pas obligatoire.")

    assert entry.status == Entry.Status.DRAFT
    assert entry.question == ""
    assert "question" in entry.editor_note


def test_facets_carry_the_original_prompts_verbatim(default_content):
    prompts = list(Facet.objects.values_list("prompt", flat=True))

    assert prompts == [
        "Votre question concerne quel type d'offre ?",
        "Votre question concerne quel couloir Ségur ?",
        "Votre question concerne quel dispositif Ségur ?",
        "Votre question concerne quel produit ou service produit?",
        "Votre question concerne quelle thématique ?",
    ]


def test_dispositifs_belong_to_their_couloir(default_content):
    dispositifs = Facet.objects.get(slug="dispositif").values.select_related("parent__facet")

    assert all(value.parent and value.parent.facet.slug == "couloir" for value in dispositifs)
    assert dispositifs.get(slug="pfi").parent.slug == "hopital"


def test_default_content_is_loaded_only_into_an_empty_database(default_content):
    Entry.objects.filter(slug="creer-l-ins-d-un-nouveau-ne").update(question="Modifiée ?")

    assert default_content_load_if_empty() is None
    assert Entry.objects.get(slug="creer-l-ins-d-un-nouveau-ne").question == "Modifiée ?"
