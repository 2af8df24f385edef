"""One id per request: in the X-Request-ID response header, in every log line written
while the request is served, and on error pages and API errors, so that what a reader
reports ("identifiant de la requête : …") leads to the log line."""

import contextvars
import logging
import re
import uuid

from segurfaq.operations.client_address import from_trusted_proxy

HEADER = "X-Request-ID"
# An id a trusted proxy made (nginx's $request_id) is kept, so that both logs agree.
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        if not (from_trusted_proxy(request) and _ACCEPTED.fullmatch(offered)):
            offered = uuid.uuid4().hex[:16]
        request.request_id = offered
        token = _current.set(offered)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = offered
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a request's 4xx/5xx line after every middleware has returned, with
        # the request attached: its id is there when the context's is already reset.
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or _current.get()
        return True
