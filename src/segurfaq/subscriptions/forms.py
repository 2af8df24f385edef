from django import forms
from dsfr.forms import DsfrBaseForm

from segurfaq.subscriptions.models import EMAIL_MAX_LENGTH, Follower

# django-dsfr marks the inputs of its choice widgets with a "dsfr" attribute, which is not
# HTML (the Nu checker refuses it), unless the widget has a class of its own: these have one.
CHOICE = {"class": "segurfaq-choice"}


# Named as Django's: django-dsfr picks a field's template by its widget's class name.
class RadioSelect(forms.RadioSelect):
    def __init__(self, attrs=None, choices=()):
        super().__init__({**CHOICE, **(attrs or {})}, choices)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    # Each box in its DSFR group (django-dsfr's own option template keys it on the attribute).
    option_template_name = "subscriptions/checkbox_option.html"

    def __init__(self, attrs=None, choices=()):
        super().__init__({**CHOICE, **(attrs or {})}, choices)


class FollowForm(DsfrBaseForm):
    email = forms.EmailField(
        label="Votre adresse électronique",
        max_length=EMAIL_MAX_LENGTH,
        help_text="Un message vous demandera de la confirmer : rien d'autre n'y est envoyé avant.",
        error_messages={
            "required": "Indiquez l'adresse où recevoir les nouveautés.",
            "invalid": "Cette adresse électronique n'est pas valide.",
            "max_length": "Cette adresse est trop longue : %(limit_value)d caractères au plus.",
        },
    )
    frequency = forms.ChoiceField(
        label="Recevoir un message",
        choices=Follower.Frequency.choices,
        initial=Follower.Frequency.IMMEDIATE,
        widget=RadioSelect,
        error_messages={"required": "Choisissez quand recevoir les nouveautés."},
    )
    consent = forms.BooleanField(
        label=(
            "J'accepte que cette adresse soit gardée pour m'envoyer ces messages, jusqu'à ce "
            "que j'arrête le suivi."
        ),
        error_messages={
            "required": "Cochez la case pour que nous puissions utiliser votre adresse."
        },
    )
    # Hidden from people, filled in by robots: a filled one means a robot sent the form.
    site_web = forms.CharField(required=False)

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("site_web"))


class FollowChangeForm(DsfrBaseForm):
    frequency = forms.ChoiceField(
        label="Recevoir un message",
        choices=Follower.Frequency.choices,
        widget=RadioSelect,
    )
    selection = forms.MultipleChoiceField(
        label="Garder ces filtres (décochez ceux qui ne vous concernent plus)",
        required=False,
        widget=CheckboxSelectMultiple,
    )

    def __init__(self, *args, follower: Follower, labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selection"].choices = [
            (key, labels.get(key, key)) for key in follower.selection
        ]
        if not follower.selection:
            del self.fields["selection"]
