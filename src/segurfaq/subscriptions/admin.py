"""What editors see of followers: how many follow each facet value and entry (no address),
suspended follows, and what the next digests will hold before they go. Administrators
alone see addresses (the privacy page says so)."""

from collections import Counter

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path

from segurfaq.faq.changes import news_list
from segurfaq.faq.selectors import entries_for_display, facet_values_find
from segurfaq.subscriptions.models import Follower, FollowerMail


@admin.register(Follower)
class FollowerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "frequency", "confirmed_at", "paused_at", "created_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter), "paused_at"]
    readonly_fields = [
        "email",
        "selection",
        "query",
        "entry",
        "frequency",
        "created_at",
        "confirmed_at",
        "covered_until",
        "paused_at",
        "pause_reason",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def get_fields(self, request, obj=None):
        # Editors see what is followed, never by whom.
        if request.user.is_superuser:
            return self.fields
        return [name for name in self.fields if name != "email"]

    def get_urls(self):
        return [
            path(
                "statistiques/",
                self.admin_site.admin_view(self.statistics_view),
                name="subscriptions_follower_statistics",
            ),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        active = Follower.objects.filter(confirmed_at__isnull=False, paused_at__isnull=True)
        per_value: Counter[str] = Counter()
        for selection in active.filter(entry__isnull=True).values_list("selection", flat=True):
            for key in selection:
                per_value[key] += 1
        values, _unknown = facet_values_find(list(per_value))
        labels = {v.key: f"{v.facet.label} : {v.label}" for v in values}
        per_entry = (
            active.filter(entry__isnull=False)
            .values("entry__question")
            .annotate(count=Count("pk"))
            .order_by("-count")[:50]
        )
        pending = (
            FollowerMail.objects.filter(
                kind=FollowerMail.Kind.DIGEST, status=FollowerMail.Status.PENDING
            )
            .values("period")
            .annotate(count=Count("pk"))
            .order_by("period")
        )
        # What the next digests will report: the changes published since the follow that
        # is furthest behind got its last one.
        behind = active.order_by("covered_until").values_list("covered_until", flat=True).first()
        upcoming = news_list(since=behind, limit=20) if behind else []
        questions = {e.id: e.question for e in entries_for_display([i.entry_id for i in upcoming])}
        context = {
            **self.admin_site.each_context(request),
            "upcoming": [(item, questions.get(item.entry_id, "")) for item in upcoming],
            "title": "Lecteurs qui suivent : statistiques",
            "active": active.count(),
            "unconfirmed": Follower.objects.filter(confirmed_at__isnull=True).count(),
            "paused": Follower.objects.filter(paused_at__isnull=False).count(),
            "whole_faq": active.filter(entry__isnull=True, selection=[]).count(),
            "per_value": [(labels.get(key, key), count) for key, count in per_value.most_common()],
            "per_entry": list(per_entry),
            "pending": list(pending),
        }
        return TemplateResponse(request, "subscriptions/admin/statistics.html", context)


@admin.register(FollowerMail)
class FollowerMailAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "period", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "follower",
        "kind",
        "period",
        "changes",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False
