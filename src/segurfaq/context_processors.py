from django.utils.translation import gettext as _


def site(request):
    return {
        "site_name": _("FAQ du Ségur du numérique en santé"),
        "skiplinks": [
            {"link": "#contenu", "label": _("Contenu")},
            {"link": "#recherche", "label": _("Recherche et filtres")},
            {"link": "#footer", "label": _("Pied de page")},
        ],
    }
