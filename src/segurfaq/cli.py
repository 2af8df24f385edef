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
    execute_from_command_line(argv)
