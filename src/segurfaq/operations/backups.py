"""Backups made and restored by each database's own tools, in flat memory.

- PostgreSQL: `pg_dump --format=custom` (compressed, every table, streamed to the file by
  pg_dump itself); restore pipes `pg_restore` into one `psql --single-transaction` that
  first drops the tables in place: the database ends up exactly as saved, or unchanged.
- SQLite: the online backup API, page by page from inside one read transaction, so the
  copy is the database as it was at one instant while votes go on being written; restore
  copies the file's pages back under one write lock: all of it, or nothing.

The backup is written beside its final name and renamed at the end: an interrupted backup
never leaves a truncated file that looks complete. Backups made by earlier releases (one
XML document) are still restored, through Django's fixtures.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.dispatch import Signal

from segurfaq.operations.files import private_file, private_folder

# (done, total, what): counts of tables, pages or bytes, and what is being done, in French.
Progress = Callable[[int, int, str], None]

POSTGRESQL, SQLITE, LEGACY_XML = "postgresql", "sqlite", "xml"
KIND_NAMES = {POSTGRESQL: "PostgreSQL", SQLITE: "SQLite", LEGACY_XML: "XML"}
SQLITE_PAGES_PER_STEP = 2048
CHUNK = 1 << 20
# Tables a segurfaq database always has: a file without them is not one of our backups.
OUR_TABLES = ("django_migrations", "faq_entry")

# Sent after a restore, inside its transaction where there is one: apps drop or rebuild
# what they derived from the replaced content (the search revision, the editors' group).
restored = Signal()


class BackupError(Exception):
    """What went wrong and what to do about it, in French, for the operator."""


def database_vendor(alias: str = DEFAULT_DB_ALIAS) -> str:
    return connections[alias].vendor


def backup_kind(path: Path) -> str | None:
    try:
        with open(path, "rb") as handle:
            head = handle.read(256)
    except FileNotFoundError:
        raise BackupError(f"Fichier introuvable : {path}") from None
    except IsADirectoryError:
        raise BackupError(f"{path} est un dossier, pas un fichier de sauvegarde.") from None
    if head.startswith(b"PGDMP"):
        return POSTGRESQL
    if head.startswith(b"SQLite format 3\x00"):
        return SQLITE
    if b"<django-objects" in head:
        return LEGACY_XML
    return None


# --- Backup ---------------------------------------------------------------------------


def backup_write(*, output: Path, progress: Progress, alias: str = DEFAULT_DB_ALIAS) -> str:
    """Write a backup of the database to `output`; returns its kind."""
    vendor = database_vendor(alias)
    partial = output.with_name(output.name + ".partiel")
    try:
        # A backup holds what the database holds: its owner alone may read it, in a folder
        # of its own if the command makes one.
        if not output.parent.exists():
            private_folder(output.parent)
        partial.unlink(missing_ok=True)  # left by a backup that was killed
        private_file(partial)
        if vendor == "postgresql":
            _pg_dump(partial, progress, alias)
        elif vendor == "sqlite":
            _sqlite_copy(partial, progress, alias)
        else:
            raise BackupError(f"Base {vendor} : seules PostgreSQL et SQLite sont sauvegardées.")
        os.replace(partial, output)
    except OSError as error:
        raise BackupError(
            f"Impossible d'écrire « {output} » ({error.strerror}) : vérifiez le dossier et "
            "la place libre."
        ) from None
    finally:
        partial.unlink(missing_ok=True)
    return POSTGRESQL if vendor == "postgresql" else SQLITE


def _pg_dump(partial: Path, progress: Progress, alias: str) -> None:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        tables = cursor.fetchone()[0]
    command = [_tool("pg_dump"), "--format=custom", "--verbose", f"--file={partial}"]
    env = _pg_environment(alias)
    process = subprocess.Popen(  # noqa: S603 - fixed program, no shell
        command, env=env, stderr=subprocess.PIPE, text=True, errors="replace"
    )
    messages, done = [], 0
    for line in process.stderr:
        # "pg_dump: dumping contents of table "public.faq_entry"": one per table.
        if "dumping contents of table" in line:
            done += 1
            progress(done, tables, "table " + line.rsplit(" ", 1)[-1].strip().strip('"'))
        elif "error" in line.lower() or "erreur" in line.lower() or "fatal" in line.lower():
            messages.append(line.strip())
    if process.wait() != 0:
        raise BackupError(
            "pg_dump a échoué : " + (" ".join(messages) or f"code {process.returncode}")
        )


def _sqlite_copy(partial: Path, progress: Progress, alias: str) -> None:
    source = sqlite3.connect(connections[alias].settings_dict["NAME"], timeout=30)
    target = sqlite3.connect(partial)
    try:
        # A read transaction held across every step: the copy is one instant of the
        # database, and writers (WAL) go on. Without it, each write by another connection
        # would restart the copy, which under a steady flow of votes never ends.
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        source.backup(
            target,
            pages=SQLITE_PAGES_PER_STEP,
            progress=lambda status, remaining, total: progress(total - remaining, total, "pages"),
        )
        source.execute("COMMIT")
        # A file that stands alone: the live database's WAL mode would make every reader of
        # the backup create -wal and -shm files beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"Copie SQLite interrompue : {error}.") from None
    finally:
        target.close()
        source.close()


# --- Restore --------------------------------------------------------------------------


def restore_read(*, path: Path, progress: Progress, alias: str = DEFAULT_DB_ALIAS) -> str:
    """Replace the database's content with the backup at `path`; returns its kind."""
    kind = backup_kind(path)
    vendor = database_vendor(alias)
    if kind is None:
        raise BackupError(f"{path} n'est pas une sauvegarde de « segurfaq backup ».")
    if kind in (POSTGRESQL, SQLITE) and kind != vendor:
        raise BackupError(
            f"{path} est une sauvegarde {KIND_NAMES[kind]} et la base configurée est "
            f"{KIND_NAMES.get(vendor, vendor)}. Pour passer d'une base à l'autre, exportez le "
            "contenu (segurfaq export) et importez-le (segurfaq import)."
        )
    if kind == POSTGRESQL:
        _pg_restore(path, progress, alias)
    elif kind == SQLITE:
        _sqlite_restore(path, progress, alias)
    else:
        _legacy_xml_restore(path, progress, alias)
    return kind


# Sent to psql before the backup's SQL: one transaction, opened here and committed only
# once pg_restore has given every statement without error; the tables in place are dropped
# first, so that the backup replaces the content, tables a later migration added included.
_BEGIN_AND_EMPTY = """
SET client_min_messages = warning;
BEGIN;
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
  END LOOP;
  FOR item IN SELECT sequence_name FROM information_schema.sequences
              WHERE sequence_schema = current_schema() LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', item.sequence_name);
  END LOOP;
END $$;
"""


def _pg_restore(path: Path, progress: Progress, alias: str) -> None:
    env = _pg_environment(alias)
    with tempfile.TemporaryDirectory(prefix="segurfaq-restore-") as folder:
        logs = [Path(folder) / "pg_restore.log", Path(folder) / "psql.log"]
        with open(logs[0], "w") as restore_log, open(logs[1], "w") as psql_log:
            reader = subprocess.Popen(  # noqa: S603 - fixed programs, no shell
                [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=restore_log,
            )
            writer = subprocess.Popen(  # noqa: S603
                [_tool("psql"), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=psql_log,
            )
            feeder = threading.Thread(
                target=_feed, args=(path, reader.stdin, path.stat().st_size, progress)
            )
            feeder.start()
            with suppress(BrokenPipeError):
                writer.stdin.write(_BEGIN_AND_EMPTY.encode())
                shutil.copyfileobj(reader.stdout, writer.stdin, CHUNK)
            feeder.join()
            complete = reader.wait() == 0
            with suppress(BrokenPipeError):
                # Without COMMIT, psql's end rolls everything back, the drops included.
                writer.stdin.write(b"COMMIT;\n" if complete else b"ROLLBACK;\n")
                writer.stdin.close()
            writer.wait()
        if not complete or writer.returncode:
            details = " ".join(log.read_text(errors="replace").strip() for log in logs)
            raise BackupError(
                "Restauration annulée, la base est restée comme avant : "
                + (details[-1500:] or f"pg_restore {reader.returncode}, psql {writer.returncode}")
            )
    _announce_restore(alias)


def _feed(path: Path, pipe, size: int, progress: Progress) -> None:
    done = 0
    # A broken pipe means pg_restore stopped: its own message says why.
    with suppress(BrokenPipeError):
        try:
            with open(path, "rb") as source:
                while chunk := source.read(CHUNK):
                    pipe.write(chunk)
                    done += len(chunk)
                    progress(done, size, "octets lus")
        finally:
            with suppress(BrokenPipeError):
                pipe.close()


def _sqlite_restore(path: Path, progress: Progress, alias: str) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
        if not set(OUR_TABLES) <= names:
            raise BackupError(f"{path} est une base SQLite, mais pas une sauvegarde de segurfaq.")
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} est abîmée (PRAGMA quick_check) : rien n'a changé.")
        database = connections[alias].settings_dict["NAME"]
        with _sqlite_writer_lock(database):
            target = sqlite3.connect(database, timeout=30)
            try:
                # One write transaction over every step; an error rolls all of it back.
                source.backup(
                    target,
                    pages=SQLITE_PAGES_PER_STEP,
                    progress=lambda status, left, total: progress(total - left, total, "pages"),
                )
            finally:
                target.close()
    except sqlite3.Error as error:
        raise BackupError(
            f"Restauration annulée, la base est restée comme avant : {error}."
        ) from None
    finally:
        source.close()
    _announce_restore(alias)


@contextmanager
def _sqlite_writer_lock(database: str) -> Iterator[None]:
    """The service's writers queue on this lock (segurfaq/sqlite): they wait for the restore
    instead of failing on SQLite's own lock."""
    import fcntl

    descriptor = os.open(f"{database}.writer-lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _legacy_xml_restore(path: Path, progress: Progress, alias: str) -> None:
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError, transaction

    progress(0, 1, "fichier XML d'une version précédente")
    # loaddata knows a fixture's format by its name's extension.
    folder = tempfile.mkdtemp(prefix="segurfaq-restore-")
    fixture = Path(folder) / "sauvegarde.xml"
    fixture.symlink_to(path.resolve())
    # The backup holds the history as it was: loading it must not write more.
    history_setting = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
    settings.SIMPLE_HISTORY_ENABLED = False
    try:
        with transaction.atomic(using=alias):
            # flush empties every table, then recreates content types and permissions.
            call_command("flush", interactive=False, verbosity=0, database=alias)
            # flush's post-migrate step recreates the editors' group under a new key; the
            # backup brings its own.
            Group.objects.using(alias).delete()
            call_command("loaddata", str(fixture), verbosity=0, database=alias)
            restored.send(sender=None, alias=alias)
    except (DatabaseError, DeserializationError) as error:
        raise BackupError(
            f"Restauration annulée, la base est restée comme avant : {error}"
        ) from None
    finally:
        settings.SIMPLE_HISTORY_ENABLED = history_setting
        shutil.rmtree(folder, ignore_errors=True)
    progress(1, 1, "fichier XML d'une version précédente")


def _announce_restore(alias: str) -> None:
    from django.db import transaction

    with transaction.atomic(using=alias):
        restored.send(sender=None, alias=alias)


# --- PostgreSQL connection for the tools ----------------------------------------------


def _pg_environment(alias: str) -> dict:
    """libpq's variables for the configured database: the password never on a command line."""
    database = connections[alias].settings_dict
    # English messages: pg_dump's progress lines are read by their words.
    env = {**os.environ, "LC_MESSAGES": "C"}
    options = database.get("OPTIONS", {})
    for variable, value in (
        ("PGHOST", database.get("HOST")),
        ("PGPORT", database.get("PORT")),
        ("PGUSER", database.get("USER")),
        ("PGPASSWORD", database.get("PASSWORD")),
        ("PGDATABASE", database.get("NAME")),
        ("PGSSLMODE", options.get("sslmode")),
        ("PGCONNECT_TIMEOUT", options.get("connect_timeout")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} est introuvable : installez le client PostgreSQL de la même version "
            "majeure que le serveur (paquet postgresql-client)."
        )
    return found
