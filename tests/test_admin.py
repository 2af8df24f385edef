from segurfaq.faq.models import Entry


def test_admin_requires_login(client, db):
    response = client.get("/admin/faq/entry/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_is_in_french(admin_client, small_corpus):
    content = admin_client.get("/admin/faq/entry/").content.decode()

    assert "Sélectionnez" in content
    assert "questions / réponses" in content


def test_editor_publishes_a_new_entry_from_the_admin(admin_client, small_corpus):
    response = admin_client.post(
        "/admin/faq/entry/add/",
        {
            "question": "Le bon de commande est-il signé par l'établissement ?",
            "slug": "bon-de-commande-signe",
            "status": "published",
            "answer_source": 'Oui.<script>alert("x")</script>',
            "values": [],
            "tags": "bon de commande, signature",
            "editor_note": "",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-0-label": "Guide",
            "links-0-url": "https://example.org/bon",
            "links-0-order": "0",
        },
    )

    assert response.status_code == 302
    entry = Entry.objects.get(slug="bon-de-commande-signe")
    assert entry.answer == "<p>Oui.</p>"
    assert entry.tags == ["bon de commande", "signature"]
    assert entry.published_at is not None
    assert entry.links.get().url == "https://example.org/bon"
    assert admin_client.get("/questions/bon-de-commande-signe/").status_code == 200


def test_admin_refuses_to_publish_without_a_question(admin_client, small_corpus):
    response = admin_client.post(
        "/admin/faq/entry/add/",
        {
            "question": "",
            "slug": "sans-question",
            "status": "published",
            "answer_source": "Oui.",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Une question / réponse publiée doit avoir une question." in response.content.decode()
    assert not Entry.objects.filter(slug="sans-question").exists()


def test_the_change_form_shows_tags_as_one_comma_separated_line(admin_client, small_corpus):
    entry = Entry.objects.get(slug="solde-du-financement")
    entry.tags = ["solde", "ASP"]
    entry.save()

    content = admin_client.get(f"/admin/faq/entry/{entry.pk}/change/").content.decode()

    assert 'value="solde, ASP"' in content


def test_a_writer_without_the_publish_permission_gets_a_form_error_not_a_refusal(
    client, small_corpus, django_user_model
):
    from django.contrib.auth.models import Permission

    writer = django_user_model.objects.create_user("stagiaire", password="x" * 12, is_staff=True)
    writer.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="faq", codename__in=["add_entry", "change_entry", "view_entry"]
        )
    )
    client.force_login(writer)

    response = client.post(
        "/admin/faq/entry/add/",
        {
            "question": "Une instance de recette compte-t-elle ?",
            "slug": "instance-de-recette",
            "status": "published",
            "answer_source": "Non.",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Vous n&#x27;avez pas le droit de publier" in response.content.decode()
    assert not Entry.objects.filter(slug="instance-de-recette").exists()
