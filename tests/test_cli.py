import io
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError


def test_segurfaq_command_lists_the_project_commands():
    result = subprocess.run(
        [sys.executable, "-m", "segurfaq", "help"], capture_output=True, text=True, check=True
    )

    for command in ["serve", "import", "export", "createadmin"]:
        assert command in result.stdout


def test_createadmin_creates_an_administrator_who_can_log_in(db, client, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("un mot de passe solide 2025\n"))

    call_command("createadmin", "redaction", stdout=io.StringIO())

    assert get_user_model().objects.get(username="redaction").is_superuser
    assert client.login(username="redaction", password="un mot de passe solide 2025")
    assert client.get("/admin/").status_code == 200


def test_createadmin_refuses_a_weak_password_and_creates_nothing(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))

    with pytest.raises(CommandError, match="Mot de passe refusé"):
        call_command("createadmin", "redaction", stdout=io.StringIO())

    assert not get_user_model().objects.exists()


def test_serve_given_a_port_alone_listens_on_the_loopback_and_says_where(db, monkeypatch):
    served = []
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.handle",
        lambda self, *args, **options: served.append(options["addrport"]),
    )
    out = io.StringIO()

    call_command("serve", "8765", stdout=out)

    assert served == ["127.0.0.1:8765"]
    assert "http://127.0.0.1:8765/" in out.getvalue()


def test_serve_leaves_no_lock_file_in_the_working_directory(db, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(
        "django.core.management.commands.runserver.Command.handle",
        lambda self, *args, **options: None,
    )

    call_command("serve", "8765", stdout=io.StringIO())

    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("address", ["huit", "127.0.0.1:99999", "127.0.0.1:"])
def test_serve_refuses_an_address_it_cannot_listen_on_and_says_what_to_give(db, address):
    with pytest.raises(CommandError, match="donnez un port"):
        call_command("serve", address, stdout=io.StringIO())
