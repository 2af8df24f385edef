"""Digests at the size of a real readership: N confirmed followers with varied selections,
M entries changed (doctrine) since their last digest; the time and peak memory to work out
and queue every digest, then the sending rate to a local SMTP server.

    .venv/bin/python benchmarks/digest.py [--followers 100000] [--changed 50] [--send 2000]

Runs in process on a fresh SQLite data folder (DATABASE_URL for PostgreSQL), with the
default content and the benchmark's 312 neighbours (331 entries). Followers: 10 % follow one
entry, the rest a selection of 0 to 3 facet values drawn from the content's values (a
follow of the whole FAQ included); keywords are left out (each distinct one costs one
search). Working out: `digests_queue` as `segurfaq digest` calls it, timed, with the peak
of Python's allocations (tracemalloc) and the process's peak resident memory. Sending:
`--send` of the queued digests to an aiosmtpd server of this script's own, with no rate
limit (`mails_send_due(rate=0)`).
"""

import argparse
import random
import resource
import socket
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aiosmtpd.controller import Controller
from corpus import add_sample_option, apply_sample, neighbour_entries
from in_process import service_in_process


class Inbox:
    """An SMTP server's handler that counts what it takes."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--changed", type=int, default=50)
    parser.add_argument("--send", type=int, default=2000, help="digests sent to measure the rate")
    parser.add_argument("--seed", type=int, default=3)
    add_sample_option(parser)
    args = parser.parse_args()
    apply_sample(args)
    service_in_process("digest", SEGURFAQ_SEMANTIC_SEARCH="false")

    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from segurfaq.faq.interchange import read_document
    from segurfaq.faq.models import Entry, FacetValue
    from segurfaq.faq.preparation import database_prepare
    from segurfaq.faq.services import content_import, entry_save
    from segurfaq.subscriptions.digests import IMMEDIATE_PERIOD, digests_queue
    from segurfaq.subscriptions.mail import mails_send_due
    from segurfaq.subscriptions.models import Follower, FollowerMail

    class Quiet:
        def write(self, *_):
            pass

        def flush(self):
            pass

    rng = random.Random(args.seed)
    print("1/4 base, contenu par défaut et voisines…", flush=True)
    database_prepare(out=Quiet(), content=True)
    content_import(
        document=read_document(
            {"format": "segurfaq/1", "facets": [], "entries": neighbour_entries("wordings")}
        )
    )
    entries = list(Entry.objects.filter(status=Entry.Status.PUBLISHED).values_list("pk", flat=True))
    keys = [value.key for value in FacetValue.objects.select_related("facet")]
    # Followers confirmed once the content is in: only the changes below are news to them.
    start = timezone.now()

    print(f"2/4 {args.followers} lecteurs qui suivent…", flush=True)
    rows = []
    for number in range(args.followers):
        entry = rng.choice(entries) if rng.random() < 0.1 else None
        selection = [] if entry else rng.sample(keys, rng.choice((0, 1, 1, 2, 2, 3)))
        rows.append(
            Follower(
                email=f"lecteur{number}@example.fr",
                mailbox_key=f"{number:032x}",
                selection=selection,
                entry_id=entry,
                confirmed_at=start,
                covered_until=start,
            )
        )
    Follower.objects.bulk_create(rows, batch_size=2000)
    del rows

    print(f"3/4 {args.changed} réponses changées (doctrine), puis les messages…", flush=True)
    for pk in rng.sample(entries, min(args.changed, len(entries))):
        entry = Entry.objects.get(pk=pk)
        entry.answer_source += "\n\nPrécision : cette règle s'applique à partir de 2027."
        entry_save(entry=entry, content_changed=True)
    after = timezone.now() + IMMEDIATE_PERIOD * 2

    tracemalloc.start()
    started = time.perf_counter()
    report = digests_queue(now=after)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"working out and queuing: {report.followers} followers, {report.queued} digests "
        f"in {elapsed:.1f} s ({report.followers / elapsed:,.0f} followers/s); peak of "
        f"Python allocations {peak / 1e6:.1f} MB, process peak resident {rss:.0f} MB "
        f"({connection.vendor})",
        flush=True,
    )

    print(f"4/4 envoi de {args.send} messages à un serveur SMTP local…", flush=True)
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    # Only --send of them are due now; the others wait.
    due = list(
        FollowerMail.objects.filter(kind="digest").order_by("pk").values_list("pk", flat=True)
    )
    FollowerMail.objects.exclude(pk__in=due[: args.send]).update(
        next_attempt_at=timezone.now() + timedelta(days=1)
    )
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        started = time.perf_counter()
        done = mails_send_due(rate=0)
        elapsed = time.perf_counter() - started
    finally:
        server.stop()
    print(
        f"sending: {done['sent']} digests in {elapsed:.1f} s "
        f"({done['sent'] / elapsed:.1f} messages/s), {inbox.count} received",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
