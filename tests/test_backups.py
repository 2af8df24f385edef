"""Backups with the database's own tools: exact round trips, consistent copies of a
service in use, and restores that are all or nothing."""

import re
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest

from segurfaq.faq.services import default_content_text
from tests.server import (
    fingerprint,
    own_database,
    production_server,
    request_json,
    segurfaq_env,
    segurfaq_run,
    vote_as_new_reader,
)

pytestmark = pytest.mark.server
# A cache token that every restore moves on purpose, so that each process reloads.
REVISION_TABLE = "search_indexrevision"


def _without_revision(tables: dict) -> dict:
    return {name: value for name, value in tables.items() if name != REVISION_TABLE}


def _prepared(tmp_path: Path, database_url: str) -> dict:
    env = segurfaq_env(tmp_path, database_url, SEGURFAQ_RATE_LIMITS="off")
    segurfaq_run(env, "migrate")
    default = tmp_path / "contenu.json"
    default.write_text(default_content_text(), encoding="utf-8")
    segurfaq_run(env, "import", str(default))
    return env


def _slugs(base: str) -> list[str]:
    _, listing = request_json(base, "GET", "/api/v1/entries?page_size=50")
    return [entry["slug"] for entry in listing["results"]]


def test_a_backup_restored_over_later_changes_gives_back_every_table_exactly(tmp_path):
    with own_database(tmp_path) as database_url:
        env = _prepared(tmp_path, database_url)
        with production_server(env, workers=2) as base:
            slugs = _slugs(base)
            for slug in slugs[:5]:
                assert vote_as_new_reader(base, slug, "no") == 200
            request_json(base, "GET", "/api/v1/search?q=INS+nouveau-ne")
            request_json(
                base, "POST", "/api/v1/questions", {"question": "Une question de lecteur ?"}
            )
            saved = fingerprint(env)
            backup = tmp_path / "sauvegarde.dump"
            made = segurfaq_run(env, "backup", "-o", str(backup))

            for slug in slugs:
                vote_as_new_reader(base, slug)
            request_json(base, "GET", "/api/v1/search?q=MSSante")
            changed = fingerprint(env)
            restored = segurfaq_run(env, "restore", str(backup), "--yes")
            after = fingerprint(env)
            status, listing = request_json(base, "GET", "/api/v1/entries")

    assert "Sauvegarde" in made.stderr and "100%" in made.stderr  # progress was shown
    assert "Restauration terminée." in restored.stdout
    assert _without_revision(changed) != _without_revision(saved)
    assert _without_revision(after) == _without_revision(saved)
    assert after["feedback_vote"][0] == 5 and after["search_searchlog"][0] == 1
    # The service went on answering, from the restored content.
    assert status == 200 and listing["count"] == 19


def test_a_backup_taken_while_readers_vote_restores_to_a_consistent_state(tmp_path):
    votes: list[tuple[float, int]] = []  # (time answered, status)
    stop = threading.Event()

    def voter(base, slugs):
        while not stop.is_set():
            status = vote_as_new_reader(base, slugs[len(votes) % len(slugs)])
            votes.append((time.monotonic(), status))

    with own_database(tmp_path) as database_url:
        env = _prepared(tmp_path, database_url)
        with production_server(env, workers=3) as base:
            slugs = _slugs(base)
            voters = [threading.Thread(target=voter, args=(base, slugs)) for _ in range(8)]
            for thread in voters:
                thread.start()
            time.sleep(1.5)
            started = time.monotonic()
            backup = tmp_path / "pendant-les-votes.dump"
            segurfaq_run(env, "backup", "-o", str(backup))
            finished = time.monotonic()
            time.sleep(1)
            stop.set()
            for thread in voters:
                thread.join()

    other = tmp_path / "restauree"
    other.mkdir()
    with own_database(other) as restored_url:
        restored_env = segurfaq_env(other, restored_url)
        segurfaq_run(restored_env, "restore", str(backup), "--yes")
        stored = fingerprint(restored_env)["feedback_vote"][0]
        orphans = _orphan_votes(restored_url)

    answered_before = sum(1 for at, status in votes if status == 200 and at < started)
    answered_by_the_end = sum(1 for at, status in votes if status == 200 and at <= finished)
    assert all(status == 200 for _, status in votes)
    assert answered_before > 50  # votes were flowing when the backup began
    assert answered_before <= stored <= answered_by_the_end + 8
    assert orphans == 0


def _orphan_votes(database_url: str) -> int:
    query = (
        "SELECT count(*) FROM feedback_vote v LEFT JOIN faq_entry e ON e.id = v.entry_id "
        "WHERE e.id IS NULL"
    )
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            # Django's check constraints on slugs use REGEXP, which Django itself provides.
            connection.create_function(
                "REGEXP", 2, lambda pattern, text: re.search(pattern, text or "") is not None
            )
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            return connection.execute(query).fetchone()[0]
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchone()[0]


def test_a_truncated_backup_is_refused_and_changes_nothing(tmp_path):
    with own_database(tmp_path) as database_url:
        env = _prepared(tmp_path, database_url)
        backup = tmp_path / "sauvegarde.dump"
        segurfaq_run(env, "backup", "-o", str(backup))
        truncated = tmp_path / "tronquee.dump"
        truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
        segurfaq_run(env, "createadmin", "nouvelle", input="mot de passe 2025 solide\n")
        before = fingerprint(env)

        refused = segurfaq_run(env, "restore", str(truncated), "--yes", check=False)
        after = fingerprint(env)

    assert refused.returncode != 0
    assert "Restauration annulée, la base est restée comme avant" in refused.stderr
    assert after == before


def test_restore_without_a_terminal_asks_for_yes_instead_of_failing(tmp_path):
    with own_database(tmp_path) as database_url:
        env = _prepared(tmp_path, database_url)
        backup = tmp_path / "sauvegarde.dump"
        segurfaq_run(env, "backup", "-o", str(backup))

        refused = segurfaq_run(env, "restore", str(backup), check=False, stdin=subprocess.DEVNULL)

    assert refused.returncode != 0
    assert "relancez avec --yes" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_backup_of_the_other_kind_of_database_is_refused_with_what_to_do(tmp_path):
    with own_database(tmp_path) as database_url:
        env = _prepared(tmp_path, database_url)
        other = tmp_path / "autre.dump"
        sqlite = database_url.startswith("sqlite")
        other.write_bytes(b"PGDMP\x01\x0e\x00" if sqlite else b"SQLite format 3\x00" + bytes(100))

        refused = segurfaq_run(env, "restore", str(other), "--yes", check=False)

    assert refused.returncode != 0
    assert "exportez le contenu (segurfaq export) et importez-le" in refused.stderr
