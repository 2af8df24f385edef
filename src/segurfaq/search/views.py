from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from segurfaq.faq.selectors import entry_ref_published
from segurfaq.search.outcomes import search_outcome_record


# A beacon from the answer's page (navigator.sendBeacon sends no CSRF header). It can only
# move the outcome of a search whose signed token it holds, and only forward.
@csrf_exempt
@require_POST
def search_read(request):
    """The reader stayed on an answer reached from a search: it was read."""
    entry = entry_ref_published(slug=request.POST.get("entree", "")[:120])
    token = request.POST.get("recherche", "")[:300]
    if entry is not None and token:
        search_outcome_record(token=token, entry_id=entry.id, outcome="read")
    return HttpResponse(status=204)
