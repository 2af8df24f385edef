"""Each dashboard table as CSV, for a spreadsheet."""

from django.http import HttpResponse

from segurfaq.analytics import selectors
from segurfaq.analytics.selectors import DashboardFilters
from segurfaq.faq.csv_format import csv_text


def _rows(table: str, filters: DashboardFilters):
    if table == "entrees":
        yield [
            "question",
            "adresse",
            "statut",
            "consultations",
            "oui",
            "non",
            "part de oui",
            "borne basse Wilson des non",
        ]
        for row in selectors.entry_feedback(filters=filters):
            share = f"{row.yes_share:.3f}" if row.yes_share is not None else ""
            yield [
                row.entry,
                row.entry.get_absolute_url(),
                row.entry.get_status_display(),
                row.views,
                row.yes,
                row.no,
                share,
                f"{row.no_lower_bound:.3f}",
            ]
    elif table == "raisons":
        yield ["raison", "nombre"]
        yield from selectors.no_reasons(filters=filters)
    elif table == "commentaires":
        yield ["date", "question", "raison", "commentaire"]
        for vote in selectors.no_comments(filters=filters, limit=10_000):
            yield [vote.updated_at.isoformat(), vote.entry, vote.get_reason_display(), vote.comment]
    elif table in ("sans-reponse", "frequentes"):
        groups = (
            selectors.unanswered_searches(filters=filters, limit=10_000)
            if table == "sans-reponse"
            else selectors.frequent_searches(filters=filters, limit=10_000)
        )
        yield ["question normalisée", "nombre", "sans bonne réponse", "sans résultat", "exemples"]
        for group in groups:
            yield [
                group.normalized,
                group.count,
                group.without_good_answer,
                group.no_result,
                " | ".join(group.examples),
            ]
    else:
        raise KeyError(table)


TABLES = ("entrees", "raisons", "commentaires", "sans-reponse", "frequentes")


def csv_response(table: str, filters: DashboardFilters) -> HttpResponse:
    period = filters.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"segurfaq-{table}-{period.start}-{period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheets read the accents right
    response.write(csv_text(_rows(table, filters), delimiter=";"))
    return response
