from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from segurfaq.faq.selectors import entry_get_published
from segurfaq.feedback.forms import VoteForm
from segurfaq.feedback.presentation import THANKS_TAG_PREFIX
from segurfaq.feedback.services import vote_cast
from segurfaq.feedback.visitor import request_visitor


def vote_submit(request, slug):
    if request.method != "POST":
        response = render(
            request,
            "errors/error.html",
            {
                "title": _("Avis non enregistré"),
                "message": _(
                    "Un avis s'envoie avec les boutons « Oui » et « Non » sous chaque réponse."
                ),
            },
            status=405,
        )
        response["Allow"] = "POST"
        return response
    entry = entry_get_published(slug=slug)
    if entry is None:
        raise Http404(_("Cette question / réponse n'existe pas ou n'est plus publiée."))
    form = VoteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "feedback/vote_invalid.html",
            {"entry": entry, "errors": [e for errs in form.errors.values() for e in errs]},
            status=400,
        )
    vote_cast(entry=entry, visitor=request_visitor(request, create=True), value=form.vote_value())
    messages.success(
        request,
        _("Merci pour votre avis ! Vous pouvez le modifier à tout moment."),
        extra_tags=THANKS_TAG_PREFIX + entry.slug,
    )
    target = form.cleaned_data.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = entry.get_absolute_url()
    return redirect(f"{target.split('#')[0]}#avis-{entry.slug}")
