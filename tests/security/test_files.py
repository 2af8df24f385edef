"""Point 9: readers' addresses, password hashes and visitor salts are readable by the
service's own account only: the database, its key and its backups."""

import os
import stat
from pathlib import Path

import pytest

from tests.server import own_database, segurfaq_env, segurfaq_run

pytestmark = pytest.mark.server


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _usual_umask():
    # What a shell usually gives: files readable by everyone unless the program says not.
    os.umask(0o022)


def test_the_data_folder_its_database_key_and_backups_are_private(tmp_path):
    data = tmp_path / "donnees"
    with own_database(data) as database_url:
        env = segurfaq_env(data, database_url)
        env.pop("SECRET_KEY")
        segurfaq_run(env, "migrate", preexec_fn=_usual_umask)
        backup = tmp_path / "sauvegardes" / "segurfaq.sauvegarde"
        segurfaq_run(env, "backup", "-o", str(backup), preexec_fn=_usual_umask)

    assert _mode(data) == 0o700
    assert _mode(data / "secret_key") == 0o600
    for path in data.glob("segurfaq.sqlite3*"):
        assert _mode(path) == 0o600, path
    assert _mode(backup.parent) == 0o700
    assert _mode(backup) == 0o600


def test_a_database_made_readable_by_others_is_made_private_again(tmp_path):
    data = tmp_path / "donnees"
    with own_database(data) as database_url:
        env = segurfaq_env(data, database_url)
        segurfaq_run(env, "migrate", preexec_fn=_usual_umask)
        data.chmod(0o755)
        for path in _database_files(data):
            path.chmod(0o644)

        segurfaq_run(env, "fingerprint", preexec_fn=_usual_umask)

    assert _mode(data) == 0o700
    for path in _database_files(data):
        assert _mode(path) == 0o600, path


def _database_files(data: Path) -> list[Path]:
    """The SQLite database and its journal files (the lock files beside it hold nothing)."""
    return [path for path in data.glob("segurfaq.sqlite3*") if not path.name.endswith("-lock")]
