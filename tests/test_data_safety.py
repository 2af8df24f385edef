"""A killed import leaves the previous state; the previous release's data migrates forward."""

import copy
import json
import signal
import subprocess
from pathlib import Path

import pytest

from segurfaq.faq.services import default_content_text
from tests.server import (
    SEGURFAQ,
    fingerprint,
    own_database,
    previous_release_database,
    segurfaq_env,
    segurfaq_run,
)

pytestmark = pytest.mark.server


def _segurfaq(env: dict, *args: str) -> str:
    return segurfaq_run(env, *args).stdout


def _export(env: dict, path: Path) -> dict:
    _segurfaq(env, "export", "-o", str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def test_an_import_killed_halfway_leaves_the_previous_content(tmp_path):
    with own_database(tmp_path) as database_url:
        env = segurfaq_env(tmp_path, database_url)
        _segurfaq(env, "migrate")
        default = tmp_path / "default.json"
        default.write_text(default_content_text(), encoding="utf-8")
        _segurfaq(env, "import", str(default))
        before = _export(env, tmp_path / "before.json")

        # Every existing answer rewritten, then thousands of new entries: a long transaction.
        document = copy.deepcopy(json.loads(default_content_text()))
        for entry in document["entries"]:
            entry["answer"] = "<p>Réponse remplacée par un import interrompu.</p>"
        template = document["entries"][0]
        for number in range(3000):
            extra = copy.deepcopy(template)
            extra["slug"] = f"entree-en-masse-{number}"
            document["entries"].append(extra)
        big = tmp_path / "big.json"
        big.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

        process = subprocess.Popen(
            [SEGURFAQ, "import", str(big)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # The first progress line is written inside the transaction, entries already saved.
        for line in process.stderr:
            if "entrées…" in line:
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
        output = process.stdout.read()
        process.stdout.close()
        process.stderr.close()

        after = _export(env, tmp_path / "after.json")
        _segurfaq(env, "check")

    assert process.returncode == -signal.SIGKILL
    assert "Import terminé" not in output
    assert after == before


def test_migrations_run_forward_on_the_previous_release_s_data(tmp_path):
    with own_database(tmp_path) as database_url:
        env = segurfaq_env(tmp_path, database_url, ALLOWED_HOSTS="testserver")
        previous_release_database(database_url)
        before = fingerprint(env)

        plan = _segurfaq(env, "migrate", "--plan")
        _segurfaq(env, "migrate")
        content = _export(env, tmp_path / "content.json")
        after = fingerprint(env)
        pending = _segurfaq(env, "migrate", "--plan")

    assert "feedback.0003_visitor_salt" in plan  # there was something to migrate
    assert "No planned migration operations." in pending
    assert len(content["entries"]) == 20
    rows = {table: counted for table, (counted, _) in after.items()}
    assert rows["feedback_vote"] == 6
    assert rows["search_searchlog"] == 2
    assert rows["inquiries_readerquestion"] == 1
    assert rows["analytics_entryview"] == 6
    assert rows["faq_historicalentry"] >= 20
    # Nothing that was there is lost: readers' tables keep their rows.
    for table in ("feedback_vote", "search_searchlog", "faq_entry", "faq_historicalentry"):
        assert after[table][0] == before[table][0]
