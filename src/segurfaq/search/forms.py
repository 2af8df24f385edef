from django import forms

from segurfaq.faq.forms import CommaSeparatedField
from segurfaq.search.models import GlossaryTerm


class GlossaryTermForm(forms.ModelForm):
    variants = CommaSeparatedField(
        label="autres écritures",
        required=False,
        help_text="Séparées par des virgules, par exemple : messagerie sécurisée, MS Santé.",
    )

    class Meta:
        model = GlossaryTerm
        fields = ["acronym", "expansion", "variants"]
