"""Every reader reaches an answer or a person: "Poser une question" is always at hand, and
every page carries the state's brand and the accessibility declaration."""

import html
import re

import pytest

ASK = "/poser-une-question/"


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    "path",
    ["/", "/?q=solde", "/questions/solde-du-financement/", "/donnees-personnelles/", ASK],
)
def test_every_page_offers_to_ask_a_question_and_shows_the_state_brand(client, small_corpus, path):
    page = _page(client, path)

    assert f'href="{ASK}"' in page
    assert "Poser une question" in page
    assert "République" in page.split('class="fr-header__service"')[0]
    assert 'href="/accessibilite/"' in page


def test_under_the_results_the_question_form_keeps_the_search_and_its_filters(client, small_corpus):
    page = _page(client, "/?q=solde+du+financement&couloir=hopital")

    after_results = page.split('id="resultats"')[1]
    assert "Vous ne trouvez pas votre réponse ?" in after_results
    assert f'href="{ASK}?q=solde+du+financement&couloir=hopital"' in after_results


def test_after_a_no_the_answer_offers_to_ask_the_team(client, small_corpus):
    client.post("/questions/solde-du-financement/avis/", {"vote": "non"})

    page = _page(client, "/questions/solde-du-financement/")

    block = page.split('id="avis-solde-du-financement"')[1]
    assert "Cette réponse ne vous a pas aidé ?" in block
    assert f'href="{ASK}"' in block


def test_the_accessibility_declaration_says_the_state_the_checks_the_gaps_and_whom_to_tell(
    client, db
):
    page = _page(client, "/accessibilite/")

    assert "<h1>Déclaration d’accessibilité</h1>" in page
    for part in [
        "partiellement conforme",
        "RGAA",
        "axe-core",
        "Non-conformités connues",
        "Retour d’information et contact",
        f'href="{ASK}"',
        "Défenseur des droits",
    ]:
        assert part in page


@pytest.mark.parametrize(
    "path", ["/", "/questions/solde-du-financement/", ASK, "/donnees-personnelles/"]
)
def test_every_skip_link_leads_to_a_part_of_its_page(client, small_corpus, path):
    page = _page(client, path)

    targets = re.findall(r'<a class="fr-link" href="#([a-z-]+)"', page)
    assert "contenu" in targets
    for target in targets:
        assert f'id="{target}"' in page, target
