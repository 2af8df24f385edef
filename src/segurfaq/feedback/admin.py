from django.contrib import admin

from segurfaq.feedback.models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["entry", "value", "updated_at"]
    list_filter = ["value"]
    readonly_fields = ["entry", "visitor", "value", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
