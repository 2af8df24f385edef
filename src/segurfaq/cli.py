"""The `segurfaq` command: Django's management commands with the project's settings.

`segurfaq serve`, `segurfaq import FILE`, `segurfaq export`, `segurfaq createadmin`, and
every other management command (`segurfaq migrate`, `segurfaq help`…).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "segurfaq.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "segurfaq"
    try:
        execute_from_command_line(argv)
    except BrokenPipeError:
        # The reader of the output stopped (segurfaq export | head): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
