from django.http import JsonResponse

from segurfaq.operations.request_id import current_request_id


def error_response(status: int, code: str, message: str) -> JsonResponse:
    """The one shape of every API error, 4xx and 5xx alike."""
    return JsonResponse(
        {"error": {"code": code, "message": message, "request_id": current_request_id()}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def rate_limited_response(retry_after: int, message: str) -> JsonResponse:
    """The 429 of the API: the error format and when to try again."""
    response = error_response(429, "rate_limited", message)
    response["Retry-After"] = str(retry_after)
    return response


def _field(error: dict) -> str:
    # ("body", "payload", "visitor") or ("query", "limit"): the name a client sends.
    parts = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
    if parts and parts[0] in ("query", "path"):
        parts = parts[1:]
    return ".".join(parts)


# Pydantic's error types, as French sentences about the field ({name}) and its rule
# (the error's context: min_length, max_length, ge, le…).
RULES = {
    "missing": "{name} est obligatoire.",
    "string_too_short": "{name} doit compter au moins {min_length} caractères.",
    "string_too_long": "{name} doit compter au plus {max_length} caractères.",
    "too_long": "{name} compte au plus {max_length} éléments.",
    "greater_than_equal": "{name} doit être au moins {ge}.",
    "less_than_equal": "{name} doit être au plus {le}.",
    "int_parsing": "{name} doit être un nombre entier.",
    "int_type": "{name} doit être un nombre entier.",
    "bool_parsing": "{name} doit valoir true ou false.",
    "bool_type": "{name} doit valoir true ou false.",
    "string_type": "{name} doit être une chaîne de caractères.",
    "list_type": "{name} doit être une liste.",
    "literal_error": "{name} doit valoir {expected}.",
    "value_error": "{name} : {reason}",
}


def rule_broken(error: dict) -> str:
    """One pydantic validation error as a French sentence naming the field and its rule."""
    field = _field(error)
    if not field:
        return "Le corps de la requête est invalide."
    context = {
        **(error.get("ctx") or {}),
        "name": f"« {field} »",
        "reason": str(error.get("msg", "")).removeprefix("Value error, "),
    }
    context["expected"] = str(context.get("expected", "")).replace(" or ", " ou ")
    try:
        return RULES.get(error.get("type", ""), "{name} est invalide.").format(**context)
    except KeyError:  # a context without the bound the sentence names
        return f"{context['name']} est invalide."
