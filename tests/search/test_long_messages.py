"""A reader's message of several sentences, as written to a support desk: taken whole by the
page, the API and the command (up to what the engine reads), answered for its first
question, its second question offered apart."""

import io
import json

import pytest
from django.core.management import call_command

MESSAGE = (
    "Bonjour, je travaille pour un éditeur de dossier patient informatisé installé dans une "
    "vingtaine d'hôpitaux, et nous préparons la prochaine version pour nos clients qui "
    "attendent des réponses précises avant la fin du trimestre. Le DPI doit-il afficher "
    "l'INS du patient ? Et quand le solde du financement est-il versé à l'éditeur ? "
    "Merci d'avance pour votre retour. Cordialement, Paul Durand, chef de produit"
)
SECOND = "Et quand le solde du financement est-il versé à l'éditeur ?"


def test_a_message_longer_than_200_characters_is_searched_not_refused(client, small_corpus):
    assert len(MESSAGE) > 300

    response = client.get("/api/v1/search", {"q": MESSAGE})

    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == "ins-au-dpi"


def test_the_api_names_the_second_question_of_a_message(client, small_corpus):
    body = client.get("/api/v1/search", {"q": MESSAGE}).json()

    assert body["other_questions"] == [SECOND]


def test_the_page_answers_the_first_question_and_links_the_second(client, small_corpus):
    content = client.get("/", {"q": MESSAGE}).content.decode()

    assert "Votre message pose une autre question" in content
    assert "« Et quand le solde du financement est-il versé à l&#x27;éditeur ? »" in content
    assert 'href="?q=Et+quand+le+solde+du+financement' in content


def test_the_second_question_searched_apart_finds_its_own_answer(client, small_corpus):
    body = client.get("/api/v1/search", {"q": SECOND}).json()

    assert body["results"][0]["slug"] == "solde-du-financement"
    assert body["other_questions"] == []


def test_the_command_reads_the_whole_message(small_corpus):
    out = io.StringIO()

    call_command("search", MESSAGE, "--json", stdout=out)

    answer = json.loads(out.getvalue())
    assert answer["results"][0]["slug"] == "ins-au-dpi"
    assert answer["other_questions"] == [SECOND]


@pytest.mark.parametrize("length", [501, 2000])
def test_a_message_over_what_the_engine_reads_is_refused_with_a_french_message(
    client, small_corpus, length
):
    response = client.get("/api/v1/search", {"q": "a" * length})

    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "Requête invalide : « q » doit compter au plus 500 caractères."
    )
