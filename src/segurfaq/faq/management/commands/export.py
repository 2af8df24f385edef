import json

from django.core.management.base import BaseCommand, CommandError

from segurfaq.faq.csv_format import entries_to_csv
from segurfaq.faq.selectors import content_export


class Command(BaseCommand):
    help = (
        "Écrit toutes les questions / réponses, facettes et valeurs en JSON, ou les "
        "questions / réponses seules en CSV (--format csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="Fichier à écrire (par défaut : la sortie standard).",
        )
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, output=None, format="json", **options):
        document = content_export()
        if format == "csv":
            text = entries_to_csv(document)
        else:
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if not output or output == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise CommandError(
                f"Impossible d'écrire « {output} » ({error.strerror}) : "
                "vérifiez le dossier et les droits."
            ) from None
        self.stderr.write(f"Export écrit dans {output}.")
