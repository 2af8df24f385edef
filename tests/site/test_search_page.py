import re

import pytest

from segurfaq import process_state
from segurfaq.faq.models import Entry
from segurfaq.faq.selectors import QUERY_MAX_LENGTH
from segurfaq.faq.services import entry_save
from segurfaq.search import index
from segurfaq.search.models import EntryEmbedding, SearchLog


def listed_slugs(response) -> list[str]:
    return re.findall(
        r'<section class="fr-accordion" id="entree-([a-z0-9-]+)"', response.content.decode()
    )


@pytest.mark.semantic
def test_a_question_in_the_readers_words_lists_the_right_entry_first(client, default_content):
    response = client.get("/", {"q": "comment creer l'ins d'un bebe"})

    assert listed_slugs(response)[0] == "creer-l-ins-d-un-nouveau-ne"
    assert "Aucune réponse ne correspond vraiment" not in response.content.decode()


def test_matched_words_are_highlighted(client, default_content):
    content = client.get("/", {"q": "datamatrix obligatoire"}).content.decode()

    assert "<mark>datamatrix</mark>" in content


def test_facet_filters_still_apply_to_a_question(client, default_content):
    response = client.get("/", {"q": "alimenter le DMP", "couloir": "biologie-medicale"})

    assert listed_slugs(response)
    for slug in listed_slugs(response):
        entry = Entry.objects.get(slug=slug)
        assert entry.values.filter(slug__in=["biologie-medicale", "sgl"]).exists()


def test_facet_counts_follow_the_question(client, default_content):
    everything = client.get("/").content.decode()
    asked = client.get("/", {"q": "datamatrix ordonnance"}).content.decode()

    def count(content, facet, value):
        pattern = rf'id="n-{facet}-{value}">\((\d+)\)'
        match = re.search(pattern, content)
        return int(match.group(1)) if match else 0

    assert count(asked, "produit", "ins") < count(everything, "produit", "ins")


def test_a_question_no_entry_answers_says_so_and_invites_to_ask(client, default_content):
    content = client.get("/", {"q": "recette de la tarte aux pommes"}).content.decode()

    assert "Aucune réponse ne correspond vraiment à votre question" in content
    assert 'href="/poser-une-question/?q=recette+de+la+tarte+aux+pommes"' in content


def test_the_ask_page_keeps_the_readers_question(client, db):
    content = client.get("/poser-une-question/", {"q": "ma <question>"}).content.decode()

    assert "ma &lt;question&gt;" in content


def test_a_typo_correction_is_shown(client, default_content):
    content = client.get("/", {"q": "datamatrics ordonnance"}).content.decode()

    assert "« <strong>datamatrix</strong> » au lieu de « datamatrics »" in content


@pytest.mark.semantic
def test_each_search_is_logged_without_personal_data(client, default_content):
    client.get(
        "/",
        {"q": "Comment créer l'INS d'un nouveau-né ?", "theme": "identitovigilance"},
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT="Lecteur/2.0",
    )

    log = SearchLog.objects.get()
    assert log.normalized_query == "creer ins nouveau"
    assert log.filters == {"theme": ["identitovigilance"]}
    assert log.top_entry.slug == "creer-l-ins-d-un-nouveau-ne"
    assert log.result_count >= 1
    assert 0.5 <= log.confidence <= 1
    assert not log.low_confidence
    assert log.source == "page"
    stored = " ".join(str(getattr(log, f.attname)) for f in SearchLog._meta.fields)
    assert "198.51.100.4" not in stored
    assert "Lecteur" not in stored


def test_browsing_without_a_question_or_to_a_later_page_logs_nothing(client, default_content):
    client.get("/")
    client.get("/", {"q": "INS", "page": "2"})

    assert not SearchLog.objects.exists()


def test_an_edited_entry_is_searchable_without_a_restart(client, default_content):
    before = client.get("/", {"q": "téléconsultation vidéo"})
    assert "Aucune réponse ne correspond vraiment" in before.content.decode()
    entry = Entry.objects.get(slug="authentification-nominative-des-professionnels")
    entry.question = "Comment sécuriser la téléconsultation vidéo ?"
    entry_save(entry=entry, content_changed=True)

    after = client.get("/", {"q": "téléconsultation vidéo"})

    assert listed_slugs(after)[0] == "authentification-nominative-des-professionnels"


def test_an_unpublished_entry_leaves_the_results(client, default_content):
    assert (
        listed_slugs(client.get("/", {"q": "datamatrix"}))[0]
        == "datamatrix-ins-sur-les-ordonnances"
    )
    entry = Entry.objects.get(slug="datamatrix-ins-sur-les-ordonnances")
    entry.status = Entry.Status.ARCHIVED
    entry_save(entry=entry, content_changed=False)

    assert "datamatrix-ins-sur-les-ordonnances" not in listed_slugs(
        client.get("/", {"q": "datamatrix"})
    )


@pytest.mark.semantic
def test_embeddings_are_stored_and_not_recomputed_by_a_new_process(default_content, monkeypatch):
    index.current_engine()
    assert EntryEmbedding.objects.count() == 19

    calls = []
    embedder = index.shared_embedder()
    for method in ("embed_passages", "embed_queries"):
        original = getattr(embedder, method)
        monkeypatch.setattr(
            embedder,
            method,
            lambda texts, original=original: calls.append(len(texts)) or original(texts),
        )
    process_state.forget_all()  # what a fresh process starts with
    index.current_engine()

    assert calls == []


def test_detail_page_lists_close_questions(client, default_content):
    content = client.get(
        "/questions/qualification-de-l-ins-par-chaque-professionnel/"
    ).content.decode()

    assert "Questions proches" in content
    related = re.findall(r'<a href="/questions/([a-z0-9-]+)/">', content)
    assert related
    assert "qualification-de-l-ins-par-chaque-professionnel" not in related


@pytest.mark.parametrize(
    ("query", "status"),
    [("<script>alert(1)</script>", 200), ("' OR 1=1 --", 200), ("é" * 501, 400)],
)
def test_hostile_or_long_questions_are_answered_safely(client, default_content, query, status):
    response = client.get("/", {"q": query})

    assert response.status_code == status
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_glossary_term_added_by_an_editor_feeds_the_engine(admin_client, default_content):
    response = admin_client.post(
        "/admin/search/glossaryterm/add/",
        {
            "acronym": "TLC",
            "expansion": "téléconsultation",
            "variants": "visio, consultation vidéo",
        },
    )
    assert response.status_code == 302

    engine = index.current_engine()

    assert "#tlc" in engine.analyze("une consultation vidéo").weights


def test_a_long_answer_shows_the_passage_that_matched_under_its_question(client, default_content):
    content = client.get(
        "/", {"q": "qualification automatique avec l'appli carte vitale"}
    ).content.decode()

    snippet = re.search(r'<p class="[^"]*segurfaq-passage">(.*?)</p>', content, re.S).group(1)
    assert "Passage de la réponse le plus proche de votre question" in snippet
    assert "<mark>carte</mark> <mark>vitale</mark> permettra une <mark>qualification</mark>" in (
        snippet
    )


@pytest.mark.semantic
def test_a_confident_first_answer_is_shown_open_as_the_best_and_a_doubtful_one_is_not(
    client, default_content
):
    content = client.get("/", {"q": "comment créer l'INS d'un nouveau-né"}).content.decode()

    sections = content.split('<section class="fr-accordion" id="entree-')[1:]
    assert "Meilleure réponse" in sections[0]
    assert 'aria-expanded="true"' in sections[0]
    assert all("Meilleure réponse" not in s and 'aria-expanded="false"' in s for s in sections[1:])

    doubtful = client.get("/", {"q": "recette de la tarte aux pommes"}).content.decode()
    assert "Meilleure réponse" not in doubtful


def test_the_keyword_box_lets_a_reader_type_as_much_as_the_engine_reads(client, db):
    content = client.get("/").content.decode()

    assert re.search(rf'id="id_q"[^>]*maxlength="{QUERY_MAX_LENGTH}"', content, re.S)
