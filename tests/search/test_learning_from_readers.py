"""What readers do after a search teaches the service: useful answers propose the
reader's wording to editors; a "Non" or a new search at once counts as no good answer."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from segurfaq.analytics.selectors import DashboardFilters, Period, unanswered_searches
from segurfaq.faq.models import Entry
from segurfaq.search.models import SearchLog, WordingCandidate

ENTRY = "solde-du-financement"
QUESTION = "date de versement du reliquat de l'aide"


def _search(client, query: str, **headers) -> str:
    content = client.get("/", {"q": query}, **headers).content.decode()
    return re.search(r'data-recherche="([^"]+)"', content).group(1)


def _vote(client, token: str, value: str = "oui", slug: str = ENTRY):
    return client.post(f"/questions/{slug}/avis/", {"vote": value, "recherche": token, "next": "/"})


def _dashboard():
    return DashboardFilters(period=Period.last_days(30), value=None)


def test_a_yes_after_a_search_proposes_the_reader_s_wording_to_the_editors(client, small_corpus):
    token = _search(client, QUESTION)

    _vote(client, token)

    log = SearchLog.objects.get()
    candidate = WordingCandidate.objects.get()
    assert log.outcome == "helpful" and log.opened_entry.slug == ENTRY
    assert candidate.entry.slug == ENTRY
    assert (candidate.example, candidate.count, candidate.status) == (QUESTION, 1, "pending")


def test_the_same_wording_from_other_readers_is_counted_once_each(small_corpus):
    for address in ("192.0.2.1", "198.51.100.2", "203.0.113.3", "192.0.2.1"):
        reader = Client(REMOTE_ADDR=address)
        _vote(reader, _search(reader, QUESTION))

    assert WordingCandidate.objects.get().count == 3


def test_the_result_links_and_votes_carry_the_search_and_opening_an_answer_records_it(
    client, small_corpus
):
    content = client.get("/", {"q": QUESTION}).content.decode()
    token = re.search(r'data-recherche="([^"]+)"', content).group(1)

    page = client.get(f"/questions/{ENTRY}/", {"recherche": token}).content.decode()

    assert f"/questions/{ENTRY}/?recherche={token}" in content
    assert f'name="recherche" value="{token}"' in content
    assert SearchLog.objects.get().outcome == "opened"
    assert f'data-recherche="{token}"' in page and 'data-lecture="/recherche/lue/"' in page


def test_an_answer_kept_in_view_is_read_and_proposes_the_wording(client, small_corpus):
    token = _search(client, QUESTION)

    response = client.post("/recherche/lue/", {"recherche": token, "entree": ENTRY})

    assert response.status_code == 204
    assert SearchLog.objects.get().outcome == "read"
    assert WordingCandidate.objects.get().example == QUESTION


def test_a_no_after_a_confident_search_counts_as_without_a_good_answer(client, small_corpus):
    token = _search(client, "Quand le solde du financement est-il versé ?")
    assert not SearchLog.objects.get().low_confidence

    _vote(client, token, "non")

    assert SearchLog.objects.get().outcome == "unhelpful"
    assert [g.count for g in unanswered_searches(filters=_dashboard())] == [1]
    assert not WordingCandidate.objects.exists()


def test_a_new_search_at_once_marks_the_first_one_but_typing_on_does_not(client, small_corpus):
    first = _search(client, "solde")
    _search(client, "solde du financement", HTTP_X_SEGURFAQ_RECHERCHE=first)
    kept = SearchLog.objects.order_by("id").first()
    third = _search(client, "versement aide ASP", HTTP_X_SEGURFAQ_RECHERCHE=first)

    assert kept.outcome == ""  # "solde" went on being typed
    assert SearchLog.objects.order_by("id").first().outcome == "reformulated"
    assert third


@pytest.mark.parametrize("token", ["", "1", "forged:signature"])
def test_a_missing_or_forged_search_token_changes_nothing(client, small_corpus, token):
    _search(client, QUESTION)

    _vote(client, token)
    client.post("/recherche/lue/", {"recherche": token, "entree": ENTRY})

    assert SearchLog.objects.get().outcome == ""
    assert not WordingCandidate.objects.exists()


def test_a_wording_the_entry_already_has_is_not_proposed(client, small_corpus):
    Entry.objects.filter(slug=ENTRY).update(wordings=[QUESTION])

    _vote(client, _search(client, QUESTION))

    assert not WordingCandidate.objects.exists()


def test_an_editor_adds_a_proposed_wording_in_one_click(editor_client, client, small_corpus):
    _vote(client, _search(client, QUESTION))
    candidate = WordingCandidate.objects.get()
    listing = editor_client.get("/admin/search/wordingcandidate/").content.decode()

    response = editor_client.post(
        "/admin/search/wordingcandidate/",
        {"action": "accept", "_selected_action": [candidate.pk]},
        follow=True,
    )

    entry = Entry.objects.get(slug=ENTRY)
    assert escape(QUESTION) in listing
    assert "1 formulation(s) ajoutée(s)" in response.content.decode()
    assert entry.wordings == [QUESTION]
    assert entry.history.first().wordings == [QUESTION]
    assert entry.history.first().history_user.username == "redactrice"
    assert client.get("/api/v1/search", {"q": "reliquat"}).json()["results"][0]["slug"] == ENTRY
    assert WordingCandidate.objects.get().status == "added"


def test_a_dismissed_wording_leaves_the_list_to_examine(editor_client, client, small_corpus):
    _vote(client, _search(client, QUESTION))
    candidate = WordingCandidate.objects.get()

    editor_client.post(
        "/admin/search/wordingcandidate/",
        {"action": "dismiss", "_selected_action": [candidate.pk]},
    )

    listing = editor_client.get("/admin/search/wordingcandidate/").content.decode()
    assert escape(QUESTION) not in listing
    assert Entry.objects.get(slug=ENTRY).wordings == []
