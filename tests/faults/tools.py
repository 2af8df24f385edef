"""What the fault tests put around the service: their own Redis, nginx, and a TCP proxy
that cuts a connection to PostgreSQL or Redis and restores it, without touching the
machine's own servers."""

import os
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.server import free_port, own_database

# A database connection to cut needs a database server: SQLite is a file the service opens.
postgres_only = pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite is a file opened by the service itself: there is no connection to cut",
)


class TcpProxy:
    """Relays 127.0.0.1:port to a server. `cut()` resets every relayed connection and
    refuses new ones (as a server that died would); `restore()` relays again."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._relaying = True
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._relaying:
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                self._forget(end)

    def _forget(self, end: socket.socket) -> None:
        with self._lock:
            self._open.discard(end)
        _reset(end)

    def cut(self) -> None:
        self._relaying = False
        with self._lock:
            ends = list(self._open)
            self._open.clear()
        for end in ends:
            _reset(end)

    def restore(self) -> None:
        self._relaying = True

    def close(self) -> None:
        self._running = False
        self.cut()
        self._listener.close()


def _reset(end: socket.socket) -> None:
    """End a relayed connection as a dying server would: at once, for both sides. shutdown()
    comes first because close() alone, while a relay thread is blocked reading the socket,
    is deferred by the kernel until that read returns, and the service would wait forever
    for an answer that never comes."""
    with suppress(OSError):
        end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        end.close()


@contextmanager
def tcp_proxy(target_port: int, target_host: str = "127.0.0.1"):
    proxy = TcpProxy(target_port, target_host)
    try:
        yield proxy
    finally:
        proxy.close()


def _program(name: str, package: str) -> str:
    # Debian puts some in /usr/sbin, which a non-root PATH lacks.
    found = shutil.which(name, path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    if found is None:
        pytest.fail(f"{name} est absent : installez le paquet {package} (scripts/test le fait).")
    return found


@contextmanager
def _listening(command: list[str], port: int, log: Path):
    """A server process of the test's own, once it accepts connections on `port`."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{command[0]} stopped:\n{log.read_text() if log.exists() else ''}"
                )
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{command[0]}: nothing listens on {port} after 20 s"
                    ) from None
                time.sleep(0.1)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)


def redis_server(folder: Path):
    """A Redis of the test's own on a free port (nothing kept on disk); yields its port."""
    port = free_port()
    log = folder / "redis.log"
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command = [_program("redis-server", "redis-server"), *options, "--dir", str(folder)]
    return _listening([*command, "--logfile", str(log)], port, log)


NGINX_CONF = """
daemon off;
master_process off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Request-ID $request_id;
        }}
    }}
}}
"""


def nginx(folder: Path, upstream_port: int):
    """Debian's nginx on a free port, in front of the service as docs/operations.md says;
    yields its port."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = folder / "nginx.conf"
    config.write_text(NGINX_CONF.format(folder=folder, port=port, upstream=upstream_port))
    command = [_program("nginx", "nginx-light"), "-c", str(config), "-p", str(folder)]
    return _listening(command, port, folder / "nginx-error.log")


@contextmanager
def database_behind_proxy(data_dir: Path):
    """An empty database of the tests' own and a proxy in front of it: its URL, the URL
    that reaches it through the proxy (the service's), and the proxy."""
    with own_database(data_dir) as database_url:
        address = urlsplit(database_url)
        with tcp_proxy(address.port or 5432) as proxy:
            through = address._replace(netloc=f"{address.username}@127.0.0.1:{proxy.port}")
            yield database_url, through.geturl(), proxy
