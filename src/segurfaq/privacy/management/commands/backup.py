import io
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Everything the service holds; content types and permissions are rebuilt by migrations.
APPS = ["auth.user", "auth.group", "faq", "feedback", "inquiries", "search", "analytics"]


class Command(BaseCommand):
    help = (
        "Sauvegarde tout (questions / réponses et leur historique, facettes, avis, questions "
        "des lecteurs, recherches, glossaire, comptes) dans un fichier XML que "
        "« segurfaq restore » relit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="Fichier à écrire (par défaut : la sortie standard)."
        )

    def handle(self, *args, output=None, **options):
        buffer = io.StringIO()
        # XML rather than JSON: Django's JSON drops the microseconds of dates, and a backup
        # must give back exactly what it saved.
        call_command(
            "dumpdata",
            *APPS,
            # A cache-invalidation token, not data: a restore sets a new one.
            exclude=["search.IndexRevision"],
            format="xml",
            natural_foreign=True,
            indent=1,
            stdout=buffer,
            verbosity=0,
        )
        text = buffer.getvalue()
        if not output or output == "-":
            sys.stdout.write(text)
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(f"Impossible d'écrire « {output} » ({error.strerror}).") from None
        self.stderr.write(f"Sauvegarde écrite dans {output} ({text.count('<object ')} objets).")
