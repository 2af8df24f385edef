import json
import sys

from django.core.management.base import BaseCommand, CommandError

from segurfaq.faq.answer_markup import html_to_text
from segurfaq.faq.forms import QUERY_MAX_LENGTH
from segurfaq.faq.models import Facet
from segurfaq.faq.selectors import EntryFilters, entries_for_display
from segurfaq.search.presentation import separation_out
from segurfaq.search.selectors import entry_search


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
        known = set(Facet.objects.values_list("slug", flat=True))
        selected: dict[str, list[str]] = {}
        for item in items:
            facet, _, value = item.partition("=")
            if not value or facet not in known:
                raise CommandError(
                    f"Filtre « {item} » invalide : attendu FACETTE=VALEUR avec une facette "
                    f"parmi {', '.join(sorted(known))}."
                )
            selected.setdefault(facet, []).append(value)
        return {facet: tuple(values) for facet, values in selected.items()}

    def _query_from_json(self, text: str, number: int) -> str:
        try:
            value = json.loads(text).get("query", "")
        except (ValueError, AttributeError):
            raise CommandError(f"Ligne {number} : JSON invalide.") from None
        return str(value)

    def _answer(self, question: str, selected, limit: int) -> dict:
        filters = EntryFilters(query=question[:QUERY_MAX_LENGTH], selected=selected)
        search = entry_search(filters=filters)
        shown = entries_for_display(search.listing.entry_ids[: max(limit, 2)])
        results = []
        for entry in shown[:limit]:
            hit = search.hits.get(entry.id)
            results.append(
                {
                    "slug": entry.slug,
                    "question": entry.question,
                    "answer": html_to_text(entry.answer),
                    "score": hit.score if hit else 0.0,
                    "confidence": hit.confidence if hit else 0.0,
                    "passage": hit.passage if hit else "",
                }
            )
        return {
            "query": question,
            "confidence": search.confidence,
            "low_confidence": search.low_confidence,
            "ambiguous": search.ambiguous,
            "separating_facet": separation_out(search.separation, {e.id: e.slug for e in shown}),
            "results": results,
        }

    def _dumps(self, answer: dict) -> str:
        return json.dumps(answer, ensure_ascii=False)

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
                f"confiance {result['confidence']:.2f}]\n   /questions/{result['slug']}/"
            )
            snippet = (result["passage"] or result["answer"]).replace("\n", " ")
            self.stdout.write(f"   {snippet[:200]}{'…' if len(snippet) > 200 else ''}")
