from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _


def csrf_failure(request, reason=""):
    return render(
        request,
        "errors/error.html",
        {
            "title": _("Envoi refusé"),
            "message": _(
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
    return render(request, "500.html", status=500)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def healthz(request):
    """The process answers: nothing else is checked."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready for readers: the database answers and the answer engine is loaded."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as error:
        checks["database"] = f"erreur : {error.__class__.__name__}"
    if checks["database"] == "ok":
        try:
            from segurfaq.search.index import current_engine

            checks["index"] = f"ok ({len(current_engine())} entrées)"
        except Exception as error:
            checks["index"] = f"erreur : {error.__class__.__name__}"
    ready = all(value.startswith("ok") for value in checks.values()) and len(checks) == 2
    return JsonResponse(
        {"status": "ok" if ready else "indisponible", **checks}, status=200 if ready else 503
    )


def personal_data(request):
    return render(
        request,
        "segurfaq/personal_data.html",
        {
            "comment_days": settings.SEGURFAQ_COMMENT_RETENTION_DAYS,
            "search_days": settings.SEGURFAQ_SEARCH_LOG_RETENTION_DAYS,
            "email_days": settings.SEGURFAQ_EMAIL_RETENTION_DAYS,
        },
    )
