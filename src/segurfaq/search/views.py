from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from segurfaq.faq.signals import SEARCH_TOKEN_MAX_LENGTH
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import RateLimited
from segurfaq.search.services import reading_record


# A beacon from the answer's page (navigator.sendBeacon sends no CSRF header). It can only
# move the outcome of a search whose signed token it holds, towards an entry that search
# returned, and only forward.
@csrf_exempt
@require_POST
def search_read(request):
    """The reader stayed on an answer reached from a search: it was read."""
    try:
        reading_record(
            token=request.POST.get("recherche", "")[:SEARCH_TOKEN_MAX_LENGTH],
            slug=request.POST.get("entree", ""),
            network=client_network(request),
        )
    except RateLimited as limited:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    return HttpResponse(status=204)
