from django.http import JsonResponse

from segurfaq.faq.answer_markup import html_to_text
from segurfaq.faq.display import EntryShown
from segurfaq.operations.request_id import current_request_id


def error_response(status: int, code: str, message: str) -> JsonResponse:
    """The one shape of every API error, 4xx and 5xx alike."""
    return JsonResponse(
        {"error": {"code": code, "message": message, "request_id": current_request_id()}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def entry_out(request, entry: EntryShown) -> dict:
    return {
        "slug": entry.slug,
        "question": entry.question,
        "answer_html": entry.answer,
        "answer_text": html_to_text(entry.answer),
        "url": request.build_absolute_uri(entry.get_absolute_url()),
        "tags": list(entry.tags),
        "wordings": list(entry.wordings),
        "values": [
            {"facet": value.facet_slug, "slug": value.slug, "label": value.label}
            for value in entry.values
        ],
        "links": [{"label": link.label, "url": link.url} for link in entry.links],
        "updated_at": entry.updated_at,
        "published_at": entry.published_at,
    }


def hit_out(request, entry: EntryShown, hit) -> dict:
    return {
        **entry_out(request, entry),
        "score": hit.score if hit else 0.0,
        "confidence": hit.confidence if hit else 0.0,
        "passage": hit.passage if hit else "",
    }
