import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_an_editor_account_logs_in_to_the_back_office(client, editor):
    response = client.post(
        LOGIN, {"username": "redactrice", "password": "mot de passe de test 2025"}
    )

    assert response.status_code == 302
    content = client.get("/admin/").content.decode()
    assert "Questions / réponses" in content
    assert "Questions des lecteurs" in content
    assert "Tableau de bord" in content


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, editor):
    for _ in range(5):
        client.post(LOGIN, {"username": "redactrice", "password": "mauvais"})

    response = client.post(
        LOGIN, {"username": "redactrice", "password": "mot de passe de test 2025"}
    )

    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_createadmin_can_create_an_editor(db, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe solide 2025\n"))

    call_command("createadmin", "nouvelle", "--editor", stdout=io.StringIO())

    user = get_user_model().objects.get(username="nouvelle")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="Rédacteurs").exists()
    assert user.has_perm("faq.publish_entry")
