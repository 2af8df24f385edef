"""SQLite writers of several processes queue for the write lock (segurfaq/sqlite/base.py):
a transaction waits for the one in progress, and a lock is never left behind by a
transaction that failed or a process that died."""

import signal
import sqlite3
import subprocess

import pytest
from django.conf import settings

from tests.server import SEGURFAQ, segurfaq_env

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        "sqlite" not in settings.DATABASES["default"]["ENGINE"], reason="SQLite only"
    ),
]

HOLD = """
import sys
from django.db import connection, transaction
with transaction.atomic():
    connection.cursor().execute("INSERT INTO t VALUES ('first')")
    print("held", flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""
FAIL_THEN_STAY = """
import sys
from django.db import connection, transaction
try:
    with transaction.atomic():
        connection.cursor().execute("INSERT INTO t VALUES ('failed')")
        raise RuntimeError
except RuntimeError:
    print("rolled back", flush=True)
sys.stdin.readline()
"""
WRITE = """
from django.db import connection, transaction
with transaction.atomic():
    connection.cursor().execute("INSERT INTO t VALUES ('second')")
print("written", flush=True)
"""


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "segurfaq.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (value TEXT)")
    env = segurfaq_env(tmp_path, f"sqlite:///{path}")
    return path, env


def _start(code: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [SEGURFAQ, "shell", "--no-imports", "-c", code],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _writes(writer: subprocess.Popen) -> None:
    """The writer process ends having written (it would wait forever for a lock left held)."""
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert out.strip() == "written"


def _rows(path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [value for (value,) in db.execute("SELECT value FROM t ORDER BY rowid")]


def test_a_writer_waits_for_the_transaction_in_progress_then_writes_after_it(database):
    path, env = database
    holder = _start(HOLD, env)
    try:
        assert holder.stdout.readline().strip() == "held"
        writer = _start(WRITE, env)
        with pytest.raises(subprocess.TimeoutExpired):
            writer.wait(timeout=3)  # queued behind the open transaction
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"
        _writes(writer)
    finally:
        holder.kill()
    assert _rows(path) == ["first", "second"]


def test_a_failed_transaction_leaves_no_lock_behind(database):
    path, env = database
    failing = _start(FAIL_THEN_STAY, env)
    try:
        assert failing.stdout.readline().strip() == "rolled back"
        # The failed process is still running with its connection open.
        _writes(_start(WRITE, env))
        assert failing.poll() is None
    finally:
        failing.kill()
    assert _rows(path) == ["second"]


def test_a_writer_killed_mid_transaction_leaves_no_lock_behind(database):
    path, env = database
    holder = _start(HOLD, env)
    assert holder.stdout.readline().strip() == "held"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    _writes(_start(WRITE, env))
    assert _rows(path) == ["second"]
