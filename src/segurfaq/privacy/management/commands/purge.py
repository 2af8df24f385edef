from django.core.management.base import BaseCommand

from segurfaq.privacy.services import personal_data_purge


class Command(BaseCommand):
    help = (
        "Efface ce que les lecteurs ont laissé une fois sa durée de conservation passée : "
        "recherches (SEGURFAQ_SEARCH_LOG_RETENTION_DAYS), commentaires des « Non » "
        "(SEGURFAQ_COMMENT_RETENTION_DAYS), adresses électroniques "
        "(SEGURFAQ_EMAIL_RETENTION_DAYS). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        report = personal_data_purge()
        self.stdout.write(f"Purge terminée : {report.summary()}.")
