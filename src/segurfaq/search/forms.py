from django import forms
from django.utils.translation import gettext_lazy as _

from segurfaq.faq.forms import CommaSeparatedField
from segurfaq.search.models import GlossaryTerm


class GlossaryTermForm(forms.ModelForm):
    variants = CommaSeparatedField(
        label=_("autres écritures"),
        required=False,
        help_text=_("Séparées par des virgules, par exemple : messagerie sécurisée, MS Santé."),
    )

    class Meta:
        model = GlossaryTerm
        fields = ["acronym", "expansion", "variants"]
