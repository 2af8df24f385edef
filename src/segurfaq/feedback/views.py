from dataclasses import replace

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from segurfaq.faq.http import entry_not_found, form_error_messages, too_many
from segurfaq.faq.selectors import entry_ref_published
from segurfaq.feedback import services
from segurfaq.feedback.forms import VoteForm, VoteReasonForm
from segurfaq.feedback.models import COMMENT_MAX_LENGTH
from segurfaq.feedback.presentation import THANKS_TAG_PREFIX, vote_blocks
from segurfaq.feedback.services import NothingToExplain
from segurfaq.feedback.visitor import request_visitor
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import RateLimited


def _posted_form(request, slug, form_class, refused):
    """The published entry and the bound form, or the response that refuses the request;
    `refused(request, entry, form, errors)` answers a form that is not valid."""
    if request.method != "POST":
        return None, None, _method_not_allowed(request)
    # The vote block and its messages name the entry by slug and question alone.
    entry = entry_ref_published(slug=slug)
    if entry is None:
        raise entry_not_found()
    form = form_class(request.POST)
    if not form.is_valid():
        return entry, form, refused(request, entry, form, form_error_messages(form))
    return entry, form, None


def _vote_refused(request, entry, _form, errors):
    return _invalid(request, entry, errors)


def _reason_refused(request, entry, form, errors):
    """The explanation form again, with what to fix and the comment already typed: in its
    block for a page that sent it without reloading, on a page of its own otherwise."""
    blocks, _others = vote_blocks(request, [entry])
    if not blocks[entry.id].reason_choices:  # no "Non" to explain: nothing to show again
        return _invalid(request, entry, ["Répondez d'abord « Non » à cette question."])
    block = replace(
        blocks[entry.id],
        errors=tuple(errors),
        own_comment=form.data.get("comment", "")[:COMMENT_MAX_LENGTH],
    )
    context = {
        "entry": entry,
        "vote": block,
        "next_url": _safe_target(request, entry, form.data.get("next")),
        "errors": errors,
    }
    if request.htmx:
        # htmx swaps only successful answers: the block with its errors is one.
        return render(request, "feedback/_vote.html", context)
    return render(request, "feedback/vote_invalid.html", context, status=400)


def _too_many(request, retry_after: int):
    return too_many(
        request,
        title="Trop d'avis en peu de temps",
        message=(
            "Votre avis n'a pas été enregistré : trop d'avis sont venus de votre navigateur "
            "ou de votre réseau."
        ),
        retry_after=retry_after,
    )


def _invalid(request, entry, errors):
    return render(
        request, "feedback/vote_invalid.html", {"entry": entry, "errors": errors}, status=400
    )


def vote_submit(request, slug):
    entry, form, refusal = _posted_form(request, slug, VoteForm, _vote_refused)
    if refusal is not None:
        return refusal
    search_token = form.cleaned_data.get("recherche") or ""
    try:
        services.vote_submit(
            entry=entry,
            voter=request_visitor(request, create=True),
            network=client_network(request),
            value=form.vote_value(),
            search_token=search_token,
        )
    except RateLimited as limited:
        return _too_many(request, limited.retry_after)
    thanks = "Merci pour votre avis ! Vous pouvez le modifier à tout moment."
    if request.htmx:
        return _vote_block(
            request, entry, thanks, form.cleaned_data.get("next"), search_token=search_token
        )
    messages.success(request, thanks, extra_tags=THANKS_TAG_PREFIX + entry.slug)
    return _back(request, entry, form.cleaned_data.get("next"))


def _safe_target(request, entry, target) -> str:
    target = target or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        # Only a path of this site: redirect() would take "0" or "admin" for a view name.
        return entry.get_absolute_url()
    return target.split("#")[0]


def _vote_block(request, entry, thanks: str, next_url: str | None, search_token: str = ""):
    """The vote block alone, for a page that sent the vote without reloading."""
    blocks, _others = vote_blocks(request, [entry])
    return render(
        request,
        "feedback/_vote.html",
        {
            "entry": entry,
            "vote": replace(blocks[entry.id], thanks=thanks),
            "announce": thanks,
            "next_url": _safe_target(request, entry, next_url),
            "search_token": search_token,
        },
    )


def _back(request, entry, target):
    return HttpResponseRedirect(f"{_safe_target(request, entry, target)}#avis-{entry.slug}")


def _method_not_allowed(request):
    response = render(
        request,
        "errors/error.html",
        {
            "title": "Avis non enregistré",
            "message": (
                "Un avis s'envoie avec les boutons « Oui » et « Non » sous chaque réponse."
            ),
        },
        status=405,
    )
    response["Allow"] = "POST"
    return response


def vote_reason_submit(request, slug):
    entry, form, refusal = _posted_form(request, slug, VoteReasonForm, _reason_refused)
    if refusal is not None:
        return refusal
    try:
        services.vote_reason_submit(
            entry=entry,
            voter=request_visitor(request),
            network=client_network(request),
            reason=form.cleaned_data["reason"],
            comment=form.cleaned_data["comment"],
        )
    except RateLimited as limited:
        return _too_many(request, limited.retry_after)
    except NothingToExplain:
        return _invalid(request, entry, ["Répondez d'abord « Non » à cette question."])
    thanks = "Merci, votre explication aidera l'équipe à améliorer cette réponse."
    if request.htmx:
        return _vote_block(request, entry, thanks, form.cleaned_data.get("next"))
    messages.success(request, thanks, extra_tags=THANKS_TAG_PREFIX + entry.slug)
    return _back(request, entry, form.cleaned_data.get("next"))
