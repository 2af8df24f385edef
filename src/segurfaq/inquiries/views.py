from django.conf import settings
from django.shortcuts import redirect, render

from segurfaq.faq.models import Facet, FacetValue
from segurfaq.feedback.visitor import request_visitor
from segurfaq.inquiries.forms import ReaderQuestionForm
from segurfaq.inquiries.services import question_submit
from segurfaq.operations.client_address import client_address
from segurfaq.ratelimit import RateLimited
from segurfaq.search.selectors import closest_published


def _prefilled_values(query_dict) -> list[int]:
    wanted = []
    for facet in Facet.objects.all():
        slugs = query_dict.getlist(facet.slug)
        if slugs:
            wanted += FacetValue.objects.filter(facet=facet, slug__in=slugs).values_list(
                "pk", flat=True
            )
    return list(wanted)


def ask(request):
    status = 200
    if request.method == "POST":
        form = ReaderQuestionForm(request.POST)
        if form.is_robot:
            # Tell a robot nothing: it believes it succeeded, and nothing is kept.
            return redirect("inquiries:thanks")
        if "verifier" not in request.POST and form.is_valid():
            clients = [request_visitor(request, create=True), client_address(request)]
            try:
                question_submit(
                    question=form.cleaned_data["question"],
                    values=list(form.cleaned_data["values"]),
                    email=form.cleaned_data["email"],
                    consent=form.cleaned_data["consent"],
                    clients=clients,
                )
                return redirect("inquiries:thanks")
            except RateLimited as limited:
                form.add_error(
                    None,
                    (
                        "Vous avez déjà envoyé plusieurs questions cette heure-ci. "
                        "Réessayez plus tard : votre question n'a pas été enregistrée."
                    ),
                )
                status = 429
                retry_after = limited.retry_after
        question_text = request.POST.get("question", "")
    else:
        question_text = request.GET.get("q", "")[:1000]
        form = ReaderQuestionForm(
            initial={"question": question_text, "values": _prefilled_values(request.GET)}
        )
    facets = Facet.objects.prefetch_related("values")
    selected = {str(pk) for pk in (form["values"].value() or [])}
    response = render(
        request,
        "inquiries/ask.html",
        {
            "form": form,
            "facets": facets,
            "selected_values": selected,
            "suggestions": closest_published(question=question_text, limit=3),
            "retention_days": settings.SEGURFAQ_EMAIL_RETENTION_DAYS,
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response


def thanks(request):
    return render(request, "inquiries/thanks.html")
