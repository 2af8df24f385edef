from django import forms
from django.utils.translation import gettext_lazy as _

from segurfaq.analytics.selectors import DashboardFilters, Period
from segurfaq.faq.models import FacetValue

MAX_DAYS = 366


class DashboardFilterForm(forms.Form):
    du = forms.DateField(
        label=_("Du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Date invalide : attendu AAAA-MM-JJ.")},
    )
    au = forms.DateField(
        label=_("Au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Date invalide : attendu AAAA-MM-JJ.")},
    )
    valeur = forms.ModelChoiceField(
        label=_("Valeur de facette"),
        queryset=FacetValue.objects.select_related("facet"),
        required=False,
        empty_label=_("Toutes"),
    )

    def clean(self):
        cleaned = super().clean()
        default = Period.last_days(30)
        start = cleaned.get("du") or default.start
        end = cleaned.get("au") or default.end
        if start > end:
            raise forms.ValidationError(_("La date de début doit précéder la date de fin."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Choisissez une période d'un an au plus."))
        cleaned["period"] = Period(start, end)
        return cleaned

    def dashboard_filters(self) -> DashboardFilters:
        if self.is_valid():
            return DashboardFilters(
                period=self.cleaned_data["period"], value=self.cleaned_data.get("valeur")
            )
        return DashboardFilters(period=Period.last_days(30))
