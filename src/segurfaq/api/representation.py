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


def _field(error: dict) -> str:
    # ("body", "payload", "visitor") or ("query", "limit"): the name a client sends.
    parts = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
    if parts and parts[0] in ("query", "path"):
        parts = parts[1:]
    return ".".join(parts)


def rule_broken(error: dict) -> str:
    """One pydantic validation error as a French sentence naming the field and its rule."""
    field, kind, ctx = _field(error), error.get("type", ""), error.get("ctx") or {}
    if not field:
        return "Le corps de la requête est invalide."
    name = f"« {field} »"
    if kind == "missing":
        return f"{name} est obligatoire."
    if kind == "string_too_short":
        return f"{name} doit compter au moins {ctx.get('min_length')} caractères."
    if kind == "string_too_long":
        return f"{name} doit compter au plus {ctx.get('max_length')} caractères."
    if kind == "too_long":
        return f"{name} compte au plus {ctx.get('max_length')} éléments."
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return f"{name} doit valoir {expected}."
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"{name} doit être {'au moins' if 'greater' in kind else 'au plus'} {bound}."
    if kind in ("int_parsing", "int_type"):
        return f"{name} doit être un nombre entier."
    if kind in ("bool_parsing", "bool_type"):
        return f"{name} doit valoir true ou false."
    if kind == "string_type":
        return f"{name} doit être une chaîne de caractères."
    if kind == "list_type":
        return f"{name} doit être une liste."
    if kind == "value_error":
        return f"{name} : {str(error.get('msg', '')).removeprefix('Value error, ')}"
    return f"{name} est invalide."


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
