from django.contrib import admin, messages

from segurfaq.search.forms import GlossaryTermForm
from segurfaq.search.models import GlossaryTerm, SearchLog, WordingCandidate
from segurfaq.search.services import wording_candidate_accept, wording_candidate_dismiss


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


class CandidateStatusFilter(admin.SimpleListFilter):
    """Pending candidates first: what is left to examine."""

    title = "statut"
    parameter_name = "statut"

    def lookups(self, request, model_admin):
        return [*WordingCandidate.Status.choices, ("tous", "Tous")]

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            selected = (self.value() or WordingCandidate.Status.PENDING) == lookup
            yield {
                "selected": selected,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or WordingCandidate.Status.PENDING
        return queryset if value == "tous" else queryset.filter(status=value)


@admin.register(WordingCandidate)
class WordingCandidateAdmin(admin.ModelAdmin):
    """Wordings that led readers to an answer they found useful ("Oui", or read it): one
    click adds one to the entry's other wordings, another dismisses it."""

    list_display = ["example", "entry", "count", "other_examples", "status", "updated_at"]
    list_filter = [CandidateStatusFilter]
    search_fields = ["example", "key", "entry__question"]
    actions = ["accept", "dismiss"]
    list_select_related = ["entry"]

    @admin.display(description="autres exemples")
    def other_examples(self, candidate):
        return " ; ".join(text for text in candidate.examples if text != candidate.example)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        # Deciding changes the entry's wordings: whoever may edit entries decides.
        return request.user.has_perm("faq.change_entry")

    @admin.action(
        description="Ajouter aux autres formulations de la réponse",
        permissions=["decide"],
    )
    def accept(self, request, queryset):
        added = sum(wording_candidate_accept(candidate=c) for c in queryset.select_related("entry"))
        self.message_user(
            request,
            f"{added} formulation(s) ajoutée(s) ; le moteur les cherche dès maintenant.",
            messages.SUCCESS,
        )

    @admin.action(description="Écarter", permissions=["decide"])
    def dismiss(self, request, queryset):
        for candidate in queryset:
            wording_candidate_dismiss(candidate=candidate)
        self.message_user(request, f"{len(queryset)} formulation(s) écartée(s).")
