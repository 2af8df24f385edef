"""Django's SQLite backend, with writers queuing in the kernel for the one write lock.

SQLite lets one transaction write at a time. A writer that finds the lock taken sleeps in
SQLite's busy handler, for 1, 2, 5, 10… up to 100 ms between tries, and often wakes long
after the lock was freed: under 50 clients voting, some votes waited hundreds of
milliseconds for a lock that is held for one. Here every transaction of this process first
takes an exclusive flock on a file beside the database: waiting writers sleep in the kernel
and one wakes as soon as the lock is released. SQLite's own lock and busy timeout still
guard against every other program that opens the file.
"""

import fcntl
import os
from pathlib import Path

from django.db.backends.sqlite3 import base

from segurfaq.operations.files import private_file, private_files


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writer_pid: int | None = None
    _writer_held = False

    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            # Made 0600 before SQLite opens it: its -wal and -shm files take its mode.
            database = Path(self.settings_dict["NAME"])
            private_file(database)
            private_files(*(database.with_name(database.name + end) for end in ("-wal", "-shm")))
        return super().get_new_connection(conn_params)

    def _writer_lock_file(self) -> int:
        # A descriptor made before a fork would share its lock with the other process.
        if self._writer_fd is None or self._writer_pid != os.getpid():
            self._writer_fd = os.open(
                f"{self.settings_dict['NAME']}.writer-lock", os.O_CREAT | os.O_RDWR, 0o600
            )
            self._writer_pid = os.getpid()
            self._writer_held = False
        return self._writer_fd

    def _writer_release(self) -> None:
        if self._writer_held:
            self._writer_held = False
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        if self.is_in_memory_db():
            return super()._start_transaction_under_autocommit()
        fcntl.flock(self._writer_lock_file(), fcntl.LOCK_EX)
        self._writer_held = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._writer_release()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._writer_release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._writer_release()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._writer_release()
