from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from segurfaq.inquiries.services import emails_purge


class Command(BaseCommand):
    help = (
        "Efface les adresses électroniques laissées avec les questions des lecteurs plus "
        "anciennes que la durée de conservation (SEGURFAQ_EMAIL_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Durée de conservation en jours (par défaut le réglage, 90).",
        )

    def handle(self, *args, days=None, **options):
        days = settings.SEGURFAQ_EMAIL_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days doit être un nombre de jours positif.")
        count = emails_purge(older_than_days=days)
        self.stdout.write(f"{count} adresse(s) effacée(s) (questions de plus de {days} jours).")
