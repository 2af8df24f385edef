import os
import re
import shutil
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from segurfaq.faq.preparation import database_prepare

_ADDRESS = re.compile(r"^(?:(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(?P<port>\d{1,5})$")


def listen_address(value: str) -> str:
    """ "8765" or "0.0.0.0:8765" or "[::1]:8765" as HOST:PORT (127.0.0.1 when only a port)."""
    match = _ADDRESS.match(value.strip())
    if match is None or not 0 < int(match["port"]) < 65536:
        raise CommandError(
            f"Adresse « {value} » invalide : donnez un port (8765) ou une adresse et un port "
            "(127.0.0.1:8765, [::1]:8765)."
        )
    return f"{match['host'] or '127.0.0.1'}:{int(match['port'])}"


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
            help="Adresse et port d'écoute, ou le port seul (par défaut 127.0.0.1:8000).",
        )
        parser.add_argument(
            "--prod",
            action="store_true",
            help=(
                "Production : gunicorn et ses processus (WEB_CONCURRENCY, par défaut "
                "2 × cœurs + 1), fichiers statiques collectés, réglages HTTPS (SEGURFAQ_PROD)."
            ),
        )

    def handle(self, *args, addrport, prod=False, **options):
        addrport = listen_address(addrport)
        # Instances started together prepare the database one after the other.
        database_prepare(out=self.stdout)
        if prod:
            self._serve_production(addrport)
            return
        self.stdout.write(f"4/4 Démarrage du service sur http://{addrport}/ (Ctrl+C pour arrêter)")
        call_command("runserver", addrport, use_reloader=False, skip_checks=True)

    def _serve_production(self, addrport: str) -> None:
        gunicorn = shutil.which("gunicorn") or os.path.join(
            os.path.dirname(sys.executable), "gunicorn"
        )
        if not os.path.exists(gunicorn):
            raise CommandError("gunicorn est introuvable : pip install 'segurfaq' l'installe.")
        self.stdout.write("    fichiers statiques…")
        call_command("collectstatic", interactive=False, verbosity=0)
        workers = os.environ.get("WEB_CONCURRENCY") or str(2 * (os.cpu_count() or 1) + 1)
        self.stdout.write(
            f"4/4 Démarrage de gunicorn ({workers} processus) sur http://{addrport}/ "
            f"(fichiers statiques : {settings.STATIC_ROOT})"
        )
        sys.stdout.flush()
        env = {**os.environ, "SEGURFAQ_PROD": os.environ.get("SEGURFAQ_PROD", "true")}
        # One thread per embedding: several workers each spinning the model's OpenMP threads
        # on two cores served 5 searches a second instead of 50 (benchmarks/load.py).
        env.setdefault("OMP_NUM_THREADS", "1")
        # Replace this process: signals (stop, reload) go straight to gunicorn.
        os.execve(  # noqa: S606 - fixed executable and arguments, no shell
            gunicorn,
            [
                gunicorn,
                "segurfaq.wsgi:application",
                "--bind",
                addrport,
                "--workers",
                workers,
                "--access-logfile",
                "-",
                # Gunicorn's default line holds the client address and user agent: neither is
                # kept anywhere (RGPD). Time, request line, status, size, duration in µs,
                # and the request id that the application's log lines and error pages show.
                "--access-logformat",
                '%(t)s "%(r)s" %(s)s %(b)s %(D)s %({x-request-id}o)s',
                # Gunicorn's control socket is one path per machine: two instances on one
                # machine would take it from each other, and nothing here uses it.
                "--no-control-socket",
                "--forwarded-allow-ips",
                os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            ],
            env,
        )
