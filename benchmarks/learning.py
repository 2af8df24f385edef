"""The readers' learning loop at work: simulated readers search, open, read and vote with
realistic noise, editors accept the wordings readers proposed, and the frozen split is
asked at each checkpoint; then a burst of hostile beacons and votes, and the frozen split
again.

    .venv/bin/python benchmarks/learning.py [--searches 10000] [--checkpoints 0,1000,10000]

Runs the service in process (Django's test client is not needed: the use cases the pages
and the API call, `search.services.search_ask`, `reading_record`, `feedback.services.
vote_submit`, and the admin's `wording_candidate_accept`), on a fresh data folder with the
default content and the benchmark's neighbours with their wordings, the embedding model on,
the rate limits off (the simulated readers all live in this one process).

Readers: each session is a dev question (answerable or not: readers also ask what the FAQ
does not cover), sometimes typed without accents or in lower case, from one of 3,000
readers' networks. Noise: 30 % of searches are abandoned; a reader who goes on opens the
right answer when it is shown with 80 % chance, another shown answer otherwise (a wrong
click); an opened answer is read (the beacon) 60 % of the time; a "Oui" follows 30 % of
right readings, a "Oui" by mistake 5 % of wrong ones. Editors, every 500 searches, go
through the proposals that at least `--readers` readers made (the admin's order) and accept
those they judge right, dismissing the others, and miss 10 % of the wrong ones (accepted
by mistake). The frozen split (never read by any tuning) is only measured.

The hostile burst: from --attackers networks, searches of one dev question followed by
5,000 readings and "Oui" votes for a wrong answer the search returned. A proposal counts
once per reader who searched, so it reaches at most as many readers as networks.
"""

import argparse
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import add_sample_option, apply_sample, neighbour_entries, questions
from in_process import service_in_process

EDITOR_EVERY = 500


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def typed(rng: random.Random, text: str) -> str:
    """How a reader types a question: as written, without accents, or in lower case."""
    roll = rng.random()
    if roll < 0.2:
        return plain(text)
    if roll < 0.3:
        return text.lower()
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=10_000)
    parser.add_argument("--checkpoints", default="0,1000,10000")
    parser.add_argument("--readers", type=int, default=3, help="readers a proposal needs")
    parser.add_argument("--attackers", type=int, default=2, help="networks of the burst")
    parser.add_argument("--seed", type=int, default=7)
    add_sample_option(parser)
    args = parser.parse_args()
    apply_sample(args)
    checkpoints = sorted({int(c) for c in args.checkpoints.split(",")} | {0})
    service_in_process("learning", SEGURFAQ_SEMANTIC_SEARCH="true", OMP_NUM_THREADS="1")
    import logging

    from django.core.management import call_command

    from segurfaq.faq.interchange import read_document
    from segurfaq.faq.preparation import database_prepare
    from segurfaq.faq.selectors import EntryFilters, entry_ref_published
    from segurfaq.faq.services import content_import
    from segurfaq.feedback.services import vote_submit
    from segurfaq.search.index import current_engine
    from segurfaq.search.models import WordingCandidate
    from segurfaq.search.services import (
        reading_record,
        search_ask,
        wording_candidate_accept,
        wording_candidate_dismiss,
    )

    logging.getLogger("django.request").setLevel(logging.ERROR)
    rng = random.Random(args.seed)

    class Out:
        def write(self, text, *rest):
            print("    " + text.rstrip("\n"), flush=True)

        def flush(self):
            pass

    print("1/4 base, contenu par défaut, voisines avec leurs formulations, index…", flush=True)
    database_prepare(out=Out(), content=True)
    content_import(
        document=read_document(
            {"format": "segurfaq/1", "facets": [], "entries": neighbour_entries("wordings")}
        )
    )
    call_command("reindex", stdout=Out())

    dev = questions("dev")
    frozen = [q for q in questions("frozen") if q["expected"]]

    def frozen_p_at_1() -> float:
        engine = current_engine()
        slugs = {}
        firsts = []
        for item in frozen:
            result = engine.search(item["query"], limit=1)
            top = result.hits[0].id if result.hits else None
            if top is not None and top not in slugs:
                slugs[top] = _slug(top)
            firsts.append(top is not None and slugs[top] == item["expected"])
        return statistics.mean(firsts)

    def _slug(entry_id: int) -> str:
        from segurfaq.faq.models import Entry

        return Entry.objects.only("slug").get(pk=entry_id).slug

    figures = {"accepted right": 0, "accepted wrong": 0, "dismissed": 0}

    def editors_review() -> None:
        """Editors go through the proposals made by enough readers and judge each one."""
        pending = WordingCandidate.objects.filter(
            status=WordingCandidate.Status.PENDING, count__gte=args.readers
        ).select_related("entry")
        for candidate in pending:
            right = truth.get(candidate.key) == candidate.entry.slug
            if right or rng.random() < 0.1:
                wording_candidate_accept(candidate=candidate)
                figures["accepted right" if right else "accepted wrong"] += 1
            else:
                wording_candidate_dismiss(candidate=candidate)
                figures["dismissed"] += 1

    # What each normalized question truly asks (the simulation's ground truth, for editors).
    truth: dict[str, str | None] = {}
    curve = []
    print(f"2/4 {args.searches} recherches simulées (points : {checkpoints})…", flush=True)
    curve.append((0, frozen_p_at_1()))
    print(f"    0 recherche : P@1 frozen {curve[-1][1]:.3f}", flush=True)
    started = time.perf_counter()
    for number in range(1, args.searches + 1):
        item = rng.choice(dev)
        network = f"reader-{rng.randrange(3000)}"
        asked = search_ask(
            filters=EntryFilters(query=typed(rng, item["query"])),
            source="api",
            network=network,
            returned=5,
        )
        result = asked.found.result
        if result is not None and asked.token:
            truth.setdefault(result.normalized, item["expected"])
            shown = asked.found.listing.entry_ids[:5]
            if shown and rng.random() >= 0.3:
                expected = entry_ref_published(slug=item["expected"]) if item["expected"] else None
                if expected is not None and expected.id in shown and rng.random() < 0.8:
                    opened = expected.id
                else:
                    opened = rng.choice(shown)
                right = expected is not None and opened == expected.id
                slug = _slug(opened)
                if rng.random() < 0.6:
                    reading_record(token=asked.token, slug=slug, network=network)
                    if (right and rng.random() < 0.3) or (not right and rng.random() < 0.05):
                        vote_submit(
                            entry=entry_ref_published(slug=slug),
                            voter=f"{network}-visitor",
                            network=network,
                            value="yes",
                            search_token=asked.token,
                        )
        if number % EDITOR_EVERY == 0:
            editors_review()
        if number % 1000 == 0:
            rate = number / (time.perf_counter() - started)
            print(f"    {number}/{args.searches} recherches ({rate:.0f}/s)", flush=True)
        if number in checkpoints:
            editors_review()
            curve.append((number, frozen_p_at_1()))
            print(f"    {number} recherches : P@1 frozen {curve[-1][1]:.3f}", flush=True)

    print(f"3/4 rafale hostile depuis {args.attackers} réseaux…", flush=True)
    before = frozen_p_at_1()
    # The attackers' question: the first answerable dev question whose search shows a wrong
    # answer beside the right one (one shown alone cannot be voted for from its search).
    target = None
    for item in (q for q in dev if q["expected"]):
        probe = search_ask(
            filters=EntryFilters(query=item["query"]),
            source="api",
            network=None,
            returned=5,
            log=False,
        )
        if any(_slug(i) != item["expected"] for i in probe.found.listing.entry_ids[:5]):
            target = item
            break
    attacked, key, sent = None, None, 0
    for burst in range(5000 if target else 0):
        network = f"attacker-{burst % args.attackers}"
        asked = search_ask(
            filters=EntryFilters(query=target["query"]),
            source="api",
            network=network,
            returned=5,
        )
        shown = asked.found.listing.entry_ids[:5]
        wrong = [i for i in shown if _slug(i) != target["expected"]]
        if not wrong or not asked.token:
            continue
        attacked, key = wrong[0], asked.found.result.normalized
        slug = _slug(attacked)
        reading_record(token=asked.token, slug=slug, network=network)
        sent += 1
        vote_submit(
            entry=entry_ref_published(slug=slug),
            voter=f"{network}-visitor-{burst}",
            network=network,
            value="yes",
            search_token=asked.token,
        )
    editors_review()
    proposal = WordingCandidate.objects.filter(entry_id=attacked, key=key).first()
    after = frozen_p_at_1()

    print("4/4 résultats")
    print()
    print("| searches simulated | frozen P@1 (neighbours with wordings) |")
    print("|---|---|")
    for searches, p_at_1 in curve:
        print(f"| {searches} | {p_at_1:.3f} |")
    print()
    print(
        f"editors accepted {figures['accepted right']} right proposals and "
        f"{figures['accepted wrong']} wrong ones, dismissed {figures['dismissed']}"
    )
    print(
        f"hostile burst: {sent} readings and votes from {args.attackers} networks; the wrong "
        f"answer's proposal reached {proposal.count if proposal else 0} readers "
        f"(editors look from {args.readers}); frozen P@1 {before:.3f} before, {after:.3f} after"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
