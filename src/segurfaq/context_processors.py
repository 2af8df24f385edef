CONTENT = {"link": "#contenu", "label": "Contenu"}
FOOTER = {"link": "#footer", "label": "Pied de page"}
# Only the list page has the search form and filters (id="recherche"): a skip link must
# lead somewhere on the page it is on.
SEARCH = {"link": "#recherche", "label": "Recherche et filtres"}


def site(request):
    match = request.resolver_match
    on_list = match is not None and match.view_name == "site:entry_list"
    return {
        "site_name": "FAQ du Ségur du numérique en santé",
        "skiplinks": [CONTENT, SEARCH, FOOTER] if on_list else [CONTENT, FOOTER],
    }
