"""Several instances of the service on one database and one Redis, as on several machines:
what one saves, the others serve; votes, limits and cached pages are shared; instances
started together prepare the database once."""

import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from tests.faults.tools import redis_server
from tests.server import (
    Browser,
    fingerprint,
    http_request,
    own_database,
    previous_release_database,
    production_server,
    segurfaq_env,
    segurfaq_run,
    stored_votes,
)

pytestmark = pytest.mark.server
ENTRY = "creer-l-ins-d-un-nouveau-ne"
PASSWORD = "mot de passe des essais 2025"


def _instance_env(folder: Path, database_url: str, **extra) -> dict:
    """One machine's environment: its own data folder, the shared database and secret."""
    folder.mkdir(parents=True, exist_ok=True)
    return segurfaq_env(folder, database_url, SECURE_COOKIES="false", **extra)


@contextmanager
def _instances(envs: list[dict]):
    """Servers started at the same moment; yields their base addresses."""
    with ExitStack() as stack, ThreadPoolExecutor(len(envs)) as pool:
        starting = [
            pool.submit(stack.enter_context, production_server(env, workers=2)) for env in envs
        ]
        yield [future.result() for future in starting]


def test_two_instances_share_edits_votes_limits_and_cached_pages(tmp_path):
    with redis_server(tmp_path) as redis_port, own_database(tmp_path) as database_url:
        shared = {
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            # Many voters from this machine; the questions' limit is the one shared here.
            "SEGURFAQ_API_WRITES_PER_MINUTE": "1000000",
            "SEGURFAQ_VOTES_PER_MINUTE": "1000000",
            "SEGURFAQ_VOTES_PER_ADDRESS_AND_ENTRY": "1000000",
        }
        first_env = _instance_env(tmp_path / "machine-a", database_url, **shared)
        second_env = _instance_env(tmp_path / "machine-b", database_url, **shared)
        with _instances([first_env, second_env]) as (first, second):
            segurfaq_run(first_env, "createadmin", "cheffe", input=PASSWORD + "\n")
            # Both have the page in the shared cache before the edit.
            before = [
                http_request(base, "GET", f"/questions/{ENTRY}/").text for base in (first, second)
            ]
            listing_before = http_request(second, "GET", "/api/v1/entries").json()
            entry_before = http_request(second, "GET", f"/api/v1/entries/{ENTRY}").json()

            editor = Browser(first)
            assert editor.log_in("cheffe", PASSWORD).status == 302
            _edit_question(editor, "Comment créer l'INS d'un bébé qui vient de naître ?")
            seen = {
                "page": http_request(second, "GET", f"/questions/{ENTRY}/").text,
                "list": http_request(second, "GET", "/").text,
                "api": http_request(second, "GET", f"/api/v1/entries/{ENTRY}").json(),
                "search": http_request(second, "GET", "/api/v1/search?q=bebe+naitre").json(),
            }

            votes = _fifty_readers_voting_across(first, second)
            questions = [
                http_request(
                    (first, second)[number % 2],
                    "POST",
                    "/api/v1/questions",
                    payload={"question": f"Une question de lecteur numéro {number} ?"},
                ).status
                for number in range(7)
            ]
        stored = stored_votes(database_url)

    assert all("Comment créer l'INS d'un nouveau-né ?" in page for page in before)
    assert listing_before["count"] == 19
    assert entry_before["question"] == "Comment créer l'INS d'un nouveau-né ?"
    new_question = "Comment créer l'INS d'un bébé qui vient de naître ?"
    assert new_question in seen["page"]
    assert new_question in seen["list"]
    assert seen["api"]["question"] == new_question
    assert seen["search"]["results"][0]["slug"] == ENTRY
    statuses, expected = votes
    assert statuses == Counter({200: 50 * 20})
    assert stored == expected
    # Five questions an hour from one address, counted in Redis whichever instance answers.
    assert questions == [201] * 5 + [429] * 2


def _edit_question(editor: Browser, question: str) -> None:
    listing = editor.request("GET", f"/admin/faq/entry/?q={ENTRY}").text
    path = re.search(r'href="(/admin/faq/entry/\d+/change/)', listing).group(1)
    fields = [(name, value) for name, value in editor.form_fields(path, "entry_form")]
    fields = [(name, question if name == "question" else value) for name, value in fields]
    fields.append(("_save", "Enregistrer"))
    saved = editor.request("POST", path, form=fields)
    assert saved.status == 302, saved.text[saved.text.find("<main") :][:1500]


def _fifty_readers_voting_across(first: str, second: str) -> tuple[Counter, Counter]:
    slugs = [
        entry["slug"]
        for entry in http_request(first, "GET", "/api/v1/entries?page_size=50").json()["results"]
    ]
    expected: Counter = Counter()
    lock = threading.Lock()

    def reader(number: int) -> list[int]:
        statuses, last = [], {}
        for turn in range(20):
            slug = slugs[(number + turn) % len(slugs)]
            value = "yes" if (number + turn // len(slugs)) % 2 == 0 else "no"
            base = (first, second)[turn % 2]
            statuses.append(
                http_request(
                    base,
                    "POST",
                    f"/api/v1/entries/{slug}/votes",
                    payload={"value": value, "visitor": f"lecteur-{number:04d}"},
                ).status
            )
            last[slug] = value
        with lock:
            expected.update(last.items())
        return statuses

    with ThreadPoolExecutor(50) as pool:
        statuses = Counter(status for result in pool.map(reader, range(50)) for status in result)
    return statuses, expected


@pytest.mark.parametrize("start", ["empty", "previous release"])
def test_three_instances_started_together_prepare_the_database_once(tmp_path, start):
    with own_database(tmp_path) as database_url:
        if start == "previous release":
            previous_release_database(database_url)
        envs = [_instance_env(tmp_path / f"machine-{n}", database_url) for n in range(3)]
        started = time.monotonic()
        with _instances(envs) as bases:
            ready = [http_request(base, "GET", "/readyz") for base in bases]
            listings = [http_request(base, "GET", "/api/v1/entries").json() for base in bases]
        took = time.monotonic() - started
        tables = fingerprint(envs[0])
        pending = segurfaq_run(envs[0], "migrate", "--plan").stdout
        logs = [(tmp_path / f"machine-{n}" / "server.log").read_text() for n in range(3)]

    assert [reply.status for reply in ready] == [200, 200, 200]
    assert all(reply.json()["status"] == "ok" for reply in ready)
    assert [listing["count"] for listing in listings] == [19, 19, 19]
    assert tables["faq_entry"][0] == 20  # the default content (or the release's), once
    assert "No planned migration operations." in pending
    assert not any("Traceback" in log for log in logs)
    assert sum("une autre instance prépare la base" in log for log in logs) >= 1
    assert took < 170
