import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from segurfaq.subscriptions.digests import digests_queue
from segurfaq.subscriptions.mail import mails_send_due


class Command(BaseCommand):
    help = (
        "Prépare les messages des lecteurs qui suivent des réponses (nouvelles réponses et "
        "changements de doctrine de chaque période écoulée), puis envoie ceux qui sont dus. "
        "À lancer toutes les 5 minutes (cron) ou avec --loop à côté du service ; plusieurs "
        "instances peuvent le lancer en même temps : chaque lecteur reçoit un message par "
        "période."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Ne s'arrête pas : recommence toutes les --every secondes.",
        )
        parser.add_argument(
            "--every", type=int, default=60, help="Pause entre deux tours avec --loop (60 s)."
        )
        parser.add_argument(
            "--rate",
            type=float,
            default=None,
            help="Messages par seconde au plus (SEGURFAQ_DIGEST_RATE par défaut ; 0 : sans "
            "limite).",
        )
        parser.add_argument(
            "--queue-only",
            action="store_true",
            help="Prépare les messages sans les envoyer.",
        )

    def handle(self, *args, loop=False, every=60, rate=None, queue_only=False, **options):
        if every < 1:
            raise CommandError("--every doit être un nombre de secondes positif.")
        if rate is not None and rate < 0:
            raise CommandError("--rate doit être positif ou nul.")
        while True:
            try:
                self._round(rate, queue_only)
            except DatabaseError as error:
                if not loop:
                    raise CommandError(
                        f"Base de données injoignable ({error.__class__.__name__}) : rien "
                        "n'est perdu, relancez la commande quand elle répond."
                    ) from error
                self.stderr.write(f"base de données injoignable, nouvel essai dans {every} s")
            if not loop:
                return
            time.sleep(every)

    def _round(self, rate, queue_only):
        started = time.monotonic()
        report = digests_queue(progress=self._progress("préparés"))
        elapsed = time.monotonic() - started
        self.stdout.write(f"{report.summary()} en {elapsed:.1f} s.")
        if queue_only:
            return
        started = time.monotonic()
        done = mails_send_due(rate=rate, progress=self._progress("envoyés"))
        elapsed = time.monotonic() - started
        sent = done["sent"]
        speed = f" ({sent / elapsed:.1f} messages/s)" if sent and elapsed else ""
        self.stdout.write(
            f"{sent} message(s) envoyé(s){speed}, {done['waiting']} en attente d'un nouvel "
            f"essai, {done['failed']} abandonné(s), {done['cancelled']} annulé(s)."
        )
        self.stdout.flush()

    def _progress(self, what: str):
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 1 or done == total:
                last[0] = now
                sys.stderr.write(f"\r  {done}/{total} {what}")
                if done == total:
                    sys.stderr.write("\n")
                sys.stderr.flush()

        return progress
