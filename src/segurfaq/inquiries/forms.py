from django import forms

from segurfaq.faq.display import french_number
from segurfaq.faq.models import FacetValue
from segurfaq.inquiries.models import QUESTION_MAX_LENGTH, QUESTION_MIN_LENGTH


class ReaderQuestionForm(forms.Form):
    question = forms.CharField(
        label="Votre question",
        min_length=QUESTION_MIN_LENGTH,
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Écrivez votre question.",
            "min_length": "Votre question est trop courte : %(limit_value)d caractères au moins.",
            "max_length": (
                "Votre question est trop longue (%(show_value)d caractères) : "
                "%(limit_value)d au plus."
            ),
        },
    )
    values = forms.ModelMultipleChoiceField(
        label="Votre question concerne (facultatif)",
        queryset=FacetValue.objects.select_related("facet"),
        required=False,
        to_field_name="pk",
    )
    email = forms.EmailField(
        label="Votre adresse électronique (facultative)",
        required=False,
        error_messages={"invalid": "Cette adresse électronique n'est pas valide."},
    )
    consent = forms.BooleanField(label="Accord pour votre adresse", required=False)
    # Hidden from people, filled in by robots: a filled one means a robot sent the form.
    site_web = forms.CharField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email") and not cleaned.get("consent"):
            self.add_error(
                "consent",
                (
                    "Cochez la case pour que nous puissions utiliser votre adresse, "
                    "ou laissez l'adresse vide."
                ),
            )
        return cleaned

    @property
    def length_hint(self) -> str:
        return (
            f"{french_number(QUESTION_MIN_LENGTH)} à {french_number(QUESTION_MAX_LENGTH)} "
            "caractères."
        )

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("site_web"))
