"""The service in this process, for benchmarks that time requests without a server: a fresh
data folder, the production settings, Django's test client."""

import os
import tempfile


def service_in_process(name: str, **environment: str):
    """Set Django up on a new data folder (`environment` adds settings), with the rate limits
    off (a benchmark is a flood from one client); returns the test client class."""
    os.environ.update(
        SEGURFAQ_DATA_DIR=tempfile.mkdtemp(prefix=f"segurfaq-{name}-"),
        SEGURFAQ_RATE_LIMITS="off",
        DJANGO_SETTINGS_MODULE="segurfaq.settings",
        LOG_LEVEL="ERROR",
        **environment,
    )
    import django

    django.setup()
    from django.test import Client

    return Client
