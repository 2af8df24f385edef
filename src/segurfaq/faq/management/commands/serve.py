from django.core.management import call_command
from django.core.management.base import BaseCommand

from segurfaq.faq.services import default_content_load_if_empty


class Command(BaseCommand):
    help = (
        "Prépare la base (migrations, contenu par défaut si elle est vide) "
        "puis sert le site sur http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "addrport",
            nargs="?",
            default="127.0.0.1:8000",
            help="Adresse et port d'écoute (par défaut 127.0.0.1:8000).",
        )

    def handle(self, *args, addrport, **options):
        self.stdout.write("1/4 Migrations de la base de données…")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("2/4 Contenu par défaut…")
        report = default_content_load_if_empty()
        if report is None:
            self.stdout.write("    la base contient déjà des questions : rien n'est ajouté.")
        else:
            self.stdout.write(f"    importé : {report.summary()}.")
        self.stdout.write("3/4 Index du moteur de réponses…")
        call_command("reindex", stdout=self.stdout)
        self.stdout.write(f"4/4 Démarrage du service sur http://{addrport}/ (Ctrl+C pour arrêter)")
        call_command("runserver", addrport, use_reloader=False, skip_checks=True)
