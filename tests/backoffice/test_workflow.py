import pytest
from django.contrib.auth import get_user_model

from segurfaq.faq.models import Entry
from segurfaq.faq.services import WorkflowError, entry_save, entry_transition


@pytest.fixture
def draft(small_corpus):
    return Entry.objects.get(slug="brouillon-officine")


def test_publishing_a_draft_stamps_its_publication_but_not_a_content_update(draft, editor):
    updated_before = draft.updated_at

    entry_transition(entry=draft, status="published", user=editor)

    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.published_at is not None
    assert draft.updated_at == updated_before


def test_changing_the_answer_stamps_the_last_update(small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    before = entry.updated_at
    entry.answer_source = "Le solde est versé **après** la vérification."

    entry_save(entry=entry, content_changed=True)

    entry.refresh_from_db()
    assert entry.updated_at > before
    assert entry.answer == "<p>Le solde est versé <strong>après</strong> la vérification.</p>"


def test_an_archived_entry_leaves_the_public_site(client, small_corpus, editor):
    entry = Entry.objects.get(slug="solde-du-financement")

    entry_transition(entry=entry, status="archived", user=editor)

    assert client.get("/questions/solde-du-financement/").status_code == 404


def test_a_user_without_the_publish_permission_cannot_publish(draft):
    writer = get_user_model().objects.create_user("stagiaire", is_staff=True)

    with pytest.raises(WorkflowError, match="pas le droit"):
        entry_transition(entry=draft, status="published", user=writer)

    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_entry_without_question_cannot_be_published(small_corpus, editor):
    entry = Entry.objects.create(slug="sans-question", answer_source="R", answer="<p>R</p>")

    with pytest.raises(WorkflowError, match="question"):
        entry_transition(entry=entry, status="published", user=editor)


def test_editors_publish_from_the_list_with_an_action(editor_client, draft):
    response = editor_client.post(
        "/admin/faq/entry/",
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.status == "published"
    assert "1 publiée(s)." in response.content.decode()


def test_editors_can_edit_but_not_delete_entries(editor_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")

    assert editor_client.get(f"/admin/faq/entry/{entry.pk}/change/").status_code == 200
    assert editor_client.get(f"/admin/faq/entry/{entry.pk}/delete/").status_code == 403


def test_review_filter_lists_entries_past_their_review_date(editor_client, small_corpus):
    Entry.objects.filter(slug="ins-au-dpi").update(review_by="2020-01-01")

    content = editor_client.get("/admin/faq/entry/?relecture=depassee").content.decode()

    assert "Le DPI doit-il afficher l" in content
    assert "Quand le solde du financement" not in content


def test_pinned_entries_come_first_on_the_public_list(client, small_corpus):
    Entry.objects.filter(slug="ins-au-laboratoire").update(pinned=True)

    content = client.get("/").content.decode()

    assert content.index('id="entree-ins-au-laboratoire"') < content.index(
        'id="entree-solde-du-financement"'
    )


def test_the_answer_preview_is_sanitized_markdown(editor_client, db):
    response = editor_client.post(
        "/admin/faq/entry/apercu/", {"source": "- un\n- **deux**\n\n<script>x()</script>"}
    )

    assert response.json()["html"] == "<ul>\n<li>un</li>\n<li><strong>deux</strong></li>\n</ul>"


def test_closest_entries_are_suggested_while_writing_a_question(editor_client, default_content):
    response = editor_client.get(
        "/admin/faq/entry/proches/", {"q": "délai pour l'INS d'un nouveau-né"}
    )

    results = response.json()["results"]
    assert results[0]["question"] == "Comment créer l'INS d'un nouveau-né ?"
    assert {"id", "question", "status", "score"} <= set(results[0])


def test_duplicate_suggestions_include_drafts(editor_client, small_corpus):
    response = editor_client.get("/admin/faq/entry/proches/", {"q": "question encore en rédaction"})

    assert "Question encore en rédaction" in [r["question"] for r in response.json()["results"]]


def test_back_office_endpoints_require_login(client, db):
    assert client.get("/admin/faq/entry/proches/?q=INS").status_code == 302
    assert client.post("/admin/faq/entry/apercu/", {"source": "x"}).status_code == 302
