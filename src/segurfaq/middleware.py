"""Project-wide middleware."""

from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGet


class ConditionalGetMiddleware(DjangoConditionalGet):
    """ETag and 304 answers for the API, feeds and files; not for HTML pages.

    Every page carries a fresh CSP nonce and CSRF token, so its ETag would never match
    again: hashing 80 kB per page was a tenth of the time of a page served from the cache.
    """

    def needs_etag(self, response):
        if response.get("Content-Type", "").startswith("text/html"):
            return False
        return super().needs_etag(response)
