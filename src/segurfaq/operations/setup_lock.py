"""One instance at a time prepares the database (migrations, default content, indexing).

Instances started together (a deploy on several machines, a rolling restart after an
upgrade) would otherwise run the same migrations at once and die on "relation already
exists". The first takes the lock and prepares; the others wait, then find nothing left
to do. On PostgreSQL the lock is an advisory lock held by a connection of its own, freed
by the server if the instance dies; on SQLite, an flock on a file beside the database,
freed by the kernel likewise.
"""

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

# Any fixed 64-bit number, the same for every instance: "segurfaq setup".
ADVISORY_KEY = 0x5E6F_FA95_E7_0001


@contextmanager
def setup_lock(*, waiting: Callable[[], None], alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Hold the database's setup lock; `waiting` is called once if another instance has it."""
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        with _advisory_lock(alias, waiting):
            yield
    elif vendor == "sqlite" and not connections[alias].is_in_memory_db():
        with _file_lock(connections[alias].settings_dict["NAME"], waiting):
            yield
    else:
        # Another database, or SQLite in memory (tests): no other process can share it,
        # and a lock file named after it would litter the working directory.
        yield


@contextmanager
def _advisory_lock(alias: str, waiting: Callable[[], None]) -> Iterator[None]:
    # A connection of its own: migrations may close or reset the default one.
    holder = connections.create_connection(alias)
    try:
        with holder.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
            if not cursor.fetchone()[0]:
                waiting()
                cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        try:
            yield
        finally:
            with holder.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
    finally:
        holder.close()


@contextmanager
def _file_lock(database: str, waiting: Callable[[], None]) -> Iterator[None]:
    descriptor = os.open(f"{database}.setup-lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
