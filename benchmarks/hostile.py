"""What the worst inputs a stranger can send cost a worker, beside ordinary questions.

    .venv/bin/python benchmarks/hostile.py [--rounds 20] [--ordinary 100]

Runs the service in process (Django's test client, no network) on a fresh data folder with
the default content and the embedding model on, one thread, the rate limits off (they would
refuse the flood this is). Each door that reaches the engine is asked ordinary questions
(the dev split's first --ordinary ones) and each hostile input; every hostile input is made
anew for each round (random letters, another seed), so that no cache (the engine keeps the
vectors of 512 recent questions) hides its cost. Reports the CPU time of each request
(median over the rounds, in ms, the engine's memory of recent question vectors emptied
before each), the peak memory it allocated (tracemalloc, in MB, on a second pass), and the
ratio of the worst input's median to the ordinary questions' median.
"""

import argparse
import json
import logging
import random
import statistics
import string
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from in_process import service_in_process

from segurfaq.engine.core import MAX_QUERY_CHARS

HERE = Path(__file__).resolve().parent
# The longest question the page and the API take (faq.selectors.QUERY_MAX_LENGTH is the
# engine's own bound).
BOUND = MAX_QUERY_CHARS
DOORS = {
    "page": "/",
    "API": "/api/v1/search",
    "question form": "/poser-une-question/",
}


def made_up_word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(length))


def hostile_inputs(rng: random.Random, facets: dict[str, list[str]]) -> dict[str, dict]:
    """Each worst case as the query parameters a stranger sends, at the doors' own bounds
    (BOUND characters for the page and the API, what the engine reads; the question form
    reads up to 1,000)."""
    every_value = [(facet, value) for facet, values in facets.items() for value in values]
    question = "identité nationale de santé nouveau-né " + made_up_word(rng, 6)
    words = BOUND // 9
    return {
        f"one made-up word ({BOUND} letters)": {"q": made_up_word(rng, BOUND)},
        "one made-up word (1,000 letters, question form)": {"q": made_up_word(rng, 1000)},
        f"{words} made-up words of 8 letters": {
            "q": " ".join(made_up_word(rng, 8) for _ in range(words))
        },
        f"{BOUND // 3} made-up words of 2 letters": {
            "q": " ".join(made_up_word(rng, 2) for _ in range(BOUND // 3))
        },
        f"{BOUND // 2} one-letter words": {
            "q": " ".join(rng.choice(string.ascii_lowercase) for _ in range(BOUND // 2))
        },
        f"{BOUND} × U+FDFA (unfolds into 18 letters each)": {
            "q": "\ufdfa" * (BOUND - 1) + rng.choice("abc")
        },
        f"{BOUND} emoji": {"q": "".join(chr(0x1F600 + rng.randrange(80)) for _ in range(BOUND))},
        f"{BOUND} ideograms": {
            "q": "".join(chr(0x4E00 + rng.randrange(20000)) for _ in range(BOUND))
        },
        "combining marks (5 per letter)": {
            "q": "".join(
                rng.choice("aeiou") + "\u0301\u0302\u0303\u0304\u0308" for _ in range(BOUND // 6)
            )
        },
        "all 47 facet values and a question": {
            "q": question,
            **{facet: [v for f, v in every_value if f == facet] for facet in facets},
        },
        "a deep page (page=100000)": {"q": question, "page": "100000"},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="times each hostile input")
    parser.add_argument("--ordinary", type=int, default=100, help="ordinary questions")
    args = parser.parse_args()
    Client = service_in_process("hostile", SEGURFAQ_SEMANTIC_SEARCH="true", OMP_NUM_THREADS="1")
    from segurfaq.faq.preparation import database_prepare
    from segurfaq.faq.selectors import facet_choices
    from segurfaq.search.index import current_engine

    # Refused requests are the point here: their WARNING lines are not.
    logging.getLogger("django.request").setLevel(logging.ERROR)

    print("1/3 base de données, contenu par défaut et plongements…", flush=True)

    class Quiet:
        def write(self, text):
            pass

        def flush(self):
            pass

    database_prepare(out=Quiet())
    client = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="127.0.0.1")
    facets = {facet.slug: list(facet.values) for facet in facet_choices()}
    with open(HERE / "data" / "dev.jsonl", encoding="utf-8") as lines:
        questions = [json.loads(line)["query"] for line in lines][: args.ordinary]

    def cost(door: str, params: dict) -> tuple[float, float, int]:
        """CPU ms, peak MB and status of one request, each measured on its own pass (tracing
        the allocations slows Python down), the question's vector not in the engine's memory
        of recent ones."""
        engine = current_engine()
        engine._query_vectors.clear()
        started = time.process_time()
        response = client.get(door, params)
        cpu = (time.process_time() - started) * 1000
        engine._query_vectors.clear()
        tracemalloc.start()
        client.get(door, params)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        return cpu, peak, response.status_code

    print("2/3 mise en route…", flush=True)
    for door in DOORS.values():
        for question in ("bonjour", "INS", "référencement Ségur vague 2"):
            cost(door, {"q": question})

    print(f"3/3 mesure ({args.ordinary} questions ordinaires, {args.rounds} tours)…", flush=True)
    print()
    worst_ratio = 0.0
    for name, door in DOORS.items():
        ordinary = [cost(door, {"q": question}) for question in questions]
        ordinary_cpu = statistics.median(c for c, _, _ in ordinary)
        ordinary_peak = statistics.median(p for _, p, _ in ordinary)
        print(f"### {name} ({door})\n")
        print("| input | statuses | CPU ms (median) | × ordinary | peak MB |")
        print("|---|---|---|---|---|")
        print(
            f"| ordinary questions (dev split, p50; p90 "
            f"{statistics.quantiles([c for c, _, _ in ordinary], n=10)[-1]:.1f} ms) "
            f"| {sorted({s for _, _, s in ordinary})} | {ordinary_cpu:.1f} | 1.0 "
            f"| {ordinary_peak:.1f} |"
        )
        rounds = [hostile_inputs(random.Random(seed), facets) for seed in range(args.rounds)]
        for label in rounds[0]:
            if "question form" in label and name != "question form":
                continue
            measured = [cost(door, inputs[label]) for inputs in rounds]
            cpu = statistics.median(c for c, _, _ in measured)
            peak = max(p for _, p, _ in measured)
            ratio = cpu / ordinary_cpu
            worst_ratio = max(worst_ratio, ratio)
            statuses = sorted({s for _, _, s in measured})
            print(f"| {label} | {statuses} | {cpu:.1f} | {ratio:.1f} | {peak:.1f} |")
        print()
    print(f"Worst input / ordinary question (CPU, medians): {worst_ratio:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
