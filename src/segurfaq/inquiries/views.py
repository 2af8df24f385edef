from django.conf import settings
from django.shortcuts import redirect, render

from segurfaq.faq.models import Facet
from segurfaq.faq.selectors import facet_slugs, facet_values_find
from segurfaq.feedback.visitor import request_visitor
from segurfaq.inquiries.forms import ReaderQuestionForm
from segurfaq.inquiries.mail import CONFIRMATION_TOKEN_MAX_LENGTH
from segurfaq.inquiries.models import QUESTION_MAX_LENGTH
from segurfaq.inquiries.services import (
    TooManyConfirmations,
    address_confirm,
    question_submit,
)
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import RateLimited
from segurfaq.search.services import search_suggest


def _prefilled_values(query_dict) -> list[int]:
    keys = [f"{slug}/{value}" for slug in facet_slugs() for value in query_dict.getlist(slug)]
    return [value.pk for value in facet_values_find(keys)[0]]


def ask(request):
    network = client_network(request)
    if request.method == "POST":
        form = ReaderQuestionForm(request.POST)
        if form.is_robot:
            # Tell a robot nothing: it believes it succeeded, and nothing is kept.
            return redirect("inquiries:thanks")
        if "verifier" not in request.POST and form.is_valid():
            try:
                question_submit(
                    question=form.cleaned_data["question"],
                    values=list(form.cleaned_data["values"]),
                    email=form.cleaned_data["email"],
                    consent=form.cleaned_data["consent"],
                    network=network,
                    visitor=request_visitor(request),
                )
                return redirect("inquiries:thanks")
            except RateLimited as limited:
                return _ask_page(request, form, network, refused=limited, why=_why(limited))
        question_text = request.POST.get("question", "")
    else:
        question_text = request.GET.get("q", "")
        form = ReaderQuestionForm(
            initial={
                "question": question_text[:QUESTION_MAX_LENGTH],
                "values": _prefilled_values(request.GET),
            }
        )
    return _ask_page(request, form, network, question=question_text[:QUESTION_MAX_LENGTH])


def _why(limited: RateLimited) -> str:
    if isinstance(limited, TooManyConfirmations):
        return limited.message
    return (
        "Vous avez déjà envoyé plusieurs questions cette heure-ci : votre question n'a pas "
        "été enregistrée."
    )


def _ask_page(request, form, network, *, question="", refused=None, why=""):
    suggestions = []
    if question.strip() and refused is None:
        try:
            suggestions = search_suggest(question=question, network=network, limit=3)
        except RateLimited as limited:
            refused, why = (
                limited,
                (
                    "Trop de recherches sont venues de votre réseau dans la dernière minute : "
                    "les réponses proches de votre question ne sont pas cherchées."
                ),
            )
    response = render(
        request,
        "inquiries/ask.html",
        {
            "form": form,
            "facets": Facet.objects.prefetch_related("values"),
            "selected_values": {str(pk) for pk in (form["values"].value() or [])},
            "suggestions": suggestions,
            "retention_days": settings.SEGURFAQ_EMAIL_RETENTION_DAYS,
            "unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS,
            "refusal": f"{why} Réessayez dans {refused.retry_after} secondes." if refused else "",
        },
        status=429 if refused is not None else 200,
    )
    if refused is not None:
        response["Retry-After"] = str(refused.retry_after)
    return response


def thanks(request):
    return render(
        request,
        "inquiries/thanks.html",
        {"unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS},
    )


def confirm(request, token: str):
    """The link of the confirmation message. Opening it only shows a button: mail scanners
    open every link of a message, and must not confirm an address for its owner."""
    token = token[:CONFIRMATION_TOKEN_MAX_LENGTH]
    if request.method != "POST":
        return render(request, "inquiries/confirm.html", {"token": token})
    confirmed = address_confirm(token=token)
    if confirmed is None:
        return render(request, "inquiries/confirm.html", {"invalid": True}, status=400)
    return render(request, "inquiries/confirm.html", {"confirmed": confirmed})
