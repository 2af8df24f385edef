"""Preparing a database for the service: what `segurfaq serve` does before serving, and any
other command does first on a database nothing prepared yet (segurfaq/cli.py)."""

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from segurfaq.faq.services import default_content_load_if_empty
from segurfaq.operations.setup_lock import setup_lock

NEW, BEHIND, READY = "new", "behind", "ready"


def database_state(alias: str = DEFAULT_DB_ALIAS) -> str:
    """NEW: no migration applied yet (nothing was ever prepared); BEHIND: migrations of a
    newer release wait (an upgrade); READY."""
    executor = MigrationExecutor(connections[alias])
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return READY
    return BEHIND if executor.loader.applied_migrations else NEW


def database_prepare(*, out, content: bool = True) -> None:
    """Migrations; then, with `content`, the default content into an empty database and the
    embeddings that are missing. One instance at a time (setup_lock); `out` is told each
    step, in French."""

    def waiting() -> None:
        out.write("    une autre instance prépare la base : attente de la fin…")
        out.flush()

    with setup_lock(waiting=waiting):
        out.write("1/4 Migrations de la base de données…")
        call_command("migrate", interactive=False, verbosity=0)
        if not content:
            return
        out.write("2/4 Contenu par défaut…")
        report = default_content_load_if_empty()
        if report is None:
            out.write("    la base contient déjà des questions : rien n'est ajouté.")
        else:
            out.write(f"    importé : {report.summary()}.")
        out.write("3/4 Index du moteur de réponses…")
        # The search app's command, by name: the content app does not import it.
        call_command("reindex", stdout=out)
