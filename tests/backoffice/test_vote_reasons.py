from segurfaq.feedback.models import Vote

VOTE = "/questions/solde-du-financement/avis/"
REASON = "/questions/solde-du-financement/avis/raison/"


def test_after_a_no_the_reader_may_say_why(client, small_corpus):
    client.post(VOTE, {"vote": "non"})

    page = client.get("/questions/solde-du-financement/").content.decode()
    assert "Pourquoi cette réponse ne vous a-t-elle pas aidé ?" in page
    response = client.post(
        REASON, {"reason": "outdated", "comment": "Le montant a changé <b>en 2025</b>"}
    )

    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.reason, vote.comment) == ("outdated", "Le montant a changé <b>en 2025</b>")


def test_a_yes_asks_no_reason_and_clears_a_previous_one(client, small_corpus):
    client.post(VOTE, {"vote": "non"})
    client.post(REASON, {"reason": "unclear"})

    client.post(VOTE, {"vote": "oui"})

    vote = Vote.objects.get()
    assert (vote.value, vote.reason, vote.comment) == ("yes", "", "")
    assert (
        "Pourquoi cette réponse"
        not in client.get("/questions/solde-du-financement/").content.decode()
    )


def test_a_reason_without_a_no_vote_is_refused(client, small_corpus):
    response = client.post(REASON, {"reason": "unclear"})

    assert response.status_code == 400
    assert "Répondez d&#x27;abord « Non »" in response.content.decode()


def test_unknown_reason_or_overlong_comment_is_refused(client, small_corpus):
    client.post(VOTE, {"vote": "non"})

    unknown = client.post(REASON, {"reason": "fâché"})
    overlong = client.post(REASON, {"reason": "unclear", "comment": "x" * 1001})

    assert unknown.status_code == overlong.status_code == 400
    assert "trop long" in overlong.content.decode()
    assert Vote.objects.get().reason == ""


def test_comments_are_escaped_where_editors_read_them(client, admin_client, small_corpus):
    client.post(VOTE, {"vote": "non"})
    client.post(REASON, {"reason": "incomplete", "comment": "<script>alert('x')</script>"})

    content = admin_client.get("/admin/analytics/entryview/").content.decode()

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in content
    assert "<script>alert('x')</script>" not in content
