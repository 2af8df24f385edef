"""The answer engine measured the way an outside evaluation runs it: a new database, the
default content, optionally the 312 neighbouring entries (with their wordings, or bare) and
N synthetic entries with wordings imported with `segurfaq import`, then `segurfaq reindex`
(its progress and rate shown), and every question asked through `segurfaq search --jsonl`.

    .venv/bin/python benchmarks/through_cli.py [--split dev|frozen] [--neighbours [bare]]
    .venv/bin/python benchmarks/through_cli.py --neighbours --synthetic 169   # 500 entries
    .venv/bin/python benchmarks/through_cli.py --postgres postgres://postgres@127.0.0.1:5432/test

Prints the reindex's duration and rate, then P@1, MRR@5, the share of answerable questions
given the notice and of out-of-scope ones flagged (default content only), and the time per
question of the whole command (model loading included, spread over the questions).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import (
    NEIGHBOUR_FORMS,
    SPLITS,
    add_sample_option,
    apply_sample,
    neighbour_entries,
    questions,
)
from synthetic import make_entries

ROOT = Path(__file__).resolve().parents[1]
SEGURFAQ = str(Path(sys.executable).with_name("segurfaq"))


def run(env: dict, *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [SEGURFAQ, *args], env=env, input=stdin, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"segurfaq {' '.join(args)} a échoué :\n{result.stderr}")
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=sorted(SPLITS), default="dev")
    parser.add_argument("--neighbours", nargs="?", const="wordings", choices=NEIGHBOUR_FORMS)
    parser.add_argument("--postgres", help="URL of a PostgreSQL database to create one in")
    parser.add_argument(
        "--synthetic",
        type=int,
        default=0,
        metavar="N",
        help="import N synthetic entries with wordings too (benchmarks/synthetic.py)",
    )
    add_sample_option(parser)
    args = parser.parse_args()
    apply_sample(args)
    asked = questions(args.split)
    if args.neighbours:
        asked = [q for q in asked if q["expected"]]
    with tempfile.TemporaryDirectory(prefix="segurfaq-cli-") as folder:
        database, drop = _database(Path(folder), args.postgres)
        try:
            env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
            env.update(SEGURFAQ_DATA_DIR=folder, DATABASE_URL=database, SECRET_KEY="benchmark-only")
            run(env, "migrate")
            run(env, "import", str(ROOT / "src/segurfaq/faq/data/default_content.json"))
            if args.neighbours:
                document = Path(folder) / "voisines.json"
                entries = neighbour_entries(args.neighbours)
                document.write_text(
                    json.dumps({"format": "segurfaq/1", "facets": [], "entries": entries}),
                    encoding="utf-8",
                )
                run(env, "import", str(document))
            if args.synthetic:
                document = Path(folder) / "synthetiques.json"
                entries = [
                    {**entry, "status": "published", "values": []}
                    for entry in make_entries(args.synthetic)
                ]
                document.write_text(
                    json.dumps({"format": "segurfaq/1", "facets": [], "entries": entries}),
                    encoding="utf-8",
                )
                run(env, "import", str(document))
            started = time.perf_counter()
            reindex = run(env, "reindex")
            reindex_seconds = time.perf_counter() - started
            lines = "\n".join(json.dumps({"query": q["query"]}) for q in asked) + "\n"
            started = time.perf_counter()
            answers = run(env, "search", "--jsonl", "--limit", "5", stdin=lines).splitlines()
            search_seconds = time.perf_counter() - started
        finally:
            drop()
    print(reindex.strip().splitlines()[-2] if len(reindex.splitlines()) > 1 else "")
    print(f"reindex: {reindex_seconds:.1f} s ({reindex.strip().splitlines()[-1]})")
    first, reciprocal, notice, flagged = [], [], [], []
    for item, line in zip(asked, answers, strict=True):
        answer = json.loads(line)
        slugs = [result["slug"] for result in answer["results"]]
        if item["expected"] is None:
            flagged.append(answer["low_confidence"])
            continue
        rank = slugs.index(item["expected"]) + 1 if item["expected"] in slugs else None
        first.append(rank == 1)
        reciprocal.append(1 / rank if rank else 0.0)
        notice.append(answer["low_confidence"])
    print(
        f"{args.split} split{' + neighbours' if args.neighbours else ''}, "
        f"{len(asked)} questions through segurfaq search --jsonl: "
        f"P@1 {statistics.mean(first):.3f}, MRR@5 {statistics.mean(reciprocal):.3f}, "
        f"notice on answerable {statistics.mean(notice):.1%}"
        + (f", out of scope flagged {statistics.mean(flagged):.1%}" if flagged else "")
        + f"; {search_seconds / len(asked) * 1000:.0f} ms a question, command included"
    )


def _database(folder: Path, postgres: str | None):
    if not postgres:
        return f"sqlite:///{folder / 'segurfaq.sqlite3'}", lambda: None
    import psycopg

    name = f"segurfaq_cli_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlsplit(postgres)._replace(path=f"/{name}").geturl(), drop


if __name__ == "__main__":
    main()
