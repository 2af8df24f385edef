"""Points 6 and 7: no stranger can lock an editor out, and a copied session ends with the
editor's."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from segurfaq import process_state

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "mot de passe de test 2025"


def _login(client: Client, password: str = PASSWORD):
    return client.post(LOGIN, {"username": "redactrice", "password": password})


def _signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


@pytest.fixture
def clock(monkeypatch):
    """The back office's clock, moved by the test."""
    now = [timezone.now()]

    def moved(**delta):
        now[0] += timedelta(**delta)

    for module in ("segurfaq.accounts.lockouts", "segurfaq.accounts.sessions"):
        monkeypatch.setattr(f"{module}.timezone.now", lambda: now[0])
    return moved


def test_failures_from_a_strangers_address_do_not_lock_the_editor_out(editor):
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(10):
        _login(stranger, "mauvais")

    assert "Trop de tentatives" in _login(stranger).content.decode()
    office = Client(REMOTE_ADDR="192.0.2.10")
    assert _login(office).status_code == 302
    assert _signed_in(office)


def test_a_lockout_holds_for_every_worker_even_without_a_shared_cache(editor):
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        _login(stranger, "mauvais")

    # Another worker: nothing of this process's memory, nothing in its local cache.
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
    process_state.forget_all()

    refused = _login(stranger)
    assert refused.status_code == 200
    assert "Trop de tentatives" in refused.content.decode()


def test_each_failure_after_a_lockout_doubles_the_wait(editor, clock):
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(5):
        _login(stranger, "mauvais")
    assert "1 minute" in _login(stranger, "mauvais").content.decode()

    clock(minutes=1, seconds=5)
    assert "2 minutes" in _login(stranger, "mauvais").content.decode()
    clock(minutes=1, seconds=5)
    assert "Trop de tentatives" in _login(stranger).content.decode()
    clock(minutes=1)
    assert _login(stranger).status_code == 302


def test_logging_out_ends_every_copy_of_the_session(editor):
    editor_browser = Client()
    _login(editor_browser)
    thief = Client()
    name = settings.SESSION_COOKIE_NAME
    thief.cookies[name] = editor_browser.cookies[name].value
    assert _signed_in(thief)

    editor_browser.post("/admin/logout/")

    assert not _signed_in(thief)
    assert thief.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_session_ends_after_two_idle_hours_and_twelve_hours_at_most(editor, clock):
    idle = Client()
    _login(idle)
    clock(hours=2, minutes=1)
    assert not _signed_in(idle)

    busy = Client()
    _login(busy)
    for _ in range(12):
        assert _signed_in(busy)
        clock(hours=1)
    clock(minutes=1)
    assert not _signed_in(busy)


def test_the_staff_session_cookie_lasts_the_session_not_a_year(editor):
    response = _login(Client())

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"] or 0) <= 12 * 3600


def test_changing_the_password_ends_the_users_other_sessions(editor):
    laptop, phone = Client(), Client()
    _login(laptop)
    _login(phone)
    new_password = "un tout autre mot de passe 2026"

    response = laptop.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )

    assert response.status_code == 302
    assert _signed_in(laptop)
    assert not _signed_in(phone)


def test_a_patient_guesser_waits_an_hour_at_most_and_never_breaks_the_lockout(editor, clock):
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(60):
        clock(hours=1, seconds=1)  # each wait over, as a patient guesser would
        refused = _login(stranger, "mauvais")
        assert refused.status_code == 200
    # The sixtieth failure from one address (the address's own count is far past its free
    # failures too): an hour's wait, not a server error that would stop counting.
    assert "60 minutes" in refused.content.decode()
    assert "Trop de tentatives" in _login(stranger).content.decode()


def test_an_empty_password_is_an_attempt_and_does_not_reset_the_count(editor):
    stranger = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(4):
        _login(stranger, "mauvais")
    _login(stranger, "")

    assert "Trop de tentatives" in _login(stranger).content.decode()
