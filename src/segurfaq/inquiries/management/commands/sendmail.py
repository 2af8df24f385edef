import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from segurfaq.inquiries.mail import mails_send_due


class Command(BaseCommand):
    help = (
        "Envoie les messages dus aux lecteurs qui ont laissé leur adresse (réponse publiée, "
        "réponse existante, question non retenue) et réessaie ceux qui ont échoué. À lancer "
        "toutes les 5 minutes (cron) ou avec --loop à côté du service."
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
            "--retry-now",
            action="store_true",
            help="Réessaie tout de suite les messages en attente, sans attendre leur délai "
            "(après avoir réparé le serveur de messagerie).",
        )

    def handle(self, *args, loop=False, every=60, retry_now=False, **options):
        if every < 1:
            raise CommandError("--every doit être un nombre de secondes positif.")
        while True:
            try:
                done = mails_send_due(retry_now=retry_now)
            except DatabaseError as error:
                if not loop:
                    raise CommandError(
                        f"Base de données injoignable ({error.__class__.__name__}) : rien "
                        "n'est perdu, relancez la commande quand elle répond."
                    ) from error
                self.stderr.write(f"base de données injoignable, nouvel essai dans {every} s")
            else:
                self.stdout.write(
                    f"{done['sent']} message(s) envoyé(s), {done['waiting']} en attente "
                    f"(nouvel essai ou publication), {done['failed']} abandonné(s), "
                    f"{done['cancelled']} annulé(s)."
                )
                self.stdout.flush()
            if not loop:
                return
            retry_now = False
            time.sleep(every)
