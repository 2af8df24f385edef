"""Public JSON API, version 1 (django-ninja; OpenAPI at /api/v1/openapi.json, docs at
/api/v1/docs). Reads and writes go through the same selectors and services as the pages."""

import math
from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError, ValidationError

from segurfaq.api import schemas
from segurfaq.api.representation import error_response, rate_limited_response, rule_broken
from segurfaq.faq.forms import EntryFilterForm
from segurfaq.faq.http import entry_not_found, form_error_messages
from segurfaq.faq.interchange import SLUG_RE
from segurfaq.faq.models import SLUG_MAX_LENGTH, ContentRevision, Entry
from segurfaq.faq.public import entries_public_csv, entry_public, public_entries
from segurfaq.faq.revision import PerRevision
from segurfaq.faq.selectors import (
    QUERY_MAX_LENGTH,
    EntryFilters,
    entries_for_display,
    entry_get_published,
    entry_ref_published,
    facet_choices,
    facet_slugs,
    facet_values_find,
)
from segurfaq.feedback.services import VoteRefused, vote_submit
from segurfaq.feedback.visitor import api_voter
from segurfaq.inquiries.forms import ReaderQuestionForm
from segurfaq.inquiries.services import TooManyConfirmations, question_submit
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import Limit, RateLimited
from segurfaq.search.models import SearchLog
from segurfaq.search.presentation import search_out
from segurfaq.search.services import SearchRefused, search_ask
from segurfaq.subscriptions.forms import FollowForm
from segurfaq.subscriptions.services import (
    FollowRefused,
    TooManyFollowConfirmations,
    follow_request,
    follow_target,
)

# The operations that take the facet filters (one query parameter per facet).
FILTERED_PATHS = ("/entries", "/search", "/facets", "/export/entries.csv")


class SegurfaqAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document, with one declared parameter per facet of the content as it is now
        (facets are content: an editor may add one), so that clients and the interactive
        docs can filter."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        parameters = [
            {
                "name": facet.slug,
                "in": "query",
                "required": False,
                "description": (
                    f"{facet.prompt} Filtre sur la facette « {facet.slug} » ; plusieurs "
                    f"valeurs : ?{facet.slug}=a&{facet.slug}=b."
                ),
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": list(facet.values)},
                },
                "style": "form",
                "explode": True,
            }
            for facet in facet_choices()
        ]
        for path, operations in schema["paths"].items():
            if path.endswith(FILTERED_PATHS) and "get" in operations:
                operations["get"].setdefault("parameters", []).extend(parameters)
        return schema


api = SegurfaqAPI(
    title="FAQ du Ségur du numérique en santé",
    version="1",
    description=(
        "Les questions / réponses officielles du Ségur du numérique en santé, leur moteur de "
        "réponses, les avis et les questions des lecteurs. Toute erreur 4xx a la forme "
        '`{"error": {"code": …, "message": …}}`. Les filtres de facettes se passent comme sur '
        "la page : `?couloir=hopital&couloir=imagerie&theme=financement`. Lectures : ETag et "
        "Last-Modified, requêtes conditionnelles, CORS ouvert. Écritures : limitées par client "
        "(429 et Retry-After)."
    ),
    urls_namespace="api-v1",
)

ERRORS = {
    400: schemas.Error,
    404: schemas.Error,
    429: schemas.Error,
    500: schemas.Error,
    503: schemas.Error,
}
MAX_PAGE_SIZE = 100
MAX_SEARCH_RESULTS = 50
# Every write of the API from one address, whatever it writes (each write also has its own
# limits: feedback.services, inquiries.services).
API_WRITES = Limit(
    "api-write",
    "SEGURFAQ_API_WRITES_PER_MINUTE",
    60,
    guards="écritures de l'API (avis, questions) venues d'une même adresse",
)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    messages = [rule_broken(error) for error in exc.errors]
    return error_response(400, "invalid", "Requête invalide : " + " ".join(dict.fromkeys(messages)))


@api.exception_handler(Http404)
def not_found(request, exc):
    message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else "Introuvable."
    return error_response(404, "not_found", message)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400 and not isinstance(exc, BadRequest) and exc.__cause__ is not None:
        # django-ninja could not read the body (it words this in English, with no code).
        return error_response(
            400,
            "invalid_json",
            "Le corps de la requête n'est pas du JSON valide : envoyez un objet JSON "
            '(Content-Type: application/json), par exemple {"value": "yes"}.',
        )
    return error_response(exc.status_code, getattr(exc, "code", "error"), str(exc))


@api.exception_handler(RateLimited)
def rate_limited(request, exc):
    what = "recherches" if request.method == "GET" else "requêtes d'écriture"
    return rate_limited_response(
        exc.retry_after,
        f"Trop de {what} venues de votre adresse : réessayez dans {exc.retry_after} secondes.",
    )


@api.exception_handler(TooManyConfirmations)
@api.exception_handler(TooManyFollowConfirmations)
def confirmations_paused(request, exc):
    return rate_limited_response(
        exc.retry_after, f"{exc.message} Réessayez dans {exc.retry_after} secondes."
    )


@api.exception_handler(SearchRefused)
@api.exception_handler(VoteRefused)
@api.exception_handler(FollowRefused)
def refused(request, exc):
    return error_response(400, "invalid", str(exc))


class BadRequest(HttpError):
    def __init__(self, code: str, message: str):
        super().__init__(400, message)
        self.code = code


def _filters(request: HttpRequest, *, with_query: bool) -> tuple[EntryFilters, int]:
    form = EntryFilterForm(request.GET, facet_slugs=facet_slugs())
    if not form.is_valid():
        raise BadRequest("invalid", " ".join(form_error_messages(form)))
    filters = form.entry_filters()
    _found, unknown = facet_values_find(filters.keys)
    if unknown:
        raise BadRequest("unknown_filter", f"Filtre inconnu : {', '.join(unknown)}.")
    if not with_query:
        filters = EntryFilters(query="", selected=filters.selected)
    return filters, form.page_number()


def _only_parameters(request: HttpRequest, *declared: str, facets: bool = True) -> None:
    """One policy for every read: a parameter the operation does not take is refused with
    the list of those it does (a typo in a filter must not silently return everything)."""
    accepted = [*declared, *(facet_slugs() if facets else [])]
    unknown = [name for name in dict.fromkeys(request.GET) if name not in accepted]
    if unknown:
        raise BadRequest(
            "unknown_parameter",
            f"Paramètre inconnu : {', '.join(unknown)}. Paramètres acceptés : "
            f"{', '.join(accepted) or 'aucun'}.",
        )


# Every change of content moves the content revision: a client's cached copy is fresh
# exactly as long as the revision has not moved.
_revision_changed_at = PerRevision(
    lambda: ContentRevision.objects.filter(pk=1).values_list("changed_at", flat=True).first(),
    name="api Last-Modified",
)


def _last_modified(response: HttpResponse) -> HttpResponse:
    revision = _revision_changed_at.get()
    if revision:
        response["Last-Modified"] = http_date(revision.timestamp())
    return response


def _updated_since(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is not None:
            parsed = datetime(day.year, day.month, day.day)
    if parsed is None:
        raise BadRequest(
            "invalid",
            "updated_since doit être une date (2025-08-14) ou une date et heure ISO 8601.",
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@api.get(
    "/entries",
    response={200: schemas.EntryPage, **ERRORS},
    summary="Questions / réponses publiées, filtrées et paginées",
    tags=["Questions / réponses"],
)
def entries(
    request,
    response: HttpResponse,
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(20, ge=1, le=MAX_PAGE_SIZE),
    updated_since: str | None = Query(None, description="Date ou date et heure ISO 8601."),
):
    _only_parameters(request, "page", "page_size", "updated_since")
    filters, _ = _filters(request, with_query=False)
    ids = public_entries(filters=filters, updated_since=_updated_since(updated_since))
    start = (page - 1) * page_size
    _last_modified(response)
    return {
        "count": len(ids),
        "page": page,
        "page_size": page_size,
        "pages": max(1, math.ceil(len(ids) / page_size)),
        "results": [
            entry_public(e, absolute=request.build_absolute_uri)
            for e in entries_for_display(ids[start : start + page_size])
        ],
    }


@api.get(
    "/export/entries.csv",
    response={400: schemas.Error},
    summary="Toutes les questions / réponses publiées filtrées, en CSV",
    tags=["Questions / réponses"],
    openapi_extra={
        "responses": {
            200: {
                "description": (
                    "Une ligne par question / réponse publiée, une colonne par champ public "
                    "(ceux de /entries) ; une cellule qui commencerait comme une formule de "
                    "tableur (=, +, -, @) est précédée d'une apostrophe."
                ),
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def entries_csv(request):
    _only_parameters(request)
    filters, _ = _filters(request, with_query=False)
    text = entries_public_csv(
        entries_for_display(public_entries(filters=filters)), absolute=request.build_absolute_uri
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="segurfaq-questions-reponses.csv"'
    return _last_modified(response)


@api.get(
    "/entries/{slug}",
    response={200: schemas.EntryOut, **ERRORS},
    summary="Une question / réponse publiée",
    tags=["Questions / réponses"],
)
def entry(request, response: HttpResponse, slug: str):
    _only_parameters(request, facets=False)
    found = _published(slug)
    _last_modified(response)
    return entry_public(found, absolute=request.build_absolute_uri)


@api.get(
    "/search",
    response={200: schemas.SearchOut, **ERRORS},
    summary="Le moteur de réponses : une question dans les mots du lecteur",
    tags=["Moteur de réponses"],
)
def search(
    request,
    response: HttpResponse,
    q: str = Query(..., min_length=1, max_length=QUERY_MAX_LENGTH, description="La question."),
    limit: int = Query(10, ge=1, le=MAX_SEARCH_RESULTS),
):
    _only_parameters(request, "q", "limit")
    filters, _ = _filters(request, with_query=True)
    if not filters.query.strip():
        raise BadRequest("invalid", "Le paramètre q (la question) est vide.")
    asked = search_ask(
        filters=filters,
        source=SearchLog.Source.API,
        network=client_network(request),
        returned=limit,
    )
    _last_modified(response)
    return search_out(asked, limit=limit, absolute=request.build_absolute_uri)


@api.get(
    "/facets",
    response={200: list[schemas.FacetOut], **ERRORS},
    summary="Les facettes et leurs valeurs, comptées pour une question et des filtres",
    tags=["Questions / réponses"],
)
def facets(
    request,
    response: HttpResponse,
    q: str = Query("", max_length=QUERY_MAX_LENGTH, description="Question facultative."),
):
    _only_parameters(request, "q")
    filters, _ = _filters(request, with_query=True)
    # A question asks the engine: a search for the reader's limit, not for the log.
    listing = search_ask(
        filters=filters,
        source=SearchLog.Source.API,
        network=client_network(request),
        returned=0,
        log=False,
    ).found.listing
    _last_modified(response)
    return [
        {
            "slug": group.facet.slug,
            "label": group.facet.label,
            "prompt": group.facet.prompt,
            "values": [
                {
                    "slug": item.value.slug,
                    "label": item.value.label,
                    "parent": item.value.parent.key if item.value.parent else None,
                    "count": item.count,
                    "selected": item.selected,
                }
                for item in group.values
            ],
        }
        for group in listing.facets
    ]


def _published(slug: str, *, lookup=entry_get_published) -> Entry:
    found = lookup(slug=slug) if SLUG_RE.match(slug[:SLUG_MAX_LENGTH]) else None
    if found is None:
        raise entry_not_found()
    return found


@api.post(
    "/entries/{slug}/votes",
    response={200: schemas.VoteOut, **ERRORS, 415: schemas.Error},
    summary="« Cette réponse vous a-t-elle été utile ? »",
    tags=["Avis"],
)
def vote(request, slug: str, payload: schemas.VoteIn):
    # The id is all a vote needs: loading the entry's facets and links was half its time.
    found = _published(slug, lookup=entry_ref_published)
    network = client_network(request)
    API_WRITES.hit(network)
    counted = vote_submit(
        entry=found,
        voter=api_voter(request, network=network, supplied=payload.visitor),
        network=network,
        value=payload.value,
        reason=payload.reason or "",
        comment=payload.comment,
        search_token=payload.search_token,
    )
    return {
        "entry": found.slug,
        "value": counted.vote.value,
        "reason": counted.vote.reason,
        "yes": counted.tally.yes,
        "no": counted.tally.no,
    }


@api.post(
    "/questions",
    response={201: schemas.QuestionOut, **ERRORS, 415: schemas.Error},
    summary="Poser une question à l'équipe éditoriale",
    tags=["Questions des lecteurs"],
)
def question(request, payload: schemas.QuestionIn):
    values, unknown = facet_values_find(payload.values)
    if unknown:
        raise BadRequest("unknown_filter", f"Valeur de facette inconnue : « {unknown[0][:80]} ».")
    # The page's form holds the rules (length, address, consent): one definition for both.
    form = ReaderQuestionForm(
        {
            "question": payload.question,
            "values": [value.pk for value in values],
            "email": payload.email,
            "consent": "on" if payload.consent else "",
        }
    )
    if not form.is_valid():
        if "consent" in form.errors:
            # The page's wording speaks of a box to tick; a program sends a field.
            raise BadRequest(
                "consent_required",
                "« email » n'est gardé qu'avec l'accord de la personne : envoyez "
                "« consent »: true avec l'adresse, ou laissez « email » vide.",
            )
        raise BadRequest("invalid", " ".join(form_error_messages(form)))
    network = client_network(request)
    API_WRITES.hit(network)
    submitted = question_submit(
        question=form.cleaned_data["question"],
        values=values,
        email=form.cleaned_data["email"],
        consent=form.cleaned_data["consent"],
        network=network,
    )
    return Status(
        201, {"id": submitted.pk, "status": submitted.status, "created_at": submitted.created_at}
    )


@api.post(
    "/subscriptions",
    response={202: schemas.SubscriptionOut, **ERRORS, 415: schemas.Error},
    summary="Suivre une sélection de questions ou une réponse (double confirmation)",
    description=(
        "Pour les portails des intégrateurs : la même demande que « Suivre ces questions » "
        "sur le site. Un message demande à la personne de confirmer son adresse ; rien "
        "d'autre n'y est envoyé avant, et une demande non confirmée est effacée au bout de "
        "quelques jours. Chaque message contient un lien pour changer le suivi ou l'arrêter."
    ),
    tags=["Suivi des réponses"],
)
def subscription(request, payload: schemas.SubscriptionIn):
    if payload.entry and (payload.values or payload.q):
        raise BadRequest(
            "invalid", "Suivez une réponse (« entry ») ou une sélection (« values », « q »)."
        )
    # The page's form holds the rules of the address and the consent: one definition.
    form = FollowForm(
        {
            "email": payload.email,
            "frequency": payload.frequency,
            "consent": "on" if payload.consent else "",
        }
    )
    if not form.is_valid():
        if "consent" in form.errors:
            raise BadRequest(
                "consent_required",
                "L'adresse n'est gardée qu'avec l'accord de la personne : envoyez "
                "« consent »: true.",
            )
        raise BadRequest("invalid", " ".join(form_error_messages(form)))
    if payload.entry:
        found = Entry.objects.filter(slug=payload.entry).first()
        if found is None:
            raise Http404("Cette réponse n'existe pas.")
        target = follow_target(entry=found)
    else:
        target = follow_target(filters=EntryFilters.from_keys(payload.values, payload.q))
    network = client_network(request)
    API_WRITES.hit(network)
    follow_request(
        email=form.cleaned_data["email"],
        target=target,
        frequency=form.cleaned_data["frequency"],
        network=network,
    )
    return Status(202, {"status": "confirmation_sent", "frequency": payload.frequency})
