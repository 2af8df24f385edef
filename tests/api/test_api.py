import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from segurfaq.faq.models import Entry
from segurfaq.faq.services import entry_save
from segurfaq.feedback.models import Vote
from segurfaq.inquiries.models import ReaderQuestion
from segurfaq.search.models import SearchLog

API = "/api/v1"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def error_of(response):
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "request_id"}
    assert body["error"]["request_id"] == response["X-Request-ID"]
    return {key: value for key, value in body["error"].items() if key != "request_id"}


def test_entries_are_listed_with_pagination(client, default_content):
    first = client.get(f"{API}/entries", {"page_size": 10}).json()
    second = client.get(f"{API}/entries", {"page_size": 10, "page": 2}).json()

    assert first["count"] == 19
    assert first["pages"] == 2
    assert len(first["results"]) == 10 and len(second["results"]) == 9
    entry = first["results"][0]
    assert entry["url"].startswith("http://testserver/questions/")
    assert {"slug", "question", "answer_html", "answer_text", "values", "links"} <= set(entry)


def test_entries_use_the_same_filters_as_the_page(client, default_content):
    page = client.get("/", {"couloir": "hopital", "produit": "ins"}).content.decode()
    api = client.get(f"{API}/entries", {"couloir": "hopital", "produit": "ins"}).json()

    assert api["count"] == 1
    assert f"{api['count']} question / réponse" in page
    assert api["results"][0]["slug"] == "creer-l-ins-d-un-nouveau-ne"


def test_entries_updated_since_a_date(client, default_content):
    entry = Entry.objects.get(slug="datamatrix-ins-sur-les-ordonnances")
    entry.answer_source += "\n\nPrécision ajoutée."
    entry_save(entry=entry, content_changed=True)

    recent = client.get(f"{API}/entries", {"updated_since": "2026-01-01"}).json()

    assert [e["slug"] for e in recent["results"]] == ["datamatrix-ins-sur-les-ordonnances"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"couloir": "lune"}, "unknown_filter"),
        ({"page_size": 500}, "invalid"),
        ({"page": 0}, "invalid"),
        ({"updated_since": "hier"}, "invalid"),
    ],
)
def test_bad_list_parameters_get_one_error_format(client, default_content, params, code):
    response = client.get(f"{API}/entries", params)

    assert response.status_code == 400
    assert error_of(response)["code"] == code


def test_one_entry_and_an_unknown_one(client, default_content):
    found = client.get(f"{API}/entries/creer-l-ins-d-un-nouveau-ne")
    missing = client.get(f"{API}/entries/inconnue")

    assert found.json()["question"] == "Comment créer l'INS d'un nouveau-né ?"
    assert missing.status_code == 404
    assert error_of(missing) == {
        "code": "not_found",
        "message": "Cette question / réponse n'existe pas ou n'est plus publiée.",
    }


@pytest.mark.semantic
def test_search_ranks_with_the_engine_and_is_logged(client, default_content):
    body = client.get(f"{API}/search", {"q": "combien de flux dans la presta", "limit": 3}).json()

    assert body["results"][0]["slug"] == "connecteurs-inclus-dans-la-prestation-segur"
    assert not body["low_confidence"]
    assert 0 <= body["results"][0]["confidence"] <= 1
    assert SearchLog.objects.get().source == "api"


def test_search_says_when_nothing_answers(client, default_content):
    body = client.get(f"{API}/search", {"q": "recette de la tarte aux pommes"}).json()

    assert body["low_confidence"] is True


def test_facets_are_counted_for_a_question_and_filters(client, default_content):
    facets = client.get(f"{API}/facets", {"q": "INS", "couloir": "hopital"}).json()

    couloir = next(f for f in facets if f["slug"] == "couloir")
    assert couloir["prompt"] == "Votre question concerne quel couloir Ségur ?"
    hopital = next(v for v in couloir["values"] if v["slug"] == "hopital")
    assert hopital["selected"] is True
    dpi = next(
        v for f in facets if f["slug"] == "dispositif" for v in f["values"] if v["slug"] == "dpi"
    )
    assert dpi["parent"] == "couloir/hopital"


def test_a_vote_is_counted_changed_and_explained(client, default_content):
    url = f"{API}/entries/datamatrix-ins-sur-les-ordonnances/votes"

    client.post(
        url, {"value": "yes", "visitor": "outil-editeur-42"}, content_type="application/json"
    )
    body = client.post(
        url,
        {
            "value": "no",
            "reason": "outdated",
            "comment": "Voir 2026",
            "visitor": "outil-editeur-42",
        },
        content_type="application/json",
    ).json()

    assert body == {
        "entry": "datamatrix-ins-sur-les-ordonnances",
        "value": "no",
        "reason": "outdated",
        "yes": 0,
        "no": 1,
    }
    vote = Vote.objects.get()
    assert "outil-editeur-42" not in vote.visitor


@pytest.mark.parametrize(
    ("payload", "status"),
    [({"value": "peut-etre"}, 400), ({}, 400), ({"value": "yes", "reason": "unclear"}, 400)],
)
def test_bad_votes_are_refused_in_one_format(client, default_content, payload, status):
    response = client.post(
        f"{API}/entries/datamatrix-ins-sur-les-ordonnances/votes",
        payload,
        content_type="application/json",
    )

    assert response.status_code == status
    error_of(response)
    assert not Vote.objects.exists()


def test_a_vote_on_an_unknown_entry_is_404(client, default_content):
    response = client.post(
        f"{API}/entries/nulle-part/votes", {"value": "yes"}, content_type="application/json"
    )

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@override_settings(SEGURFAQ_API_WRITES_PER_MINUTE=3)
def test_writes_are_rate_limited_with_retry_after(default_content, one_rate_window):
    client = Client()
    url = f"{API}/entries/datamatrix-ins-sur-les-ordonnances/votes"
    statuses = [
        client.post(url, {"value": "yes"}, content_type="application/json").status_code
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    limited = client.post(url, {"value": "yes"}, content_type="application/json")
    assert error_of(limited)["code"] == "rate_limited"
    assert 0 < int(limited["Retry-After"]) <= 61


def test_a_question_is_received(client, default_content):
    response = client.post(
        f"{API}/questions",
        {
            "question": "Quel format pour les comptes rendus d'imagerie ?",
            "values": ["couloir/imagerie"],
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    stored = ReaderQuestion.objects.get(pk=response.json()["id"])
    assert [v.slug for v in stored.values.all()] == ["imagerie"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"question": "Une question assez longue ?", "values": ["couloir/lune"]}, "unknown_filter"),
        ({"question": "Une question assez longue ?", "email": "a@b.fr"}, "consent_required"),
        ({"question": "Court"}, "invalid"),
        (
            {
                "question": "Une question assez longue ?",
                "email": "pas-une-adresse",
                "consent": True,
            },
            "invalid",
        ),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_kept(client, default_content, payload, code):
    response = client.post(f"{API}/questions", payload, content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == code
    assert not ReaderQuestion.objects.exists()


def test_reads_answer_conditional_requests(client, default_content):
    first = client.get(f"{API}/entries/creer-l-ins-d-un-nouveau-ne")
    etag, modified = first["ETag"], first["Last-Modified"]

    assert (
        client.get(
            f"{API}/entries/creer-l-ins-d-un-nouveau-ne", HTTP_IF_NONE_MATCH=etag
        ).status_code
        == 304
    )
    assert (
        client.get(
            f"{API}/entries/creer-l-ins-d-un-nouveau-ne", HTTP_IF_MODIFIED_SINCE=modified
        ).status_code
        == 304
    )

    entry = Entry.objects.get(slug="creer-l-ins-d-un-nouveau-ne")
    entry.answer_source += "\n\nMis à jour."
    entry_save(entry=entry, content_changed=True)
    again = client.get(f"{API}/entries/creer-l-ins-d-un-nouveau-ne", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert again["ETag"] != etag


def test_cors_is_open_for_reads_only(client, default_content):
    read = client.get(f"{API}/entries")
    preflight = client.options(
        f"{API}/entries",
        HTTP_ORIGIN="https://outil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    write = client.post(
        f"{API}/questions",
        {"question": "Une question assez longue ?"},
        content_type="application/json",
    )

    assert read["Access-Control-Allow-Origin"] == "*"
    assert preflight.status_code == 204
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in write


def test_unknown_addresses_and_methods_get_the_error_format(client, db):
    unknown = client.get(f"{API}/nulle-part")
    wrong_method = client.delete(f"{API}/entries")

    assert unknown.status_code == 404 and error_of(unknown)["code"] == "not_found"
    assert (
        wrong_method.status_code == 405 and error_of(wrong_method)["code"] == "method_not_allowed"
    )


def test_openapi_and_its_docs_are_served_locally(client, db):
    spec = client.get(f"{API}/openapi.json").json()
    docs = client.get(f"{API}/docs").content.decode()

    assert set(spec["paths"]) == {
        "/api/v1/entries",
        "/api/v1/entries/{slug}",
        "/api/v1/search",
        "/api/v1/facets",
        "/api/v1/entries/{slug}/votes",
        "/api/v1/questions",
        "/api/v1/subscriptions",
        "/api/v1/export/entries.csv",
    }
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "https://" not in docs.split("<body")[0]


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        (f"{API}/questions", {"question": "Une question\x00 assez longue ?"}),
        (
            f"{API}/entries/datamatrix-ins-sur-les-ordonnances/votes",
            {"value": "no", "comment": "a\x00b"},
        ),
    ],
)
def test_nul_characters_are_refused_not_crashing_the_database(
    client, default_content, url, payload
):
    response = client.post(url, payload, content_type="application/json")

    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid"


def test_an_address_with_strange_characters_is_simply_not_found(client, default_content):
    assert client.get(f"{API}/entries/a%00b").status_code == 404


def test_write_limits_are_shared_through_redis_when_configured(
    default_content, one_rate_window, redis_caches, settings
):
    settings.SEGURFAQ_API_WRITES_PER_MINUTE = 2
    url = f"{API}/entries/datamatrix-ins-sur-les-ordonnances/votes"
    # Two "workers": two clients with their own process state, one shared Redis.
    statuses = [
        Client().post(url, {"value": "yes"}, content_type="application/json").status_code
        for _ in range(3)
    ]
    stored = redis_caches["default"]._redis._cache.get_client().keys("segurfaq-tests-*ratelimit*")

    assert statuses == [200, 200, 429]
    assert stored  # the counters lived in Redis


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        ("{pas du json", "invalid_json", "n'est pas du JSON valide"),
        ('{"value": "peut-être"}', "invalid", "« value » doit valoir 'yes' ou 'no'."),
        ("{}", "invalid", "« value » est obligatoire."),
        (
            '{"value": "yes", "visitor": "court"}',
            "invalid",
            "« visitor » doit compter au moins 8 caractères.",
        ),
    ],
)
def test_a_bad_vote_body_gets_a_french_message_naming_the_field_and_its_rule(
    client, default_content, body, code, message
):
    response = client.post(
        f"{API}/entries/datamatrix-ins-sur-les-ordonnances/votes",
        body,
        content_type="application/json",
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == code
    assert message in error["message"]
    assert "payload" not in error["message"]


def test_an_address_without_consent_is_refused_in_the_api_s_own_words(client, default_content):
    response = client.post(
        f"{API}/questions",
        {"question": "Une question assez longue ?", "email": "a@b.fr"},
        content_type="application/json",
    )

    error = response.json()["error"]
    assert error["code"] == "consent_required"
    assert "« consent »: true" in error["message"]
    assert "Cochez" not in error["message"]


def test_a_bad_query_parameter_is_named_with_its_rule(client, default_content):
    response = client.get(f"{API}/search", {"q": "ins", "limit": 500})

    assert response.status_code == 400
    assert "« limit » doit être au plus 50." in response.json()["error"]["message"]


def test_facet_filters_are_declared_in_the_openapi_document(client, small_corpus):
    document = client.get("/api/v1/openapi.json").json()

    for path in ("/api/v1/entries", "/api/v1/search", "/api/v1/facets"):
        declared = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        assert {"couloir", "dispositif", "theme"} <= declared.keys(), path
    couloir = declared["couloir"]
    assert couloir["schema"]["items"]["enum"] == ["hopital", "biologie-medicale", "officine"]
    assert couloir["description"].startswith("Votre question concerne quel couloir Ségur ?")
    one_entry = document["paths"]["/api/v1/entries/{slug}"]["get"].get("parameters", [])
    assert "couloir" not in {p["name"] for p in one_entry}


def test_a_facet_added_by_an_editor_is_declared_at_once(client, small_corpus):
    from segurfaq.faq.models import Facet

    Facet.objects.create(slug="public", label="Public", prompt="Pour quel public ?", order=9)

    document = client.get("/api/v1/openapi.json").json()

    names = {p["name"] for p in document["paths"]["/api/v1/entries"]["get"]["parameters"]}
    assert "public" in names


@pytest.mark.parametrize(
    ("path", "wrong", "accepted"),
    [
        ("/api/v1/entries", "couloirs=hopital", "page, page_size, updated_since, couloir"),
        ("/api/v1/entries", "q=INS", "page, page_size, updated_since, couloir"),
        ("/api/v1/search?q=INS", "limite=3", "q, limit, couloir, dispositif, theme"),
        ("/api/v1/entries/solde-du-financement", "format=json", "aucun"),
    ],
)
def test_an_unknown_parameter_is_refused_with_the_list_of_accepted_ones(
    client, small_corpus, path, wrong, accepted
):
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}{wrong}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unknown_parameter"
    assert error["message"].startswith(f"Paramètre inconnu : {wrong.split('=')[0]}.")
    assert accepted in error["message"]
