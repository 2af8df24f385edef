"""Two entries nearly tied for a question: the reader is told, and asked the facet that
tells them apart, on the page, in the API and in the CLI."""

import io
import json

import pytest
from django.core.management import call_command

from segurfaq.faq.interchange import read_document
from segurfaq.faq.services import content_import

pytestmark = pytest.mark.semantic

TWINS = [
    {
        "slug": "delai-de-conservation-hopital",
        "question": "Combien de temps conserver les journaux d'envoi ?",
        "answer": "<p>Les journaux d'envoi sont conservés un an.</p>",
        "status": "published",
        "values": ["couloir/hopital"],
        "published_at": "2025-08-10T08:00:00+00:00",
    },
    {
        "slug": "delai-de-conservation-laboratoire",
        "question": "Combien de temps conserver les journaux d'envoi ?",
        "answer": "<p>Les journaux d'envoi sont conservés un an.</p>",
        "status": "published",
        "values": ["couloir/biologie-medicale"],
        "published_at": "2025-08-11T08:00:00+00:00",
    },
]
QUESTION = "combien de temps garder les journaux d'envoi"


@pytest.fixture
def twins(db, small_corpus_document):
    small_corpus_document["entries"] += TWINS
    content_import(document=read_document(small_corpus_document))


def test_the_page_says_two_answers_are_possible_and_asks_the_facet_that_separates_them(
    client, twins
):
    content = client.get("/", {"q": QUESTION}).content.decode()

    assert "Deux réponses possibles" in content
    assert "Pour choisir : Votre question concerne quel couloir Ségur ?" in content
    assert 'href="?q=combien+de+temps+garder+les+journaux+d%27envoi&amp;couloir=hopital"' in content
    assert ">Biologie médicale</a>" in content


def test_one_click_on_a_facet_value_narrows_to_one_answer(client, twins):
    content = client.get("/", {"q": QUESTION, "couloir": "hopital"}).content.decode()

    assert "Deux réponses possibles" not in content
    assert "delai-de-conservation-hopital" in content
    assert "delai-de-conservation-laboratoire" not in content


def test_the_api_flags_the_tie_and_gives_the_separating_facet(client, twins):
    body = client.get("/api/v1/search", {"q": QUESTION}).json()

    assert body["ambiguous"] is True
    facet = body["separating_facet"]
    assert facet["slug"] == "couloir"
    assert facet["prompt"] == "Votre question concerne quel couloir Ségur ?"
    assert {(v["slug"], v["entry"]) for v in facet["values"]} == {
        ("hopital", "delai-de-conservation-hopital"),
        ("biologie-medicale", "delai-de-conservation-laboratoire"),
    }


def test_a_clear_first_answer_is_not_flagged(client, twins):
    body = client.get("/api/v1/search", {"q": "datamatrix INS sur les ordonnances"}).json()

    assert body["ambiguous"] is False and body["separating_facet"] is None


def test_the_cli_gives_the_same_flag_and_facet(twins):
    out = io.StringIO()
    call_command("search", QUESTION, "--json", stdout=out)

    answer = json.loads(out.getvalue())
    assert answer["ambiguous"] is True
    assert answer["separating_facet"]["slug"] == "couloir"
