"""Every error is JSON: ``{"field": ..., "message": ..., "errors": [{"field", "message"}]}`` in Spanish."""

from __future__ import annotations

from django.http import JsonResponse


class ApiError(Exception):
    """An error answered as ``status`` with the field it concerns and a Spanish message."""

    def __init__(self, status: int, message: str, field: str = "", errors: list[dict] | None = None,
                 headers: dict | None = None):
        self.status = status
        self.message = message
        self.field = field
        self.errors = errors or [{"field": field, "message": message}]
        self.headers = headers or {}
        super().__init__(message)


def error_response(exc: ApiError) -> JsonResponse:
    response = JsonResponse({"field": exc.field, "message": exc.message, "errors": exc.errors}, status=exc.status,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in exc.headers.items():
        response[name] = value
    return response


def not_found(what: str = "El recurso") -> ApiError:
    """Another company's id answers exactly like an id that does not exist."""
    return ApiError(404, f"{what} no existe.", "id")


def field_path(loc) -> str:
    """("lines", 0, "quantity") -> "lines[0].quantity"."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _spanish(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": "campo obligatorio",
        "extra_forbidden": "campo desconocido",
        "string_type": "debe ser texto",
        "int_type": "debe ser un número entero",
        "int_parsing": "debe ser un número entero",
        "int_from_float": "debe ser un número entero",
        "decimal_type": "debe ser un número",
        "decimal_parsing": "debe ser un número",
        "decimal_finite_number": "debe ser un número finito",
        "float_type": "debe ser un número",
        "float_parsing": "debe ser un número",
        "finite_number": "debe ser un número finito",
        "bool_type": "debe ser true o false",
        "bool_parsing": "debe ser true o false",
        "date_type": "fecha inválida (AAAA-MM-DD)",
        "date_parsing": "fecha inválida (AAAA-MM-DD)",
        "date_from_datetime_parsing": "fecha inválida (AAAA-MM-DD)",
        "date_from_datetime_inexact": "fecha inválida (AAAA-MM-DD)",
        "list_type": "debe ser una lista",
        "dict_type": "debe ser un objeto",
        "model_type": "debe ser un objeto",
        "model_attributes_type": "debe ser un objeto",
        "json_invalid": "JSON mal formado",
        "json_type": "JSON mal formado",
        "string_pattern_mismatch": "formato inválido",
        "url_parsing": "URL inválida",
        "url_scheme": "la URL debe empezar con http:// o https://",
        "uuid_parsing": "identificador inválido",
        "string_unicode": "texto inválido",
    }
    if kind in messages:
        return messages[kind]
    if kind == "literal_error" or kind == "enum":
        return f"valor no permitido (se espera {ctx.get('expected', '')})".replace(" ()", "")
    if kind == "string_too_long":
        return f"admite como máximo {ctx.get('max_length')} caracteres"
    if kind == "string_too_short":
        return f"debe tener al menos {ctx.get('min_length')} caracteres"
    if kind == "too_long":
        return f"admite como máximo {ctx.get('max_length')} elementos"
    if kind == "too_short":
        return f"debe tener al menos {ctx.get('min_length')} elementos"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {"greater_than": "mayor que", "greater_than_equal": "mayor o igual que",
                 "less_than": "menor que", "less_than_equal": "menor o igual que"}
        limit = next(iter(ctx.values()), "")
        return f"debe ser {words[kind]} {limit}"
    if kind in ("decimal_max_places", "decimal_max_digits", "decimal_whole_digits"):
        return "demasiados dígitos o decimales"
    if kind == "value_error":
        return str(ctx.get("error", "valor inválido"))
    return "valor inválido"


def from_validation(errors: list[dict]) -> ApiError:
    """Ninja/pydantic errors -> a 422 naming each field (the location's body/query/path prefix dropped)."""
    items = []
    for error in errors:
        loc = list(error.get("loc") or [])
        if loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
            if loc and loc[0] in ("payload", "filters", "data"):
                loc = loc[1:]
        items.append({"field": field_path(loc), "message": _spanish(error)})
    if not items:
        items = [{"field": "", "message": "datos inválidos"}]
    first = items[0]
    status = 400 if any(e.get("type") in ("json_invalid", "json_type") for e in errors) else 422
    return ApiError(status, f"{first['field'] or 'cuerpo'}: {first['message']}", first["field"], items)
