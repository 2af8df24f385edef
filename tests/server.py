"""A real production server (`segurfaq serve --prod`) on its own database, for tests that
need several processes: concurrency, faults, backups, and the previous release's data."""

import gzip
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings

SEGURFAQ = str(Path(sys.executable).with_name("segurfaq"))
USER_AGENT = "segurfaq-tests/1"
PREVIOUS_RELEASE = Path(__file__).parent / "data" / "previous_release"


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
        {
            "SEGURFAQ_DATA_DIR": str(data_dir),
            "DATABASE_URL": database_url,
            "SECRET_KEY": "segurfaq-tests-only-server",
            "SEGURFAQ_SEMANTIC_SEARCH": "false",
            "LOG_LEVEL": "ERROR",
            **extra,
        }
    )
    return env


def segurfaq_run(env: dict, *args: str, check: bool = True, **options):
    """The `segurfaq` command, as an operator types it; its completed process."""
    result = subprocess.run(
        [SEGURFAQ, *args], env=env, capture_output=True, text=True, timeout=600, **options
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def database_rows(database_url: str, query: str) -> list[tuple]:
    """Rows read straight from the service's database, as an operator's SQL would."""
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return connection.execute(query).fetchall()
    import psycopg

    with psycopg.connect(database_url) as connection:
        return connection.execute(query).fetchall()


def stored_votes(database_url: str) -> Counter:
    """How many votes of each value each entry has, by slug."""
    rows = database_rows(
        database_url,
        "SELECT e.slug, v.value, COUNT(*) FROM feedback_vote v "
        "JOIN faq_entry e ON e.id = v.entry_id GROUP BY e.slug, v.value",
    )
    return Counter({(slug, value): count for slug, value, count in rows})


def fingerprint(env: dict) -> dict[str, tuple[int, str]]:
    """Row count and checksum of every table (`segurfaq fingerprint`)."""
    lines = segurfaq_run(env, "fingerprint", "--json").stdout.splitlines()
    tables = [json.loads(line) for line in lines]
    return {table["table"]: (table["rows"], table["sha256"]) for table in tables}


def previous_release_database(database_url: str) -> None:
    """Fill the empty database with the previous release's data (its schema, its rows)."""
    if database_url.startswith("sqlite"):
        target = Path(database_url.removeprefix("sqlite:///"))
        target.write_bytes(gzip.decompress((PREVIOUS_RELEASE / "segurfaq.sqlite3.gz").read_bytes()))
        return
    import psycopg

    dump = gzip.decompress((PREVIOUS_RELEASE / "postgresql.sql.gz").read_bytes()).decode()
    # pg_dump writes a few psql commands (\restrict) that a plain connection does not know.
    statements = "\n".join(line for line in dump.splitlines() if not line.startswith("\\"))
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(statements)


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
            with suppress(ProcessLookupError):  # it may have died: the test says why
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def _wait_ready(base: str, process, log_path: Path) -> None:
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server stopped:\n" + log_path.read_text())
        try:
            if http_request(base, "GET", "/readyz", timeout=10).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("server not ready after 180 s:\n" + log_path.read_text())


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body or b"{}")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def http_request(
    base: str,
    method: str,
    path: str,
    *,
    payload=None,
    form: dict | None = None,
    headers: dict | None = None,
    source: str | None = None,
    timeout: float = 60,
) -> Reply:
    """One request as a reverse proxy would pass it on (HTTPS already terminated), from the
    local address `source` if given (127.0.0.2, 127.0.0.3…: several readers on one machine)."""
    address = urlsplit(base)
    sent = {"X-Forwarded-Proto": "https", "User-Agent": USER_AGENT, **(headers or {})}
    body = None
    if payload is not None:
        body = json.dumps(payload).encode()
        sent.setdefault("Content-Type", "application/json")
    elif form is not None:
        body = urlencode(form, doseq=True).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    connection = http.client.HTTPConnection(
        address.hostname,
        address.port,
        timeout=timeout,
        source_address=(source, 0) if source else None,
    )
    started = time.monotonic()
    try:
        connection.request(method, quote(path, safe="/?&=%+:,;@"), body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
    finally:
        connection.close()
    return Reply(response.status, response.headers, content, time.monotonic() - started)


def request_json(base: str, method: str, path: str, payload=None) -> tuple[int, dict]:
    """One JSON request; its status and decoded body."""
    reply = http_request(base, method, path, payload=payload)
    return reply.status, reply.json()


def request_page(base: str, path: str) -> int:
    """The status of a page read through the same proxy headers."""
    return http_request(base, "GET", path).status


class _Form(HTMLParser):
    """The fields a browser would send for the form whose id (or action) is given."""

    def __init__(self, wanted: str):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: list | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = self.wanted in (attrs.get("id"), attrs.get("action"))
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "image", "file"):
                self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


class Browser:
    """A reader or an editor with cookies, reaching the service through its proxy headers."""

    def __init__(self, base: str, *, source: str | None = None):
        self.base = base
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **options) -> Reply:
        headers = dict(options.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            # Django checks where an HTTPS form comes from.
            origin = "https://" + urlsplit(self.base).netloc
            headers.setdefault("Origin", origin)
            headers.setdefault("Referer", origin + path)
        reply = http_request(
            self.base, method, path, headers=headers, source=self.source, **options
        )
        for header in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return reply

    def form_fields(self, path: str, form: str) -> list[tuple[str, str]]:
        parser = _Form(form)
        parser.feed(self.request("GET", path).text)
        return parser.fields

    def log_in(self, username: str, password: str) -> Reply:
        fields = dict(self.form_fields("/admin/login/", "login-form"))
        fields.update(username=username, password=password)
        return self.request("POST", "/admin/login/?next=/admin/", form=fields)


def vote_as_new_reader(base: str, slug: str, value: str = "yes", **options) -> int:
    """One API vote by a reader never seen before (each acknowledged vote is a row of its
    own); its status. `options` go to http_request (headers, timeout…)."""
    return http_request(
        base,
        "POST",
        f"/api/v1/entries/{slug}/votes",
        payload={"value": value, "visitor": uuid.uuid4().hex},
        **options,
    ).status
