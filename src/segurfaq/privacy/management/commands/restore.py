import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from segurfaq.accounts.groups import editors_group_ensure
from segurfaq.search import freshness
from segurfaq.search.models import IndexRevision


class Command(BaseCommand):
    help = (
        "Remplace tout le contenu de la base par une sauvegarde de « segurfaq backup ». "
        "Tout ou rien : en cas d'erreur, la base reste comme avant."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier de sauvegarde JSON.")
        parser.add_argument("--yes", action="store_true", help="Ne pas demander de confirmation.")

    def handle(self, *args, file, yes=False, **options):
        path = Path(file)
        try:
            head = path.read_text(encoding="utf-8")[:200]
        except FileNotFoundError:
            raise CommandError(f"Fichier introuvable : {file}") from None
        except UnicodeDecodeError:
            raise CommandError(
                f"{file} n'est pas une sauvegarde lisible (pas du texte UTF-8)."
            ) from None
        if "<django-objects" not in head:
            raise CommandError(f"{file} n'est pas une sauvegarde de « segurfaq backup ».")
        if not yes and input("Tout le contenu actuel sera remplacé. Continuer ? [o/N] ") not in (
            "o",
            "oui",
        ):
            raise CommandError("Restauration annulée, rien n'a changé.")
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "sauvegarde.xml"
            fixture.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            self.stdout.write(f"Restauration de {file}…")
            # The backup holds the history as it was: loading it must not write more.
            history_setting = getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
            settings.SIMPLE_HISTORY_ENABLED = False
            try:
                with transaction.atomic(), freshness.paused():
                    # flush empties every table, then recreates content types and permissions.
                    call_command("flush", interactive=False, verbosity=0)
                    # flush's post-migrate step recreates the editors' group under a new
                    # key; the backup brings its own.
                    Group.objects.all().delete()
                    call_command("loaddata", str(fixture), verbosity=0)
                    editors_group_ensure()
                    IndexRevision.bump()
            except (DatabaseError, DeserializationError) as error:
                raise CommandError(
                    f"Restauration annulée, la base est restée comme avant : {error}"
                ) from None
            finally:
                settings.SIMPLE_HISTORY_ENABLED = history_setting
        self.stdout.write("Restauration terminée.")
