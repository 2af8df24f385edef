def site(request):
    return {
        "site_name": "FAQ du Ségur du numérique en santé",
        "skiplinks": [
            {"link": "#contenu", "label": "Contenu"},
            {"link": "#recherche", "label": "Recherche et filtres"},
            {"link": "#footer", "label": "Pied de page"},
        ],
    }
