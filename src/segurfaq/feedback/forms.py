from django import forms

from segurfaq.faq.signals import SEARCH_TOKEN_MAX_LENGTH
from segurfaq.feedback.models import COMMENT_MAX_LENGTH, Vote

# The words on the buttons are what the form sends: "oui" / "non".
FORM_VALUES = {"oui": Vote.Value.YES, "non": Vote.Value.NO}


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        choices=[("oui", "Oui"), ("non", "Non")],
        error_messages={
            "required": "Choisissez « Oui » ou « Non ».",
            "invalid_choice": "Avis « %(value)s » inconnu : choisissez « Oui » ou « Non ».",
        },
    )
    next = forms.CharField(required=False, max_length=2000)
    # The signed search the reader came from, if any (see search.outcomes).
    recherche = forms.CharField(required=False, max_length=SEARCH_TOKEN_MAX_LENGTH)

    def vote_value(self) -> str:
        return FORM_VALUES[self.cleaned_data["vote"]]


class VoteReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label="Pourquoi cette réponse ne vous a-t-elle pas aidé ?",
        choices=Vote.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une raison.",
            "invalid_choice": "Raison inconnue : choisissez l'une de celles proposées.",
        },
    )
    comment = forms.CharField(
        label="Précisez si vous le souhaitez (facultatif)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": (
                "Votre commentaire est trop long (%(show_value)d caractères) : "
                "%(limit_value)d au plus."
            )
        },
    )
    next = forms.CharField(required=False, max_length=2000)
