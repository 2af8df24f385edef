"""The `segurfaq` command: Django's management commands with the project's settings.

`segurfaq serve`, `segurfaq import FILE`, `segurfaq export`, `segurfaq createadmin`, and
every other management command (`segurfaq migrate`, `segurfaq help`…).

The command line is a door too: on a database nothing prepared yet, a command first
prepares it as `segurfaq serve` does (an import only applies the migrations: its file is
the content); on a database an upgrade left behind, it says what to run rather than
migrate behind the operator's back; a database that cannot be reached, or a setting that
is wrong, is said in French with what to do, never as a traceback.
"""

import os
import sys

# Commands that prepare the database themselves, need none, or must see it as it is
# (a backup or a fingerprint before an upgrade).
PREPARE_NOTHING = {
    "backup",
    "fingerprint",
    "serve",
    "migrate",
    "makemigrations",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "help",
    "version",
    "check",
    "shell",
    "dbshell",
    "restore",
    "collectstatic",
    "findstatic",
    "diffsettings",
    "runserver",
    "test",
    "testserver",
}
# Commands that bring their own content: the migrations only.
PREPARE_SCHEMA = {"import"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "segurfaq.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "segurfaq"
    command = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "help"
    asks_help = any(argument in ("-h", "--help") for argument in argv[2:])
    try:
        if command not in PREPARE_NOTHING and not asks_help and _known(command):
            _prepared(content=command not in PREPARE_SCHEMA)
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except BrokenPipeError:
        # The reader of the output stopped (segurfaq export | head): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except Exception as error:
        message = _said(error)
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        sys.exit(1)


def _known(command: str) -> bool:
    """A command that exists: a misspelt one is Django's to refuse, on any database."""
    import django

    django.setup()
    from django.core.management import get_commands

    return command in get_commands()


def _prepared(*, content: bool) -> None:
    from django.core.management.base import OutputWrapper

    from segurfaq.faq.preparation import BEHIND, NEW, database_prepare, database_state

    state = database_state()
    if state == NEW:
        out = OutputWrapper(sys.stderr)
        out.write("La base n'est pas encore prête : préparation (comme segurfaq serve)…")
        database_prepare(out=out, content=content)
    elif state == BEHIND:
        raise DatabaseBehind(
            "La base attend les migrations de cette version de segurfaq : lancez "
            "« segurfaq migrate » (ou démarrez le service, qui les applique), puis relancez "
            "la commande. Sauvegardez-la d'abord : « segurfaq backup -o FICHIER »."
        )


class DatabaseBehind(Exception):
    """The database is older than this release: the message says what to run."""


def _said(error: Exception) -> str | None:
    """What to tell the operator, in French, for an error that is not a bug."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import InterfaceError, OperationalError

    if isinstance(error, OperationalError | InterfaceError):
        first_line = (str(error).strip().splitlines() or ["-"])[0]
        if "locked" in first_line:
            return (
                "Base de données occupée (verrouillée par un autre programme) : relancez la "
                "commande dans quelques instants."
            )
        return (
            f"Base de données injoignable ({error.__class__.__name__} : {first_line}). "
            "Vérifiez DATABASE_URL (docs/configuration.md) et que le serveur de base de "
            "données répond, puis relancez la commande."
        )
    if isinstance(error, ImproperlyConfigured):
        return f"Réglage invalide : {error}"
    if isinstance(error, DatabaseBehind):
        return str(error)
    return None
