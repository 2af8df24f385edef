from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from segurfaq.analytics import selectors
from segurfaq.analytics.charts import stacked_bars
from segurfaq.analytics.exports import TABLES, csv_response
from segurfaq.analytics.forms import DashboardFilterForm
from segurfaq.analytics.models import EntryView
from segurfaq.faq.models import Entry


@admin.register(EntryView)
class DashboardAdmin(admin.ModelAdmin):
    """The editors' dashboard, in the place of the daily view counters' list."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("analytics.view_dashboard")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = DashboardFilterForm(request.GET or None)
        filters = form.dashboard_filters()
        export = request.GET.get("export")
        if export:
            if export not in TABLES:
                raise Http404("Tableau inconnu.")
            return csv_response(export, filters)
        series = selectors.daily_series(filters=filters)
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Tableau de bord",
            "opts": self.model._meta,
            "form": form,
            "filters": filters,
            "query": query.urlencode(),
            "entries": selectors.entry_feedback(filters=filters)[:50],
            "review_due": Entry.objects.filter(review_by__lt=timezone.localdate())
            .exclude(status=Entry.Status.ARCHIVED)
            .order_by("review_by")[:50],
            "reasons": selectors.no_reasons(filters=filters),
            "comments": selectors.no_comments(filters=filters, limit=30),
            "unanswered": selectors.unanswered_searches(filters=filters, limit=30),
            "frequent": selectors.frequent_searches(filters=filters, limit=20),
            "votes_chart": stacked_bars("Avis par jour", {k: series[k] for k in ("yes", "no")}),
            "searches_chart": stacked_bars(
                "Recherches par jour", {k: series[k] for k in ("searches",)}
            ),
            "unanswered_chart": stacked_bars(
                "Recherches sans bonne réponse par jour", {k: series[k] for k in ("unanswered",)}
            ),
        }
        return TemplateResponse(request, "analytics/dashboard.html", context)
