"""Test settings: the real ones, with a throwaway data folder, fast password hashing and
the embedding model off (tests marked `semantic` turn it on)."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "segurfaq-tests-only")
os.environ.setdefault("SEGURFAQ_DATA_DIR", tempfile.mkdtemp(prefix="segurfaq-tests-"))

from segurfaq.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The embedding model is off unless a test is marked `semantic` (tests/conftest.py): a vote
# or an import does not pay for it, and the engine is then lexical only.
SEGURFAQ_SEMANTIC_SEARCH = False

if DATABASES["default"]["ENGINE"] == "segurfaq.sqlite":  # noqa: F405
    # A file in WAL mode, as in production, not Django's in-memory test database: threads of
    # that one share a cache whose table locks fail at once ("database table is locked")
    # where writers to a file wait for each other (the mail thread beside a test's reads).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["SEGURFAQ_DATA_DIR"], "test.sqlite3")
    }
