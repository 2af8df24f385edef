import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from segurfaq.api.middleware import API_PREFIX
from segurfaq.api.representation import error_response
from segurfaq.inquiries.mail import mail_state
from segurfaq.operations import health
from segurfaq.operations.client_address import is_operator_side
from segurfaq.operations.request_id import current_request_id
from segurfaq.search.index import current_engine
from segurfaq.subscriptions.mail import digest_mail_state

logger = logging.getLogger(__name__)
# How long a reader is asked to wait when the database does not answer.
RETRY_AFTER_SECONDS = 10


def csrf_failure(request, reason=""):
    return render(
        request,
        "errors/error.html",
        {
            "title": "Envoi refusé",
            "message": (
                "Votre envoi n'a pas pu être vérifié (jeton de sécurité absent ou expiré). "
                "Rechargez la page puis recommencez : rien n'a été enregistré."
            ),
        },
        status=403,
    )


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    # Only our own messages are strings; the resolver's carry the URL patterns tried.
    message = exception.args[0] if exception and exception.args else None
    context = {"exception": message if isinstance(message, str) else None}
    return render(request, "404.html", context, status=404)


def server_error(request):
    """Every uncaught exception ends here (Django logs it first, with the request id).

    A database that cannot be reached (refused, cut, locked) is an outage, not a bug: the
    reader is told to come back in a few seconds, with a 503 that load balancers understand.
    Nothing here touches the database.
    """
    error = sys.exc_info()[1]
    request_id = current_request_id()
    if isinstance(error, OperationalError | InterfaceError):
        return _unavailable(request, request_id)
    if request.path.startswith(API_PREFIX):
        return error_response(
            500,
            "server_error",
            "Erreur interne du service : l'équipe peut la retrouver avec l'identifiant "
            f"{request_id}. Réessayez plus tard.",
        )
    return _error_page(
        request,
        status=500,
        title="Le service a rencontré une erreur",
        message=(
            "Votre demande n'a pas abouti à cause d'une erreur du service. Réessayez dans "
            "quelques instants ; si l'erreur persiste, signalez-la en donnant l'identifiant "
            "ci-dessous."
        ),
        request_id=request_id,
    )


def _unavailable(request, request_id: str) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        response = error_response(
            503,
            "unavailable",
            "Le service est momentanément indisponible (base de données injoignable). "
            f"Réessayez dans {RETRY_AFTER_SECONDS} secondes.",
        )
    else:
        response = _error_page(
            request,
            status=503,
            title="Service momentanément indisponible",
            message=(
                "La FAQ ne peut pas lire ses réponses pour le moment. Réessayez dans "
                "quelques secondes : rien de ce que vous avez envoyé avant n'est perdu."
            ),
            request_id=request_id,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _error_page(request, *, status: int, title: str, message: str, request_id: str):
    context = {"title": title, "message": message, "request_id": request_id}
    try:
        return render(request, "errors/error.html", context, status=status)
    except Exception:
        # The page itself failed (a template that reads what is broken): plain French HTML.
        logger.exception("error page could not be rendered")
        html = loader.get_template("500.html").render(context)
        return HttpResponse(html, status=status)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def healthz(request):
    """The process answers: nothing else is checked."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready for readers: the database answers and the answer engine is loaded (503
    otherwise); a cache that fails only makes the instance "degraded". Each dependency's
    state is for the operator's side (this machine, a trusted proxy); a stranger reads the
    status alone, which is all a load balancer needs."""
    report = health.readiness(
        engine_size=lambda: len(current_engine()),
        others={"mail": mail_state, "digests": digest_mail_state},
    )
    shown = report if is_operator_side(request) else {"status": report["status"]}
    if report["status"] != health.DOWN:
        return JsonResponse(shown)
    response = JsonResponse(shown, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def accessibility(request):
    """The RGAA accessibility declaration, linked from every page's footer."""
    return render(request, "segurfaq/accessibility.html")


def personal_data(request):
    return render(
        request,
        "segurfaq/personal_data.html",
        {
            "comment_days": settings.SEGURFAQ_COMMENT_RETENTION_DAYS,
            "search_days": settings.SEGURFAQ_SEARCH_LOG_RETENTION_DAYS,
            "email_days": settings.SEGURFAQ_EMAIL_RETENTION_DAYS,
            "unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS,
        },
    )
