from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from segurfaq.faq.forms import EntryAdminForm
from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue
from segurfaq.faq.services import entry_save


class EntryLinkInline(admin.TabularInline):
    model = EntryLink
    extra = 1
    fields = ["label", "url", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    form = EntryAdminForm
    inlines = [EntryLinkInline]
    list_display = ["__str__", "status", "updated_at", "published_at"]
    list_filter = ["status", "values__facet", "values"]
    search_fields = ["question", "answer", "slug", "editor_note"]
    filter_horizontal = ["values"]
    prepopulated_fields = {"slug": ["question"]}
    readonly_fields = ["created_at", "updated_at", "published_at"]
    fieldsets = [
        (None, {"fields": ["question", "slug", "status", "answer"]}),
        (_("Classement"), {"fields": ["values", "tags"]}),
        (_("Suivi"), {"fields": ["editor_note", "created_at", "updated_at", "published_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        content_changed = bool({"question", "answer"} & set(form.changed_data))
        entry_save(entry=obj, content_changed=content_changed)


class FacetValueInline(admin.TabularInline):
    model = FacetValue
    fk_name = "facet"
    extra = 0
    fields = ["label", "slug", "parent", "order"]


@admin.register(Facet)
class FacetAdmin(admin.ModelAdmin):
    list_display = ["label", "prompt", "order"]
    inlines = [FacetValueInline]


@admin.register(FacetValue)
class FacetValueAdmin(admin.ModelAdmin):
    list_display = ["label", "facet", "parent", "order"]
    list_filter = ["facet"]
    search_fields = ["label", "slug"]
