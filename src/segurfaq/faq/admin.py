from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from segurfaq.faq.answer_markup import render_answer
from segurfaq.faq.forms import EntryAdminForm, FacetValueMergeForm
from segurfaq.faq.history_display import EntryHistoryHelper
from segurfaq.faq.models import Entry, EntryLink, Facet, FacetValue
from segurfaq.faq.selectors import entry_content_differs
from segurfaq.faq.services import (
    WorkflowError,
    entry_history_last_id,
    entry_history_squash,
    entry_save,
    entry_transition,
    facet_value_merge,
)
from segurfaq.faq.signals import entry_written_from_question, similar_questions_asked


class EntryLinkForm(forms.ModelForm):
    url = forms.URLField(
        label="adresse",
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"aria-label": "Adresse du lien"}),
    )

    class Meta:
        model = EntryLink
        fields = ["label", "url", "order"]
        # A table's column heads do not label its fields for assistive technologies.
        widgets = {
            "label": forms.TextInput(attrs={"aria-label": "Intitulé du lien"}),
            "order": forms.NumberInput(attrs={"aria-label": "Ordre du lien"}),
        }


class EntryLinkInline(admin.TabularInline):
    model = EntryLink
    form = EntryLinkForm
    extra = 1
    fields = ["label", "url", "order"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    verbose_name_plural = "Pour en savoir plus"


class ReviewDueFilter(admin.SimpleListFilter):
    title = "relecture"
    parameter_name = "relecture"

    def lookups(self, request, model_admin):
        return [("depassee", "date de relecture dépassée"), ("prevue", "relecture prévue")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "depassee":
            return queryset.filter(review_by__lt=today).exclude(status=Entry.Status.ARCHIVED)
        if self.value() == "prevue":
            return queryset.filter(review_by__gte=today)
        return queryset


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
    form = EntryAdminForm
    inlines = [EntryLinkInline]
    list_display = ["__str__", "status", "pinned", "review_by", "updated_at"]
    list_filter = ["status", "pinned", ReviewDueFilter, "values__facet", "values"]
    search_fields = ["question", "answer_source", "slug", "editor_note"]
    filter_horizontal = ["values"]
    prepopulated_fields = {"slug": ["question"]}
    readonly_fields = ["created_at", "updated_at", "published_at"]
    actions = ["publish", "archive", "unpublish"]
    history_list_display = ["status", "change_kind", "change_summary"]

    def get_historical_record_context_helper(self, request, historical_record):
        return EntryHistoryHelper(self.model, historical_record)

    fieldsets = [
        (None, {"fields": ["question", "slug", "status", "answer_source"]}),
        ("Publication d'une modification", {"fields": ["change_nature", "change_summary"]}),
        ("Classement", {"fields": ["values", "wordings", "tags", "pinned"]}),
        (
            "Suivi",
            {"fields": ["review_by", "editor_note", "created_at", "updated_at", "published_at"]},
        ),
    ]

    class Media:
        js = ["segurfaq/admin/entry_form.js"]
        css = {"all": ["segurfaq/admin/entry_form.css"]}

    def get_changeform_initial_data(self, request):
        # "Répondre" from a reader's question opens this form with the question filled in.
        initial = super().get_changeform_initial_data(request)
        if "question" in request.GET:
            initial["question"] = request.GET["question"][:300]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class made for this request: the form checks the status against this editor.
        return type(form.__name__, (form,), {"editor": request.user})

    def save_model(self, request, obj, form, change):
        # The versions this save will write (the entry, then its facet values): one, below.
        form.history_since = entry_history_last_id(entry=obj)
        entry_save(
            entry=obj,
            content_changed=entry_content_differs(obj),
            change_kind=form.cleaned_data.get("change_nature", ""),
            change_summary=form.cleaned_data.get("change_summary", ""),
        )
        for text, other in form.wordings_elsewhere():
            self.message_user(
                request,
                (
                    f"La formulation « {text} » est aussi celle de « {other} » : le moteur "
                    "hésitera entre les deux."
                ),
                messages.WARNING,
            )
        source = request.GET.get("from_question", "")
        if not change and source.isdigit():
            entry_written_from_question.send(Entry, entry=obj, question_id=int(source))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        entry_history_squash(entry=form.instance, since_id=form.history_since)

    def _transition(self, request, queryset, status, done):
        count = 0
        for entry in queryset:
            try:
                entry_transition(entry=entry, status=status, user=request.user)
                count += 1
            except WorkflowError as error:
                self.message_user(request, f"{entry} : {error}", messages.ERROR)
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description="Publier les questions / réponses choisies")
    def publish(self, request, queryset):
        self._transition(request, queryset, Entry.Status.PUBLISHED, "%(count)d publiée(s).")

    @admin.action(description="Archiver les questions / réponses choisies")
    def archive(self, request, queryset):
        self._transition(request, queryset, Entry.Status.ARCHIVED, "%(count)d archivée(s).")

    @admin.action(description="Repasser en brouillon")
    def unpublish(self, request, queryset):
        self._transition(
            request, queryset, Entry.Status.DRAFT, "%(count)d repassée(s) en brouillon."
        )

    def get_urls(self):
        return [
            path(
                "apercu/",
                self.admin_site.admin_view(self.preview_view),
                name="faq_entry_preview",
            ),
            path(
                "proches/",
                self.admin_site.admin_view(self.similar_view),
                name="faq_entry_similar",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request):
        if request.method != "POST":
            return JsonResponse({"error": "POST attendu"}, status=405)
        return JsonResponse({"html": render_answer(request.POST.get("source", "")[:100_000])})

    def similar_view(self, request):
        question = request.GET.get("q", "")[:300]
        exclude = request.GET.get("exclude") or None
        answers = similar_questions_asked.send(Entry, question=question, exclude_id=exclude)
        return JsonResponse({"results": [item for _receiver, items in answers for item in items]})


class FacetValueInline(admin.TabularInline):
    model = FacetValue
    fk_name = "facet"
    extra = 0
    fields = ["label", "slug", "parent", "order"]


@admin.register(Facet)
class FacetAdmin(admin.ModelAdmin):
    list_display = ["label", "prompt", "order"]
    list_editable = ["order"]
    inlines = [FacetValueInline]


@admin.register(FacetValue)
class FacetValueAdmin(admin.ModelAdmin):
    list_display = ["label", "facet", "parent", "order"]
    list_editable = ["order"]
    list_filter = ["facet"]
    search_fields = ["label", "slug"]
    actions = ["merge"]

    @admin.action(
        description="Fusionner dans une autre valeur de la même facette",
        permissions=["change", "delete"],
    )
    def merge(self, request, queryset):
        facets = {value.facet_id for value in queryset}
        if len(facets) != 1:
            self.message_user(
                request, "Choisissez des valeurs d'une seule facette.", messages.ERROR
            )
            return None
        form = FacetValueMergeForm(
            request.POST if "target" in request.POST else None,
            facet_id=facets.pop(),
            exclude=[value.pk for value in queryset],
        )
        if form.is_valid():
            target = form.cleaned_data["target"]
            moved = 0
            for source in queryset:
                moved += facet_value_merge(source=source, target=target)
            self.message_user(
                request,
                f"Valeurs fusionnées dans « {target} » ; {moved} entrée(s) retaguée(s).",
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/faq/facetvalue/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Fusionner des valeurs",
                "values": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
            },
        )
