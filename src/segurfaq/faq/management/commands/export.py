import json

from django.core.management.base import BaseCommand, CommandError

from segurfaq.faq.selectors import content_export


class Command(BaseCommand):
    help = "Écrit toutes les questions / réponses, facettes et valeurs en JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="Fichier à écrire (par défaut : la sortie standard).",
        )

    def handle(self, *args, output=None, **options):
        text = json.dumps(content_export(), ensure_ascii=False, indent=2) + "\n"
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
