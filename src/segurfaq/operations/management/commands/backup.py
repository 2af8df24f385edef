import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from segurfaq.operations.backups import KIND_NAMES, BackupError, backup_write
from segurfaq.operations.progress import ProgressLine


class Command(BaseCommand):
    help = (
        "Sauvegarde toute la base (questions / réponses et leur historique, facettes, avis, "
        "questions des lecteurs, recherches, glossaire, comptes) avec les outils de la base : "
        "pg_dump (format custom) pour PostgreSQL, une copie cohérente du fichier pour SQLite, "
        "pendant que le service tourne. « segurfaq restore FICHIER » la relit."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            help="Fichier à écrire ; « - » : la sortie standard, si elle n'est pas un terminal.",
        )

    def handle(self, *args, output=None, **options):
        if not output:
            raise CommandError(
                "Précisez le fichier à écrire : segurfaq backup -o /var/backups/segurfaq.dump"
            )
        to_stdout = output == "-"
        if to_stdout and sys.stdout.isatty():
            raise CommandError(
                "Une sauvegarde est un fichier binaire : redirigez la sortie (> fichier) ou "
                "utilisez -o FICHIER."
            )
        progress = ProgressLine("Sauvegarde")
        with tempfile.TemporaryDirectory(prefix="segurfaq-backup-") as folder:
            path = Path(folder) / "sauvegarde" if to_stdout else Path(output)
            try:
                kind = backup_write(output=path, progress=progress)
            except BackupError as error:
                raise CommandError(str(error)) from None
            finally:
                progress.finish()
            if to_stdout:
                with open(path, "rb") as handle:
                    shutil.copyfileobj(handle, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                return
        size = path.stat().st_size
        self.stderr.write(
            f"Sauvegarde {KIND_NAMES[kind]} écrite dans {output} ({size / 1e6:.1f} Mo)."
        )
