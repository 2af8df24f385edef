"""Files readable by the service's own account only.

The data folder holds the SQLite database (readers' addresses, password hashes, visitor
salts), the secret key and, by default, the backups: each is made 0600 in a 0700 folder,
whatever the umask of the shell that started the command, and put back so if an operator's
copy or a restore widened it. Nothing here imports Django: settings use it first.
"""

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """The folder, made if missing (its parents as usual), readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    _narrow(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """The file, made empty if missing, readable by its owner only."""
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, FILE_MODE))
    _narrow(path, FILE_MODE)
    return path


def private_files(*paths: Path) -> None:
    """Those of the files that exist, readable by their owner only (SQLite's -wal and -shm
    files take the database's mode when SQLite makes them, but a copy may not)."""
    for path in paths:
        if path.exists():
            _narrow(path, FILE_MODE)


def _narrow(path: Path, mode: int) -> None:
    info = path.stat()
    # Another account's file (a folder the operator shares on purpose) is left as it is.
    if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
        path.chmod(mode)
