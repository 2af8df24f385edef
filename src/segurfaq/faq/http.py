"""HTTP answers about the content that the pages, the votes and the API all give alike."""

from django.http import Http404
from django.shortcuts import render

ENTRY_NOT_FOUND = "Cette question / réponse n'existe pas ou n'est plus publiée."


def entry_not_found() -> Http404:
    """The 404 of an entry that does not exist or is no longer published (raise it)."""
    return Http404(ENTRY_NOT_FOUND)


def form_error_messages(form) -> list[str]:
    """Every message of a bound, invalid form, fields' and the form's own, in order."""
    return [message for messages in form.errors.values() for message in messages]


def too_many(request, *, title: str, message: str, retry_after: int):
    """The 429 page of a public door: what was not done, and when to try again."""
    response = render(
        request,
        "errors/error.html",
        {"title": title, "message": f"{message} Réessayez dans {retry_after} secondes."},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response
