import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from segurfaq.operations.backups import KIND_NAMES, BackupError, backup_kind, restore_read
from segurfaq.operations.progress import ProgressLine


class Command(BaseCommand):
    help = (
        "Remplace tout le contenu de la base par une sauvegarde de « segurfaq backup » "
        "(pg_dump pour PostgreSQL, fichier SQLite, ou fichier XML d'une version précédente). "
        "Tout ou rien : en cas d'erreur, la base reste comme avant."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier écrit par « segurfaq backup ».")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")

    def handle(self, *args, file, yes=False, **options):
        path = Path(file)
        try:
            kind = backup_kind(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if kind is None:
            raise CommandError(f"{file} n'est pas une sauvegarde de « segurfaq backup ».")
        if not yes:
            self._confirm()
        self.stdout.write(f"Restauration de {file} (sauvegarde {KIND_NAMES[kind]})…")
        progress = ProgressLine("Restauration")
        try:
            restore_read(path=path, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from None
        finally:
            progress.finish()
        self.stdout.write("Restauration terminée.")

    def _confirm(self) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                "Confirmation impossible sans terminal : relancez avec --yes pour remplacer "
                "le contenu de la base sans question."
            )
        answer = input("Tout le contenu actuel de la base sera remplacé. Continuer ? [o/N] ")
        if answer.strip().lower() not in ("o", "oui"):
            raise CommandError("Restauration annulée, rien n'a changé.")
