import re

import pytest
from django.db import IntegrityError
from django.test import Client

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save
from segurfaq.feedback.models import Vote
from segurfaq.feedback.services import vote_cast, vote_explain

VOTE_URL = "/questions/solde-du-financement/avis/"


def test_first_vote_is_counted_and_the_reader_returns_where_they_were(client, small_corpus):
    response = client.post(VOTE_URL, {"vote": "oui", "next": "/?theme=financement&page=1"})

    assert response.status_code == 302
    assert response["Location"] == "/?theme=financement&page=1#avis-solde-du-financement"
    assert Vote.objects.get().value == "yes"
    page = client.get(response["Location"]).content.decode()
    assert "Merci pour votre avis" in page
    assert re.search(r'value="oui"\s+aria-pressed="true"', page)


def test_voting_again_changes_the_vote_instead_of_adding_one(client, small_corpus):
    client.post(VOTE_URL, {"vote": "oui"})
    client.post(VOTE_URL, {"vote": "non"})

    assert Vote.objects.count() == 1
    assert Vote.objects.get().value == "no"


def test_a_no_cast_again_keeps_its_explanation_and_a_yes_clears_it(small_corpus):
    entry = Vote._meta.get_field("entry").related_model.objects.get(slug="solde-du-financement")
    vote_cast(entry=entry, visitor="b" * 64, value="no")
    vote_explain(entry=entry, visitor="b" * 64, reason="outdated", comment="Voir 2026")
    explained = Vote.objects.get()

    again = vote_cast(entry=entry, visitor="b" * 64, value="no")
    unchanged = Vote.objects.get()
    changed = vote_cast(entry=entry, visitor="b" * 64, value="yes")
    stored = Vote.objects.get()

    assert (again.value, again.reason, again.comment) == ("no", "outdated", "Voir 2026")
    assert unchanged.updated_at == explained.updated_at
    assert (changed.value, changed.reason, changed.comment) == ("yes", "", "")
    assert (stored.value, stored.reason, stored.comment) == ("yes", "", "")
    assert stored.updated_at > explained.updated_at
    assert stored.created_at == explained.created_at


def test_each_visitor_has_one_vote(small_corpus):
    for address, value in [("192.0.2.1", "oui"), ("192.0.2.2", "oui"), ("192.0.2.3", "non")]:
        Client(REMOTE_ADDR=address).post(VOTE_URL, {"vote": value})

    assert Vote.objects.filter(value="yes").count() == 2
    assert Vote.objects.filter(value="no").count() == 1


def test_vote_counts_are_shown_under_the_answer(client, small_corpus):
    Client(REMOTE_ADDR="192.0.2.1").post(VOTE_URL, {"vote": "oui"})
    Client(REMOTE_ADDR="192.0.2.2").post(VOTE_URL, {"vote": "non"})

    content = client.get("/questions/solde-du-financement/").content.decode()

    assert "1 lecteur sur 2 a trouvé cette réponse utile." in content


def test_without_a_safe_return_address_the_reader_goes_to_the_answer(client, small_corpus):
    response = client.post(VOTE_URL, {"vote": "oui", "next": "https://evil.example/"})

    assert response["Location"] == "/questions/solde-du-financement/#avis-solde-du-financement"


def test_vote_on_an_unknown_entry_is_404_in_french_and_writes_nothing(client, small_corpus):
    response = client.post("/questions/inconnue/avis/", {"vote": "oui"})

    assert response.status_code == 404
    assert "n&#x27;existe pas" in response.content.decode()
    assert not Vote.objects.exists()


def test_vote_on_a_draft_is_404(client, small_corpus):
    response = client.post("/questions/brouillon-officine/avis/", {"vote": "oui"})

    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_votes_follow_a_withdrawal_or_a_publication_at_once(client, small_corpus):
    assert client.post(VOTE_URL, {"vote": "oui"}).status_code == 302
    withdrawn = Entry.objects.get(slug="solde-du-financement")
    withdrawn.status = Entry.Status.ARCHIVED
    entry_save(entry=withdrawn, content_changed=False)
    published = Entry.objects.get(slug="brouillon-officine")
    published.status = Entry.Status.PUBLISHED
    entry_save(entry=published, content_changed=False)

    refused = client.post(VOTE_URL, {"vote": "non"})
    accepted = client.post("/questions/brouillon-officine/avis/", {"vote": "oui"})

    assert refused.status_code == 404
    assert accepted.status_code == 302
    assert sorted(Vote.objects.values_list("entry__slug", "value")) == [
        ("brouillon-officine", "yes"),
        ("solde-du-financement", "yes"),
    ]


@pytest.mark.parametrize("data", [{"vote": "peut-etre"}, {}, {"vote": ""}])
def test_invalid_vote_value_is_400_in_french_and_writes_nothing(client, small_corpus, data):
    response = client.post(VOTE_URL, data)

    assert response.status_code == 400
    assert "Choisissez « Oui » ou « Non »" in response.content.decode() or (
        "choisissez « Oui » ou « Non »" in response.content.decode()
    )
    assert not Vote.objects.exists()


def test_vote_without_csrf_token_is_403_in_french_and_writes_nothing(small_corpus):
    client = Client(enforce_csrf_checks=True)

    response = client.post(VOTE_URL, {"vote": "oui"})

    assert response.status_code == 403
    assert "Envoi refusé" in response.content.decode()
    assert not Vote.objects.exists()


def test_vote_with_the_page_csrf_token_is_accepted(small_corpus):
    client = Client(enforce_csrf_checks=True)
    client.get("/questions/solde-du-financement/")
    token = client.cookies["csrftoken"].value

    response = client.post(VOTE_URL, {"vote": "non", "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Vote.objects.get().value == "no"


def test_get_on_the_vote_address_changes_nothing(client, small_corpus):
    response = client.get(VOTE_URL + "?vote=oui")

    assert response.status_code == 405
    assert "avis s&#x27;envoie avec les boutons" in response.content.decode()
    assert not Vote.objects.exists()


def test_no_ip_address_or_user_agent_is_stored(small_corpus):
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Navigateur-Test/1.0")

    client.post(VOTE_URL, {"vote": "oui"})

    vote = Vote.objects.get()
    stored = " ".join(str(getattr(vote, field.attname)) for field in Vote._meta.fields)
    assert "203.0.113.7" not in stored
    assert "Navigateur" not in stored
    assert len(vote.visitor) == 64
    assert vote.visitor != client.session["visitor"]


def test_database_keeps_one_vote_per_visitor_and_entry(small_corpus):
    entry = Vote._meta.get_field("entry").related_model.objects.get(slug="solde-du-financement")
    vote_cast(entry=entry, visitor="a" * 64, value="yes")

    with pytest.raises(IntegrityError):
        Vote.objects.create(entry=entry, visitor="a" * 64, value="no")


def test_vote_count_agrees_in_french_when_nobody_found_it_useful(client, small_corpus):
    Client().post(VOTE_URL, {"vote": "non"})

    content = client.get("/questions/solde-du-financement/").content.decode()

    assert "0 lecteur sur 1 a trouvé cette réponse utile." in content


def test_a_vote_sent_without_reload_gets_back_its_block_and_an_announcement(client, small_corpus):
    response = client.post(VOTE_URL, {"vote": "non", "next": "/"}, HTTP_HX_REQUEST="true")

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith(
        '<div class="segurfaq-vote-block" id="avis-solde-du-financement">'
    )
    assert "Pourquoi cette réponse ne vous a-t-elle pas aidé ?" in content
    assert 'id="annonce"' in content and 'data-hx-swap-oob="true"' in content
    assert Vote.objects.get().value == "no"


REASON_URL = "/questions/solde-du-financement/avis/raison/"


def test_an_explanation_without_a_reason_comes_back_with_what_to_fix_and_the_comment(
    client, small_corpus
):
    client.post(VOTE_URL, {"vote": "non"})

    response = client.post(REASON_URL, {"comment": "Le montant de 2026 manque."})

    content = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<title>\s*Erreur : avis non enregistré", content)
    assert 'id="erreurs"' in content and "autofocus" in content
    assert '<a href="#raison-solde-du-financement">Choisissez une raison.</a>' in content
    assert "fr-fieldset--error" in content
    assert ">Le montant de 2026 manque.</textarea>" in content  # nothing typed is lost
    assert Vote.objects.get().reason == ""


def test_a_refused_explanation_sent_without_reload_comes_back_in_its_block(client, small_corpus):
    client.post(VOTE_URL, {"vote": "non"})

    response = client.post(
        REASON_URL, {"comment": "Le montant de 2026 manque."}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert response.status_code == 200  # htmx swaps the block with its errors
    assert "<html" not in content
    assert 'id="avis-solde-du-financement"' in content
    assert "Choisissez une raison." in content
    assert ">Le montant de 2026 manque.</textarea>" in content
