"""What every API response shares: one error format, CORS for reads only."""

import json

from django.http import HttpResponse

from segurfaq import pagecache
from segurfaq.api.representation import error_response, rate_limited_response
from segurfaq.ratelimit import RateLimited

API_PREFIX = "/api/"
# Reads that depend on the content alone; searches are not among them (each one is logged).
CACHED_READS = ("/api/v1/entries", "/api/v1/facets", "/api/v1/export/")
# Made for each request, and counted as such: the OpenAPI document and its docs.
MADE_READS = ("/api/v1/openapi.json", "/api/v1/docs")
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
BODY_METHODS = {"POST", "PUT", "PATCH"}
MESSAGES = {
    404: ("not_found", "Adresse inconnue dans l'API : voyez /api/v1/docs."),
    405: ("method_not_allowed", "Méthode non permise pour cette adresse : voyez /api/v1/docs."),
    500: ("server_error", "Erreur interne du service : réessayez plus tard."),
    503: ("unavailable", "Service momentanément indisponible : réessayez plus tard."),
}


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            # A CORS preflight: the headers below grant reads, and nothing else.
            response = HttpResponse(status=204)
        elif request.method in BODY_METHODS and not _sends_json(request):
            # Only JSON is written: a form or text/plain body is what another site can make
            # its visitors' browsers send without asking (no preflight).
            response = error_response(
                415,
                "unsupported_media_type",
                "Le corps d'une écriture est un objet JSON : envoyez-le avec "
                "Content-Type: application/json.",
            )
        elif request.path.startswith(CACHED_READS + MADE_READS):
            read = pagecache.api_read if request.path.startswith(CACHED_READS) else pagecache.made
            try:
                response = read(request, lambda: self.get_response(request))
            except RateLimited as limited:
                response = rate_limited_response(
                    limited.retry_after,
                    "Trop de lectures à calculer venues de votre adresse : réessayez dans "
                    f"{limited.retry_after} secondes.",
                )
        else:
            response = self.get_response(request)
        # Whatever answered (Django's handlers, a view, a middleware), the API speaks JSON.
        if response.status_code >= 400 and not _is_json_error(response):
            code, message = MESSAGES.get(
                response.status_code, ("error", "Requête refusée : voyez /api/v1/docs.")
            )
            kept = {name: response[name] for name in ("Allow", "Retry-After") if name in response}
            response = error_response(response.status_code, code, message)
            for name, value in kept.items():
                response[name] = value
        if request.method in READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
            response["Access-Control-Max-Age"] = "86400"
        return response


def _sends_json(request) -> bool:
    media_type = request.content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _is_json_error(response) -> bool:
    if "application/json" not in response.get("Content-Type", ""):
        return False
    try:
        return "error" in json.loads(response.content)
    except (ValueError, TypeError):
        return False
