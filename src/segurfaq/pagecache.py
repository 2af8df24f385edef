"""Rendered public pages and API reads, kept in the cache until the content changes.

Keys carry the content revision (bumped in the same transaction as any edit of entries,
facets, links or glossary), so a published edit is served at once by every worker: nothing
has to be deleted. The "pages" cache is Redis when REDIS_URL is set, process memory otherwise.

A page is shared only between readers who have nothing of their own on it: no session (no
vote, no login) and no pending message. What differs per request in such a page, the CSP
nonce and the CSRF token of the vote forms, is stored as a placeholder and filled in when
the page is served. Vote counts and "most read" lists on a shared page may be up to
SEGURFAQ_PAGE_CACHE_SECONDS old; a reader who votes has a session and sees their own vote.
A page or API read that has to be made (not in the cache, or for a reader with a session)
counts against the address's COMPUTED_READS.
"""

import functools
import hashlib
import re
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from segurfaq.faq.http import too_many
from segurfaq.faq.models import ContentRevision
from segurfaq.operations.client_address import client_network
from segurfaq.ratelimit import Limit, RateLimited

NONCE_MARK = "@@segurfaq-nonce@@"
CSRF_MARK = "@@segurfaq-csrf@@"
# Only what a page's representation needs; cookies and per-request headers never are kept.
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Disposition")
# Keys of an old revision are never read again: let them expire. Ten minutes, so that the
# distinct addresses one client may have made (COMPUTED_READS) weigh little in memory.
API_CACHE_SECONDS = 10 * 60
_MARKS = re.compile(f"({re.escape(NONCE_MARK)}|{re.escape(CSRF_MARK)})")
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


# Every distinct address (another page number, another mix of filters) is a page to make
# and a key to keep for a day: a client that asks for new ones without end is refused.
COMPUTED_READS = Limit(
    "read",
    "SEGURFAQ_READS_PER_MINUTE",
    60,
    guards="pages et lectures de l'API à calculer (absentes du cache) d'une même adresse",
)


def _pages():
    # Their own cache: a flood of page variants must not evict the rate-limit counters.
    return caches["pages"]


def content_revision() -> str:
    return ContentRevision.current()


def _key(kind: str, request: HttpRequest, revision: str) -> str:
    variant = "htmx" if request.headers.get("HX-Request") == "true" else "full"
    # Pages and API bodies hold absolute addresses (canonical link, JSON-LD, API links).
    address = request.build_absolute_uri()
    path = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{kind}:{revision}:{variant}:{path}"


def _shareable(request: HttpRequest) -> bool:
    return (
        settings.SEGURFAQ_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The page `render` makes, from the cache when another reader already had it; one that
    must be made counts against the address's COMPUTED_READS (past it: the 429 page)."""
    try:
        return _page(request, render)
    except RateLimited as limited:
        return too_many_pages(request, limited)


def shared(view):
    """A view whose every answer goes through page(): feeds, the sitemap."""

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        return page(request, lambda: view(request, *args, **kwargs))

    return cached_view


def made(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    """A read never shared (a page that carries the reader's search, the OpenAPI document),
    made for this request: it counts against the address's COMPUTED_READS like any read
    the cache does not hold (ratelimit.RateLimited)."""
    COMPUTED_READS.hit(client_network(request))
    return render()


def too_many_pages(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    """The 429 page of an address that asked for too many pages to be made."""
    return too_many(
        request,
        title="Trop de pages demandées en peu de temps",
        message="Trop de pages différentes ont été demandées depuis votre réseau.",
        retry_after=limited.retry_after,
    )


def _page(request: HttpRequest, render: Callable[[], HttpResponse]) -> HttpResponse:
    if not _shareable(request):
        COMPUTED_READS.hit(client_network(request))
        return render()
    key = _key("html", request, content_revision())
    stored = _pages().get(key)
    if stored is not None:
        fills = {NONCE_MARK: str(request.csp_nonce).encode()}
        if CSRF_MARK in stored["parts"]:
            fills[CSRF_MARK] = get_token(request).encode()
        html = b"".join(fills.get(part, part) for part in stored["parts"])
        # The page was shared because the request had no session cookie: say so to caches.
        return _rebuilt(stored, html, vary=["Cookie"])
    COMPUTED_READS.hit(client_network(request))
    response = render()
    if hasattr(response, "render") and not response.is_rendered:
        response.render()  # a TemplateResponse (the sitemap)
    if response.status_code == 200 and not response.cookies:
        html = response.content.decode("utf-8").replace(str(request.csp_nonce), NONCE_MARK)
        for token in set(_CSRF_FIELD.findall(html)):
            html = html.replace(token, CSRF_MARK)
        # Cut once at the placeholders: filling them in is then a join, not a search.
        # Kept encoded, marks aside, so that serving a page copies bytes and decodes nothing.
        parts = [
            part if part in (NONCE_MARK, CSRF_MARK) else part.encode()
            for part in _MARKS.split(html)
            if part
        ]
        _pages().set(key, _stored(response, parts=parts), settings.SEGURFAQ_PAGE_CACHE_SECONDS)
    return response


def api_read(request: HttpRequest, respond: Callable[[], HttpResponse]) -> HttpResponse:
    """An API read from the cache, as long as the content has not changed since; one that
    must be made counts against the address's COMPUTED_READS (ratelimit.RateLimited)."""
    if request.method not in ("GET", "HEAD"):
        return respond()
    if settings.SEGURFAQ_PAGE_CACHE_SECONDS <= 0:
        COMPUTED_READS.hit(client_network(request))
        return respond()
    key = _key("api", request, content_revision())
    stored = _pages().get(key)
    if stored is not None:
        return _rebuilt(stored, stored["body"])
    COMPUTED_READS.hit(client_network(request))
    response = respond()
    if response.status_code == 200 and not getattr(response, "streaming", False):
        # API reads do not show votes or views: they change only with the content.
        _pages().set(key, _stored(response, body=response.content), API_CACHE_SECONDS)
    return response


def _stored(response: HttpResponse, **content) -> dict:
    return {
        **content,
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "vary": [part.strip() for part in response.get("Vary", "").split(",") if part.strip()],
    }


def _rebuilt(stored: dict, body: bytes, vary: tuple | list = ()) -> HttpResponse:
    response = HttpResponse(body)
    for name, value in stored["headers"].items():
        response[name] = value
    patch_vary_headers(response, [*stored["vary"], *vary])
    return response
