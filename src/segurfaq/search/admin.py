from django.contrib import admin

from segurfaq.search.forms import GlossaryTermForm
from segurfaq.search.models import GlossaryTerm, SearchLog


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    form = GlossaryTermForm
    list_display = ["acronym", "expansion"]
    search_fields = ["acronym", "expansion"]


@admin.register(SearchLog)
class SearchLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "query", "result_count", "confidence", "low_confidence"]
    list_filter = ["low_confidence", "source"]
    search_fields = ["normalized_query"]
    readonly_fields = [field.name for field in SearchLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
