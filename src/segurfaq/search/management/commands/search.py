import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from segurfaq.faq.selectors import QUERY_MAX_LENGTH, EntryFilters, facet_slugs, facet_values_find
from segurfaq.search.models import SearchLog
from segurfaq.search.presentation import search_out
from segurfaq.search.services import SearchRefused, search_ask


class Command(BaseCommand):
    help = (
        "Pose une question au moteur de réponses et affiche les entrées publiées, la "
        "meilleure d'abord. --jsonl lit une question par ligne sur l'entrée standard."
    )

    def add_arguments(self, parser):
        parser.add_argument("question", nargs="?", help="La question, entre guillemets.")
        output = parser.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="Un objet JSON.")
        output.add_argument(
            "--jsonl",
            action="store_true",
            help="Questions lues sur l'entrée standard, une réponse JSON par ligne.",
        )
        parser.add_argument("--limit", type=int, default=10, help="Nombre de résultats (10).")
        parser.add_argument(
            "--filtre",
            action="append",
            default=[],
            metavar="FACETTE=VALEUR",
            help="Filtre de facette, par exemple --filtre couloir=hopital (répétable).",
        )

    def handle(self, *args, question, json: bool, jsonl: bool, limit: int, filtre, **options):
        if limit < 1:
            raise CommandError("--limit doit être un entier positif.")
        selected = self._filters(filtre)
        if jsonl:
            if question:
                raise CommandError("Avec --jsonl, les questions se lisent sur l'entrée standard.")
            for number, line in enumerate(sys.stdin, start=1):
                text = line.strip()
                if not text:
                    continue
                if text.startswith("{"):
                    text = self._query_from_json(text, number)
                self.stdout.write(self._dumps(self._answer(text, selected, limit)))
            return
        if not question or not question.strip():
            raise CommandError('Donnez une question : segurfaq search "votre question".')
        answer = self._answer(question, selected, limit)
        if json:
            self.stdout.write(self._dumps(answer))
        else:
            self._print(answer)

    def _filters(self, items) -> dict[str, tuple[str, ...]]:
        selected: dict[str, list[str]] = {}
        for item in items:
            facet, _, value = item.partition("=")
            selected.setdefault(facet, []).append(value)
        filters = EntryFilters(selected={k: tuple(v) for k, v in selected.items()})
        _found, unknown = facet_values_find(filters.keys)
        if unknown:
            raise CommandError(
                f"Filtre(s) inconnu(s) : {', '.join(unknown)}. Attendu FACETTE=VALEUR avec une "
                f"facette parmi {', '.join(facet_slugs())} (segurfaq export les liste)."
            )
        return filters.selected

    def _query_from_json(self, text: str, number: int) -> str:
        try:
            value = json.loads(text).get("query", "")
        except (ValueError, AttributeError):
            raise CommandError(f"Ligne {number} : JSON invalide.") from None
        return str(value)

    def _answer(self, question: str, selected, limit: int) -> dict:
        # Longer questions are cut where the keyword box and the API stop them.
        filters = EntryFilters(query=question[:QUERY_MAX_LENGTH], selected=selected)
        try:
            asked = search_ask(
                filters=filters, source=SearchLog.Source.CLI, network=None, returned=0, log=False
            )
        except SearchRefused as refused:
            raise CommandError(str(refused)) from None
        site = settings.SEGURFAQ_PUBLIC_URL.rstrip("/")
        return search_out(asked, limit=limit, absolute=lambda path: site + path)

    def _dumps(self, answer: dict) -> str:
        return json.dumps(answer, ensure_ascii=False, cls=DjangoJSONEncoder)

    def _print(self, answer: dict) -> None:
        results = answer["results"]
        if answer["ambiguous"]:
            facet = answer["separating_facet"]
            self.stdout.write(
                "Deux réponses possibles"
                + (
                    f" : {facet['prompt']} ({', '.join(v['label'] for v in facet['values'])})"
                    if facet
                    else "."
                )
            )
        if answer["low_confidence"]:
            self.stdout.write(
                "Aucune réponse ne correspond vraiment à cette question ; les plus proches :"
            )
        if not results:
            self.stdout.write("Aucune question / réponse trouvée.")
        for rank, result in enumerate(results, start=1):
            self.stdout.write(
                f"{rank}. {result['question']}  [score {result['score']:.3f}, "
                f"confiance {result['confidence']:.2f}]\n   {result['url']}"
            )
            snippet = (result["passage"] or result["answer_text"]).replace("\n", " ")
            self.stdout.write(f"   {snippet[:200]}{'…' if len(snippet) > 200 else ''}")
