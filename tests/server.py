"""A real production server (`segurfaq serve --prod`) on its own database, for tests that
need several processes: concurrency, and the previous release's data."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

SEGURFAQ = str(Path(sys.executable).with_name("segurfaq"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def own_database(data_dir: Path):
    """DATABASE_URL of an empty database of the kind the tests run on, dropped afterwards."""
    if "sqlite" in settings.DATABASES["default"]["ENGINE"]:
        yield f"sqlite:///{data_dir / 'segurfaq.sqlite3'}"
        return
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"segurfaq_server_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(base)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def segurfaq_env(data_dir: Path, database_url: str, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")
    }
    env.update(
        SEGURFAQ_DATA_DIR=str(data_dir),
        DATABASE_URL=database_url,
        SECRET_KEY="segurfaq-tests-only-server",
        SEGURFAQ_SEMANTIC_SEARCH="false",
        LOG_LEVEL="ERROR",
        **extra,
    )
    return env


@contextmanager
def production_server(env: dict, workers: int = 4):
    """`segurfaq serve --prod` on a free port; yields its base address."""
    port = free_port()
    log_path = Path(env["SEGURFAQ_DATA_DIR"]) / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [SEGURFAQ, "serve", "--prod", f"127.0.0.1:{port}"],
            env={**env, "WEB_CONCURRENCY": str(workers)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process, log_path)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def _wait_ready(base: str, process, log_path: Path) -> None:
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server stopped:\n" + log_path.read_text())
        try:
            request_json(base, "GET", "/readyz")
            return
        except (OSError, urllib.error.HTTPError):
            time.sleep(0.5)
    raise RuntimeError("server not ready after 180 s:\n" + log_path.read_text())


def _send(request: urllib.request.Request) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def request_json(base: str, method: str, path: str, payload=None) -> tuple[int, dict]:
    """One request as a reverse proxy would pass it on (HTTPS already terminated)."""
    body = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(
        base + path,
        data=body,
        method=method,
        headers={"Content-Type": "application/json", "X-Forwarded-Proto": "https"},
    )
    status, content = _send(request)
    return status, json.loads(content or b"{}")


def request_page(base: str, path: str) -> int:
    """The status of a page read through the same proxy headers."""
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    return _send(request)[0]
