from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from segurfaq.faq.forms import EntryFilterForm
from segurfaq.faq.models import SLUG_MAX_LENGTH, Entry
from segurfaq.faq.selectors import facet_slugs, facet_values_find
from segurfaq.feedback.visitor import request_visitor
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import RateLimited
from segurfaq.subscriptions.forms import FollowChangeForm, FollowForm
from segurfaq.subscriptions.mail import follow_description
from segurfaq.subscriptions.models import Follower
from segurfaq.subscriptions.services import (
    TOKEN_MAX_LENGTH,
    FollowRefused,
    TooManyFollowConfirmations,
    follow_confirm,
    follow_request,
    follow_stop,
    follow_target,
    follow_update,
    follower_from_manage_token,
)


def _target(request):
    """What the address asks to follow: ?question=<slug> (one entry) or the list's filters
    and keywords."""
    slug = request.GET.get("question", "")[:SLUG_MAX_LENGTH]
    if slug:
        entry = Entry.objects.filter(slug=slug).first()
        if entry is None:
            raise FollowRefused("Cette réponse n'existe pas.")
        return follow_target(entry=entry)
    form = EntryFilterForm(request.GET, facet_slugs=facet_slugs())
    if not form.is_valid() and form.errors:
        raise FollowRefused(" ".join(str(e) for errors in form.errors.values() for e in errors))
    return follow_target(filters=form.entry_filters())


def _described(target) -> str:
    preview = Follower(selection=list(target.selection), query=target.query, entry=target.entry)
    return follow_description(preview)


def follow(request):
    try:
        target = _target(request)
    except FollowRefused as refused:
        return render(request, "subscriptions/follow.html", {"refusal": str(refused)}, status=400)
    refusal, status = "", 200
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_robot:
            return redirect("subscriptions:thanks")
        if form.is_valid():
            try:
                follow_request(
                    email=form.cleaned_data["email"],
                    target=target,
                    frequency=form.cleaned_data["frequency"],
                    network=client_network(request),
                    visitor=request_visitor(request),
                )
                return redirect("subscriptions:thanks")
            except TooManyFollowConfirmations as limited:
                refusal, status = limited.message, 429
            except RateLimited as limited:
                refusal, status = (
                    "Plusieurs demandes de suivi sont déjà venues de votre réseau ou pour "
                    f"cette adresse : réessayez dans {limited.retry_after} secondes.",
                    429,
                )
        else:
            status = 400
    else:
        form = FollowForm()
    return render(
        request,
        "subscriptions/follow.html",
        {
            "form": form,
            "target": _described(target),
            "target_entry": target.entry,
            "action": request.get_full_path(),
            "refusal": refusal,
            "unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS,
        },
        status=status,
    )


def thanks(request):
    return render(
        request,
        "subscriptions/thanks.html",
        {"unconfirmed_days": settings.SEGURFAQ_UNCONFIRMED_EMAIL_DAYS},
    )


def confirm(request, token: str):
    """The link of the confirmation message. Opening it only shows a button: mail scanners
    open every link of a message, and must not confirm a follow for its owner."""
    token = token[:TOKEN_MAX_LENGTH]
    if request.method != "POST":
        return render(request, "subscriptions/confirm.html", {"token": token})
    follower = follow_confirm(token=token)
    if follower is None:
        return render(request, "subscriptions/confirm.html", {"invalid": True}, status=400)
    return render(
        request,
        "subscriptions/confirm.html",
        {"confirmed": follower, "target": follow_description(follower)},
    )


def _labels(follower: Follower) -> dict[str, str]:
    values, _unknown = facet_values_find(follower.selection)
    return {value.key: f"{value.facet.label} : {value.label}" for value in values}


def manage(request, token: str):
    token = token[:TOKEN_MAX_LENGTH]
    follower = follower_from_manage_token(token)
    if follower is None:
        return render(request, "subscriptions/manage.html", {"invalid": True}, status=404)
    saved = False
    if request.method == "POST":
        form = FollowChangeForm(request.POST, follower=follower, labels=_labels(follower))
        if form.is_valid():
            follow_update(
                follower=follower,
                frequency=form.cleaned_data["frequency"],
                selection=form.cleaned_data.get("selection", []),
            )
            saved = True
            form = FollowChangeForm(
                initial={"frequency": follower.frequency, "selection": follower.selection},
                follower=follower,
                labels=_labels(follower),
            )
    else:
        form = FollowChangeForm(
            initial={"frequency": follower.frequency, "selection": follower.selection},
            follower=follower,
            labels=_labels(follower),
        )
    return render(
        request,
        "subscriptions/manage.html",
        {
            "follower": follower,
            "form": form,
            "token": token,
            "target": follow_description(follower),
            "saved": saved,
            "list_url": "/?" + urlencode([tuple(k.split("/", 1)) for k in follower.selection]),
        },
        status=200 if request.method != "POST" or saved else 400,
    )


# Mail programs unsubscribe in one click by POSTing "List-Unsubscribe=One-Click" to the
# link of the List-Unsubscribe header (RFC 8058), without a page or a CSRF token: the
# signed token in the address is what proves the request comes from the message.
@csrf_exempt
def stop(request, token: str):
    token = token[:TOKEN_MAX_LENGTH]
    follower = follower_from_manage_token(token)
    if request.method != "POST":
        # A follow already stopped (or a link altered) says so, as a page that is there:
        # the link of a message read twice must not look broken.
        return render(
            request, "subscriptions/stop.html", {"token": token, "invalid": follower is None}
        )
    if follower is not None:
        follow_stop(follower=follower)
    # Stopped, or already stopped: the same answer, which says nothing of the address.
    return render(request, "subscriptions/stop.html", {"stopped": True})
