import time

from django.core.management.base import BaseCommand

from segurfaq.search.index import build_engine


class Command(BaseCommand):
    help = (
        "Calcule les plongements manquants des entrées publiées, les enregistre, et vérifie "
        "que le moteur de réponses se construit."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        self.stdout.write("Indexation des entrées publiées…")

        def progress(done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - started, 1e-6)
            self.stdout.write(f"  plongements : {done}/{total} entrées ({rate:.1f} entrées/s)")

        engine = build_engine(progress=progress)
        self.stdout.write(
            f"Index prêt : {len(engine)} entrées en {time.perf_counter() - started:.1f} s."
        )
