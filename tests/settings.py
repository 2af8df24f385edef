"""Test settings: the real ones, with a throwaway data folder and fast password hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "segurfaq-tests-only")
os.environ.setdefault("SEGURFAQ_DATA_DIR", tempfile.mkdtemp(prefix="segurfaq-tests-"))

from segurfaq.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
