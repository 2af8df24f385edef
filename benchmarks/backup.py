"""Backup and restore of a database holding a year of searches: time, peak memory, an exact
round trip, and a consistent copy taken while readers vote.

    .venv/bin/python benchmarks/backup.py [--searches 1000000]            # SQLite
    .venv/bin/python benchmarks/backup.py --postgres postgres://postgres@127.0.0.1:5432/test

With --postgres, two databases are created on that server (and dropped at the end). Each
`segurfaq` command runs as an operator types it; its memory is the resident size of the
command and every process it started (pg_dump, pg_restore, psql), summed and sampled every
20 ms. The round trip compares `segurfaq fingerprint` (row count and SHA-256 of every table)
before the backup and after the restore into an empty database.
"""

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
SEGURFAQ = str(Path(sys.executable).with_name("segurfaq"))
# A cache token that every restore moves on purpose, so that each process reloads.
REVISION_TABLE = "search_indexrevision"
QUERIES = [
    "ins nouveau-né",
    "dmp alimentation",
    "mssanté messagerie",
    "financement solde",
    "référencement dpi",
    "datamatrix ordonnance",
    "qualification identité",
    "pfi couloir hôpital",
]


def run(env: dict, *args: str, **options) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [SEGURFAQ, *args], env=env, capture_output=True, text=True, check=False, **options
    )
    if result.returncode != 0:
        raise SystemExit(f"segurfaq {' '.join(args)} a échoué :\n{result.stderr}")
    return result


def measured(env: dict, *args: str) -> tuple[float, float]:
    """Seconds and peak memory (MB, the command and its children together) of a command."""
    process = subprocess.Popen(
        [SEGURFAQ, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    started = time.perf_counter()
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    errors = process.stderr.read()
    if process.returncode != 0:
        raise SystemExit(f"segurfaq {' '.join(args)} a échoué :\n{errors}")
    return seconds, peak / 1e6


def tree_rss(pid: int) -> int:
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        pending.extend(int(child) for child in children)
    return total


def fingerprint(env: dict) -> dict:
    lines = run(env, "fingerprint", "--json").stdout.splitlines()
    return {table["table"]: (table["rows"], table["sha256"]) for table in map(json.loads, lines)}


def environment(folder: Path, database_url: str) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update(
        SEGURFAQ_DATA_DIR=str(folder),
        DATABASE_URL=database_url,
        SECRET_KEY="segurfaq-benchmark-only",
        SEGURFAQ_SEMANTIC_SEARCH="false",
        SEGURFAQ_RATE_LIMITS="off",
        LOG_LEVEL="ERROR",
    )
    return env


def fill_searches(database_url: str, count: int) -> None:
    """`count` logged searches over the last 395 days, written in bulk."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    # What readers did after their searches, in about the shares the service sees.
    OUTCOMES = ["", "", "", "opened", "read", "read", "helpful", "unhelpful", "reformulated"]

    def rows():
        for number in range(count):
            query = rng.choice(QUERIES) + f" {number % 997}"
            yield (
                query,
                query.lower(),
                "{}",
                rng.randint(0, 19),
                round(rng.random(), 4),
                rng.random() < 0.2,
                round(rng.uniform(5, 40), 2),
                rng.choice(["page", "api"]),
                (now - timedelta(seconds=rng.randint(0, 395 * 86400))).isoformat(),
                rng.choice(OUTCOMES),
            )

    columns = (
        "query, normalized_query, filters, result_count, confidence, low_confidence, "
        "duration_ms, source, created_at, outcome"
    )
    started = time.perf_counter()
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            connection.executemany(
                f"INSERT INTO search_searchlog ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                rows(),
            )
    else:
        import psycopg

        with (
            psycopg.connect(database_url) as connection,
            connection.cursor() as cursor,
            cursor.copy(f"COPY search_searchlog ({columns}) FROM STDIN") as copy,
        ):
            for row in rows():
                copy.write_row(row)
    print(f"  {count:,} recherches écrites en {time.perf_counter() - started:.0f} s", flush=True)


class Databases:
    """Empty databases of the kind asked for, dropped at the end."""

    def __init__(self, folder: Path, postgres: str | None):
        self.folder = folder
        self.postgres = postgres
        self.created: list[str] = []

    def new(self, name: str) -> str:
        if not self.postgres:
            (self.folder / name).mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{self.folder / name / 'segurfaq.sqlite3'}"
        import psycopg

        database = f"segurfaq_bench_{name}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.postgres, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        self.created.append(database)
        return urlsplit(self.postgres)._replace(path=f"/{database}").geturl()

    def drop_all(self) -> None:
        if not self.postgres:
            return
        import psycopg

        with psycopg.connect(self.postgres, autocommit=True) as admin:
            for database in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def backup_while_voting(env: dict, folder: Path, databases: Databases) -> dict:
    """Readers vote through the production server while the backup runs; the backup is
    restored into an empty database and checked."""
    import urllib.request

    port = free_port()
    log = open(folder / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [SEGURFAQ, "serve", "--prod", f"127.0.0.1:{port}"],
        env={**env, "WEB_CONCURRENCY": "2", "SECURE_SSL_REDIRECT": "false"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/readyz", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        answered: list[float] = []
        stop = threading.Event()

        def voter():
            while not stop.is_set():
                body = json.dumps({"value": "yes", "visitor": uuid.uuid4().hex}).encode()
                request = urllib.request.Request(
                    base + "/api/v1/entries/creer-l-ins-d-un-nouveau-ne/votes",
                    data=body,
                    headers={"Content-Type": "application/json"},
                    method="POST",
                )
                with urllib.request.urlopen(request, timeout=60) as response:
                    if response.status == 200:
                        answered.append(time.monotonic())

        voters = [threading.Thread(target=voter) for _ in range(4)]
        for thread in voters:
            thread.start()
        time.sleep(2)
        started = time.monotonic()
        backup = folder / "pendant-les-votes.backup"
        run(env, "backup", "-o", str(backup))
        finished = time.monotonic()
        time.sleep(1)
        stop.set()
        for thread in voters:
            thread.join()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
        log.close()
    restored = environment(folder / "restauree-pendant", databases.new("pendant"))
    run(restored, "restore", str(backup), "--yes")
    votes = fingerprint(restored)["feedback_vote"][0]
    return {
        "answered_before": sum(1 for at in answered if at < started),
        "answered_by_the_end": sum(1 for at in answered if at <= finished),
        "answered_in_all": len(answered),
        "stored_in_the_backup": votes,
        "backup_seconds": round(finished - started, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--searches", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="URL of a PostgreSQL server's database to create in")
    args = parser.parse_args()
    kind = "PostgreSQL" if args.postgres else "SQLite"
    with tempfile.TemporaryDirectory(prefix="segurfaq-bench-backup-") as tmp:
        folder = Path(tmp)
        databases = Databases(folder, args.postgres)
        try:
            source_url = databases.new("source")
            env = environment(folder / "source", source_url)
            print(f"{kind} : base de départ, contenu par défaut…", flush=True)
            run(env, "migrate")
            default = ROOT / "src/segurfaq/faq/data/default_content.json"
            run(env, "import", str(default))
            fill_searches(source_url, args.searches)
            before = fingerprint(env)

            backup = folder / "sauvegarde.backup"
            print("Sauvegarde…", flush=True)
            backup_seconds, backup_mb = measured(env, "backup", "-o", str(backup))
            backup_size = backup.stat().st_size
            target = environment(folder / "cible", databases.new("cible"))
            print("Restauration dans une base vide…", flush=True)
            restore_seconds, restore_mb = measured(target, "restore", str(backup), "--yes")
            after = fingerprint(target)
            same = {t: v for t, v in before.items() if t != REVISION_TABLE} == {
                t: v for t, v in after.items() if t != REVISION_TABLE
            }
            print("Sauvegarde pendant que des lecteurs votent…", flush=True)
            voting = backup_while_voting(env, folder, databases)
        finally:
            databases.drop_all()
    total_rows = sum(rows for rows, _ in before.values())
    print(
        json.dumps(
            {
                "database": kind,
                "searches": args.searches,
                "rows_in_all_tables": total_rows,
                "backup_file_mb": round(backup_size / 1e6, 1),
                "backup_seconds": round(backup_seconds, 1),
                "backup_peak_mb": round(backup_mb, 1),
                "restore_seconds": round(restore_seconds, 1),
                "restore_peak_mb": round(restore_mb, 1),
                "round_trip_exact": same,
                "tables_compared": len(before) - 1,
                "while_voting": voting,
            },
            indent=2,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
