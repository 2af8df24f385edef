from django import forms
from django.utils.translation import gettext_lazy as _

from segurfaq.search.models import GlossaryTerm


class GlossaryTermForm(forms.ModelForm):
    variants = forms.CharField(
        label=_("autres écritures"),
        required=False,
        help_text=_("Séparées par des virgules, par exemple : messagerie sécurisée, MS Santé."),
    )

    class Meta:
        model = GlossaryTerm
        fields = ["acronym", "expansion", "variants"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["variants"] = ", ".join(self.instance.variants)

    def clean_variants(self):
        raw = self.cleaned_data.get("variants") or ""
        return list(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
