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
