from django import forms
from django.core import validators

from segurfaq.faq.answer_markup import render_answer
from segurfaq.faq.models import Entry, FacetValue, publication_problem
from segurfaq.faq.selectors import QUERY_MAX_LENGTH, EntryFilters, wordings_used_elsewhere
from segurfaq.faq.services import WorkflowError, entry_transition_check
from segurfaq.faq.wordings import WordingsRefused, wordings_checked

NEW_SLUG_MAX_LENGTH = 60


class EntryFilterForm(forms.Form):
    """The list page's URL: the keyword box, the page number and the facet filters."""

    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "max_length": (
                "Votre recherche est trop longue (%(show_value)d caractères) : "
                "%(limit_value)d caractères au plus."
            )
        },
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Le numéro de page doit être un nombre entier.",
            "min_value": "Le numéro de page doit être au moins 1.",
        },
    )

    def __init__(self, data, *, facet_slugs: list[str]):
        super().__init__(data)
        self.facet_slugs = facet_slugs

    def clean_q(self):
        query = self.cleaned_data["q"]
        # What the browser sent was not UTF-8: Django decoded it into replacement marks.
        if "\ufffd" in query:
            raise forms.ValidationError(
                "Votre recherche contient des caractères illisibles : retapez-la."
            )
        return query

    def clean(self):
        cleaned = super().clean()
        problem = self._selection().problem()
        if problem:
            raise forms.ValidationError(problem, code="too_many_filters")
        return cleaned

    def _selection(self) -> EntryFilters:
        selected = {}
        for slug in self.facet_slugs:
            values = tuple(dict.fromkeys(v for v in self.data.getlist(slug) if v))
            if values:
                selected[slug] = values
        return EntryFilters(selected=selected)

    def errors_outside_the_box(self) -> list[str]:
        """Errors the page shows above the results (the keyword box shows its own)."""
        return [error for name, errors in self.errors.items() if name != "q" for error in errors]

    def entry_filters(self) -> EntryFilters:
        """What the reader asked; nothing of it when the address is not one a reader sends
        (the page then shows what is wrong above the whole list)."""
        if not self.is_valid():
            if self.has_error(forms.forms.NON_FIELD_ERRORS, "too_many_filters"):
                return EntryFilters()
            return EntryFilters(selected=self._selection().selected)
        return EntryFilters(
            query=self.cleaned_data.get("q") or "", selected=self._selection().selected
        )

    def page_number(self) -> int:
        if self.is_valid():
            return self.cleaned_data.get("page") or 1
        return 1


class CommaSeparatedField(forms.CharField):
    """A list of short texts typed on one line, separated by commas; duplicates dropped."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))


class LinesField(forms.CharField):
    """A list of texts typed one per line."""

    widget = forms.Textarea(attrs={"rows": 8, "class": "vLargeTextField"})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


# The editor's say on what a published change is to readers (faq.changes.change_kind_of):
# blank keeps the default.
CHANGE_NATURE_CHOICES = [
    (
        "",
        "Automatique : correction de forme si seuls quelques caractères changent, sans "
        "chiffre ; changement de doctrine sinon",
    ),
    (Entry.ChangeKind.DOCTRINE, Entry.ChangeKind.DOCTRINE.label),
    (Entry.ChangeKind.CORRECTION, Entry.ChangeKind.CORRECTION.label),
]


class EntryAdminForm(forms.ModelForm):
    change_nature = forms.ChoiceField(
        label="nature du changement",
        choices=CHANGE_NATURE_CHOICES,
        required=False,
        help_text=(
            "Pour une réponse publiée dont la question ou le texte change. Les nouvelles "
            "réponses et les changements de doctrine sont signalés aux lecteurs qui suivent "
            "la réponse et dans « Nouveautés » ; une correction de forme n'apparaît que dans "
            "l'historique de la réponse."
        ),
    )
    wordings = LinesField(
        label="autres formulations",
        required=False,
        help_text=(
            "Une par ligne : d'autres façons dont les lecteurs posent la même question "
            "(mots-clés, situation décrite, sigles, termes anglais…). Le moteur de réponses "
            "les cherche comme la question."
        ),
    )
    tags = CommaSeparatedField(
        label="mots-clés",
        required=False,
        help_text="Séparés par des virgules, par exemple : nouveau-né, identitovigilance.",
    )

    class Meta:
        model = Entry
        fields = [
            "question",
            "slug",
            "status",
            "answer_source",
            "values",
            "wordings",
            "tags",
            "pinned",
            "review_by",
            "editor_note",
            "change_summary",
        ]
        help_texts = {
            "change_summary": (
                "Une ligne pour les lecteurs, montrée avec la modification (« Ce qui "
                "change ») ; gardée pour cette publication seulement."
            ),
        }
        widgets = {
            "answer_source": forms.Textarea(attrs={"rows": 14, "class": "vLargeTextField"}),
            # A question runs over a line: the editor sees all of it while writing.
            "question": forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both say what this save is; the last save's are in the history, not here.
        self.initial["change_summary"] = ""
        # A new entry's address stays short (the slug filled in from the question is cut
        # there); an older, longer one is kept as it is, so that its links still work.
        slug = self.fields["slug"]
        if len(self.instance.slug or "") <= NEW_SLUG_MAX_LENGTH:
            slug.max_length = NEW_SLUG_MAX_LENGTH
            slug.validators.append(validators.MaxLengthValidator(NEW_SLUG_MAX_LENGTH))
            slug.widget.attrs["maxlength"] = str(NEW_SLUG_MAX_LENGTH)

    def clean_answer_source(self):
        source = self.cleaned_data["answer_source"].strip()
        if not render_answer(source):
            raise forms.ValidationError("La réponse ne peut pas être vide.")
        return source

    def clean_wordings(self):
        try:
            return wordings_checked(self.cleaned_data["wordings"], repeats_allowed=False)
        except WordingsRefused as refused:
            raise forms.ValidationError(str(refused)) from None

    def wordings_elsewhere(self) -> list[tuple[str, Entry]]:
        """The wordings that another entry already has as its question or a wording."""
        return wordings_used_elsewhere(
            wordings=self.cleaned_data.get("wordings") or [], exclude_id=self.instance.pk
        )

    # The editor saving the form; the admin sets it (EntryAdmin.get_form) so that a status
    # this editor may not give is a form error, not a refusal after validation.
    editor = None

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        problem = publication_problem(status=status or "", question=cleaned.get("question") or "")
        if problem:
            self.add_error("question", problem)
        elif status and "status" in self.changed_data and self.editor is not None:
            # The instance still holds the stored status: fields are copied onto it after
            # clean(). A new entry starts as a draft.
            current = self.instance.status if self.instance.pk else Entry.Status.DRAFT
            try:
                entry_transition_check(
                    entry=Entry(status=current, question=cleaned.get("question") or ""),
                    status=status,
                    user=self.editor,
                )
            except WorkflowError as error:
                self.add_error("status", str(error))
        return cleaned


class FacetValueMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label="Fusionner dans",
        queryset=FacetValue.objects.none(),
        empty_label=None,
        help_text=(
            "Les entrées et les valeurs enfants des valeurs choisies passent à celle-ci ; "
            "les valeurs choisies sont ensuite supprimées."
        ),
    )

    def __init__(self, *args, facet_id: int, exclude: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = FacetValue.objects.filter(facet_id=facet_id).exclude(
            pk__in=exclude
        )
