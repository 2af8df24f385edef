from django import forms

from segurfaq.analytics.selectors import DashboardFilters, Period
from segurfaq.faq.models import FacetValue

MAX_DAYS = 366


class DashboardFilterForm(forms.Form):
    du = forms.DateField(
        label="Du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Date invalide : attendu AAAA-MM-JJ."},
    )
    au = forms.DateField(
        label="Au",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Date invalide : attendu AAAA-MM-JJ."},
    )
    valeur = forms.ModelChoiceField(
        label="Valeur de facette",
        queryset=FacetValue.objects.select_related("facet"),
        required=False,
        empty_label="Toutes",
    )

    def clean(self):
        cleaned = super().clean()
        default = Period.last_days(30)
        start = cleaned.get("du") or default.start
        end = cleaned.get("au") or default.end
        if start > end:
            raise forms.ValidationError("La date de début doit précéder la date de fin.")
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError("Choisissez une période d'un an au plus.")
        cleaned["period"] = Period(start, end)
        return cleaned

    def dashboard_filters(self) -> DashboardFilters:
        if self.is_valid():
            return DashboardFilters(
                period=self.cleaned_data["period"], value=self.cleaned_data.get("valeur")
            )
        return DashboardFilters(period=Period.last_days(30))
