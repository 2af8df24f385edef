from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from segurfaq.faq.csv_format import csv_to_document, looks_like_csv
from segurfaq.faq.interchange import ContentFormatError, read_document
from segurfaq.faq.seed_format import SeedFormatError, looks_like_seed_page, parse_seed_page
from segurfaq.faq.services import content_import, content_import_json, seed_import


class Command(BaseCommand):
    help = (
        "Importe un fichier : le JSON ou le CSV écrits par « segurfaq export », ou le texte "
        "d'une page de la FAQ d'origine (les cinq questions des facettes puis les réponses). "
        "Tout ou rien : à la première erreur, rien n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier JSON ou texte à importer.")

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(f"    {done}/{total} entrées…")
        self.stderr.flush()

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {file}") from None
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{file} n'est pas un texte UTF-8 (octet {error.start}) : "
                "enregistrez-le en UTF-8 puis recommencez."
            ) from None
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}") from None

        try:
            if looks_like_seed_page(text):
                self.stderr.write(f"Lecture de {file} (page de la FAQ d'origine)…")
                page = parse_seed_page(text)
                self.stderr.write(f"{len(page.answers)} réponses lues, import…")
                report = seed_import(page=page)
            elif path.suffix.lower() == ".csv" or looks_like_csv(text):
                self.stderr.write(f"Lecture de {file} (CSV d'entrées)…")
                report = content_import(
                    document=read_document(csv_to_document(text)), progress=self._progress
                )
            else:
                self.stderr.write(f"Lecture de {file} (document JSON)…")
                report = content_import_json(text=text, progress=self._progress)
        except (ContentFormatError, SeedFormatError) as error:
            raise CommandError(
                f"Import annulé, rien n'a été enregistré. {file}, {error}. "
                "Corrigez cet enregistrement puis relancez l'import."
            ) from None
        self.stdout.write(f"Import terminé : {report.summary()}.")
