import json

from django.core.management.base import BaseCommand

from segurfaq.operations.fingerprint import database_fingerprint


class Command(BaseCommand):
    help = (
        "Compte les lignes de chaque table et calcule leur somme de contrôle (SHA-256) : "
        "à comparer avant une sauvegarde et après sa restauration."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Un objet JSON par table.")

    def handle(self, *args, json=False, **options):
        as_json = json
        for table in database_fingerprint():
            if as_json:
                self.stdout.write(_json_line(table))
            else:
                self.stdout.write(f"{table.table:<45} {table.rows:>10}  {table.sha256[:16]}")


def _json_line(table) -> str:
    return json.dumps({"table": table.table, "rows": table.rows, "sha256": table.sha256})
