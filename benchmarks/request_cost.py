"""Python time of one request in process, without a server or other clients: what each
vote, detail reading and cached list page costs a worker.

    .venv/bin/python benchmarks/request_cost.py [--count 1000]

Uses a fresh data folder with the default content and Django's test client (no network).
Votes are cast and changed by 400 API visitors, as in benchmarks/load.py.
"""

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import service_in_process


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="requests per kind")
    args = parser.parse_args()
    Client = service_in_process("cost")
    from django.core.management import call_command

    from segurfaq.faq.services import default_content_load_if_empty

    print("1/3 base de données et contenu par défaut…", flush=True)
    call_command("migrate", verbosity=0)
    default_content_load_if_empty()
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    slugs = [e["slug"] for e in client.get("/api/v1/entries?page_size=50").json()["results"]]

    def vote(number: int):
        value = "yes" if (number // 200) % 2 == 0 else "no"
        body = {"value": value, "visitor": f"bench-reader-{number % 400}"}
        return client.post(
            f"/api/v1/entries/{slugs[number % len(slugs)]}/votes",
            json.dumps(body),
            content_type="application/json",
        )

    def page(path: str):
        # A reader without cookies, as wrk is: the page comes from the shared cache.
        client.cookies.clear()
        return client.get(path)

    kinds = {
        "vote (API)": vote,
        "detail page (cached)": lambda number: page(f"/questions/{slugs[number % len(slugs)]}/"),
        "list page (cached)": lambda number: page("/"),
    }
    print(f"2/3 mise en route ({args.count} requêtes de chaque sorte)…", flush=True)
    for send in kinds.values():
        for number in range(args.count):
            response = send(number)
            if response.status_code != 200:
                print(f"Réponse {response.status_code} : {response.content[:200]!r}")
                return 1
    print("3/3 mesure…", flush=True)
    print("| request | ms each |\n|---|---|")
    for name, send in kinds.items():
        started = time.perf_counter()
        for number in range(args.count, 2 * args.count):
            send(number)
        elapsed = time.perf_counter() - started
        print(f"| {name} | {elapsed / args.count * 1000:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
