from django import forms
from django.utils.translation import gettext_lazy as _

from segurfaq.feedback.models import Vote

# The words on the buttons are what the form sends: "oui" / "non".
FORM_VALUES = {"oui": Vote.Value.YES, "non": Vote.Value.NO}


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        error_messages={
            "required": _("Choisissez « Oui » ou « Non »."),
            "invalid_choice": _("Avis « %(value)s » inconnu : choisissez « Oui » ou « Non »."),
        },
    )
    next = forms.CharField(required=False, max_length=2000)

    def vote_value(self) -> str:
        return FORM_VALUES[self.cleaned_data["vote"]]
