import re

import pytest
from django.test import override_settings

from segurfaq.faq.models import Entry


def listed_slugs(response) -> list[str]:
    return re.findall(
        r'<section class="fr-accordion" id="entree-([a-z0-9-]+)"', response.content.decode()
    )


def result_count(response) -> str:
    match = re.search(r"(\d+) questions? / réponses?", response.content.decode())
    return match.group(1)


@pytest.fixture
def get(client, small_corpus):
    def get(query: str = ""):
        response = client.get("/" + query)
        assert response.status_code == 200
        return response

    return get


def test_list_shows_every_published_entry_with_its_answer_and_the_count(get):
    response = get()

    assert listed_slugs(response) == ["solde-du-financement", "ins-au-dpi", "ins-au-laboratoire"]
    assert result_count(response) == "3"
    assert "<p>Le solde est versé par l'" in response.content.decode()


def test_known_acronyms_in_answers_carry_their_expansion(get):
    content = get().content.decode()

    assert '<abbr title="Agence de Services et de Paiement">ASP</abbr>' in content


def test_drafts_are_never_listed(get):
    assert "brouillon-officine" not in get().content.decode()
    assert "Officine" not in get().content.decode()


def test_each_facet_is_labelled_with_its_prompt(get):
    content = get().content.decode()

    assert "Votre question concerne quel couloir Ségur ?" in content
    assert "Votre question concerne quelle thématique ?" in content


def test_a_facet_value_narrows_the_list(get):
    response = get("?theme=financement")

    assert listed_slugs(response) == ["solde-du-financement"]
    assert result_count(response) == "1"


def test_values_of_one_facet_are_alternatives(get):
    response = get("?couloir=hopital&couloir=biologie-medicale")

    assert set(listed_slugs(response)) == {
        "solde-du-financement",
        "ins-au-dpi",
        "ins-au-laboratoire",
    }


def test_filters_of_different_facets_all_apply(get):
    response = get("?couloir=hopital&theme=identitovigilance")

    assert listed_slugs(response) == ["ins-au-dpi"]


def test_a_couloir_finds_entries_tagged_only_with_one_of_its_dispositifs(get):
    assert "ins-au-dpi" in listed_slugs(get("?couloir=hopital"))


def test_counts_show_what_each_value_would_give_with_the_other_filters(get):
    content = get("?theme=identitovigilance").content.decode()

    def count(facet, slug):
        pattern = rf'id="n-{facet}-{slug}">\((\d+)\)'
        return int(re.search(pattern, content).group(1))

    assert count("couloir", "hopital") == 1
    assert count("couloir", "biologie-medicale") == 1
    # Alternatives within the filtered facet keep their own counts.
    assert count("theme", "financement") == 1
    assert count("theme", "identitovigilance") == 2


def test_values_with_no_entry_are_not_offered(get):
    assert 'id="f-couloir-officine"' not in get().content.decode()


def test_active_filters_are_shown_and_removable_one_by_one(get):
    content = get("?couloir=hopital&theme=identitovigilance").content.decode()

    assert 'aria-label="Retirer le filtre Couloir Ségur : Hôpital"' in content
    assert 'href="?theme=identitovigilance"' in content
    assert 'href="?couloir=hopital"' in content


def test_unknown_filter_value_is_refused_with_a_message_and_the_rest_shown(client, small_corpus):
    response = client.get("/?couloir=lune")

    assert response.status_code == 400
    assert result_count(response) == "3"
    assert "Le filtre « couloir/lune » n&#x27;existe pas" in response.content.decode()


def test_a_question_ignores_accents_and_case(get):
    assert listed_slugs(get("?q=IDENTITE+nationale+DPI"))[0] == "ins-au-dpi"
    assert listed_slugs(get("?q=quand+le+solde+est+il+verse"))[0] == "solde-du-financement"


def test_question_and_filters_combine(get):
    assert listed_slugs(get("?q=INS&couloir=biologie-medicale")) == ["ins-au-laboratoire"]


def test_no_result_says_so_and_offers_to_remove_filters(get):
    content = get("?q=laboratoire+INS&theme=financement").content.decode()

    assert "0 questions / réponses" in content
    assert "Aucune question / réponse ne correspond" in content


def test_overlong_query_is_refused_with_a_french_message(client, small_corpus):
    response = client.get("/?q=" + "a" * 501)

    assert response.status_code == 400
    assert "Votre recherche est trop longue" in response.content.decode()


def test_filters_live_in_the_url_so_a_view_can_be_shared(client, small_corpus):
    first = client.get("/?couloir=hopital&theme=identitovigilance")
    shared = client.__class__().get("/?couloir=hopital&theme=identitovigilance")

    assert listed_slugs(first) == listed_slugs(shared) == ["ins-au-dpi"]


@override_settings(SEGURFAQ_PAGE_SIZE=2)
def test_pagination_keeps_the_filters(get):
    first = get("?couloir=hopital&couloir=biologie-medicale")
    second = get("?couloir=hopital&couloir=biologie-medicale&page=2")

    assert listed_slugs(first) == ["solde-du-financement", "ins-au-dpi"]
    assert 'href="?couloir=hopital&amp;couloir=biologie-medicale&amp;page=2"' in (
        first.content.decode()
    )
    assert listed_slugs(second) == ["ins-au-laboratoire"]
    assert result_count(second) == "3"


@override_settings(SEGURFAQ_PAGE_SIZE=2)
def test_a_page_number_that_is_not_a_number_is_refused_but_the_first_page_shown(
    client, small_corpus
):
    response = client.get("/?page=abc")

    assert response.status_code == 400
    assert "Le numéro de page doit être un nombre entier." in response.content.decode()
    assert listed_slugs(response) == ["solde-du-financement", "ins-au-dpi"]


def test_default_content_lists_nineteen_entries(client, default_content):
    response = client.get("/")

    assert result_count(response) == "19"
    assert Entry.objects.filter(status="published").count() == 19


def test_results_asked_for_while_typing_come_alone_with_new_counts(client, small_corpus):
    response = client.get("/", {"theme": "financement"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert "<html" not in content
    assert 'id="zone-resultats"' in content
    assert listed_slugs(response) == ["solde-du-financement"]
    assert re.search(r'id="annonce"[^>]*data-hx-swap-oob="true">\s*1 question / réponse', content)


def test_a_live_search_updates_the_filters_as_a_page_load_would(client, small_corpus):
    # With JavaScript, the filters, the buttons and the title follow the results out of
    # band, from the same templates as the whole page: the two readers see the same page.
    live = client.get("/", {"theme": "financement"}, HTTP_HX_REQUEST="true").content.decode()
    whole = client.get("/", {"theme": "financement"}).content.decode()

    def part(content, element_id):
        start = content.index(f'id="{element_id}"')
        kept = content[start : content.index("</div>", start)]
        return re.sub(r"\s+", " ", kept.replace('data-hx-swap-oob="true"', "")).replace(" >", ">")

    values = part(live, "valeurs-couloir")
    assert re.search(r'id="valeurs-couloir"\s+data-hx-swap-oob="true"', live)
    assert 'id="n-couloir-hopital">(1)' in values
    assert "f-couloir-officine" not in values  # no entry: not offered, JS on or off
    assert values == part(whole, "valeurs-couloir")
    assert re.search(r'id="choisis-theme"\s+data-hx-swap-oob="true">\s*(&nbsp;)?\(1 choisi\)', live)
    assert re.search(r'id="boutons-recherche"\s+data-hx-swap-oob="true">', live)
    assert "Tout effacer" in live
    assert "<title>1 résultat — " in live


def test_a_facet_whose_values_all_find_nothing_says_so(client, small_corpus):
    content = client.get("/", {"q": "solde du financement", "couloir": "officine"}).content
    values = content.decode()
    start = values.index('id="valeurs-dispositif"')

    assert "Aucune valeur ne trouve de question avec ces critères." in values[start : start + 400]
