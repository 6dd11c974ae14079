"""The JSON document format of the CLI and the REST API (documented in docs/json-format.md).

Keys are the model's own field names (one glossary for code, JSON and error paths). Amounts
and quantities are JSON strings ("118.00") or numbers, read as ``Decimal`` straight from the
text (never through float). Every error is a :class:`ValidationError` whose field is the JSON
path of the bad value (``lines[1].quantity``), with a Spanish message.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date, time
from decimal import Decimal
from enum import Enum
from functools import cache

from . import taxes
from .model import (
    Address,
    Customer,
    Detraccion,
    Installment,
    Invoice,
    Isc,
    Issuer,
    Line,
    Note,
    Summary,
    SummaryLine,
    ValidationError,
    Voided,
    VoidedLine,
)
from .money import to_decimal

Document = Invoice | Note | Summary | Voided
_KINDS = {"01": Invoice, "03": Invoice, "07": Note, "08": Note, "RC": Summary, "RA": Voided}
_NESTED = (Address, Customer, Detraccion, Installment, Isc, Issuer, Line, SummaryLine, VoidedLine)


def loads(text: str | bytes) -> Document:
    """Parse a JSON document into the model (not yet computed)."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ValidationError("", f"JSON inválido: {exc.msg} (línea {exc.lineno}, columna {exc.colno})") from None
    return load(data)


def load(data: object) -> Document:
    """Build the model from already-parsed JSON data (a dict)."""
    if not isinstance(data, dict):
        raise ValidationError("", "el documento debe ser un objeto JSON")
    kind = data.get("doc_type")
    cls = _KINDS.get(str(kind)) if kind is not None else None
    if cls is None:
        raise ValidationError("doc_type", f"tipo de documento {kind!r} no soportado (01, 03, 07, 08, RC o RA)")
    if cls is Summary:
        return _summary(data)
    payload = dict(data)
    if cls is Voided:
        payload.pop("doc_type")
    return _build(cls, payload, "")


def dumps(doc: Document, *, indent: int | None = 2) -> str:
    """The JSON text of a model document (the inverse of :func:`loads`)."""
    data = _dump(doc)
    if isinstance(doc, (Summary, Voided)):
        data = {"doc_type": "RC" if isinstance(doc, Summary) else "RA", **data}
    return json.dumps(data, ensure_ascii=False, indent=indent)


# --- reading -------------------------------------------------------------------------------------


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _path(prefix: str, name: str) -> str:
    if not prefix:
        return name
    return f"{prefix}{name}" if name.startswith("[") else f"{prefix}.{name}"


def _build(cls: type, data: object, path: str):
    if not isinstance(data, dict):
        raise ValidationError(path, "debe ser un objeto JSON")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError(_path(path, unknown[0]), "campo desconocido")
    hints = _hints(cls)
    kwargs = {}
    for name, field in fields.items():
        if name not in data:
            if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise ValidationError(_path(path, name), "es obligatorio")
            continue
        kwargs[name] = _convert(hints[name], data[name], _path(path, name))
    try:
        return cls(**kwargs)
    except ValidationError as exc:
        raise exc.within(path) from None


def _convert(hint, value, path: str):
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if value is None:
            return None
        # Enum-or-str unions (reason codes): let the model check the code.
        if all(isinstance(arg, type) and issubclass(arg, Enum) for arg in options):
            return _scalar(str, value, path)
        return _convert(options[0], value, path)
    if origin is tuple:
        if not isinstance(value, list):
            raise ValidationError(path, "debe ser una lista")
        item = typing.get_args(hint)[0]
        return tuple(_convert(item, element, f"{path}[{index}]") for index, element in enumerate(value))
    if hint in _NESTED:
        return _build(hint, value, path)
    return _scalar(hint, value, path)


def _scalar(hint, value, path: str):
    if value is None:
        raise ValidationError(path, "no puede ser null")
    if hint is Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise ValidationError(path, "debe ser un número (texto como \"12.50\" o número JSON)")
        try:
            return to_decimal(value)
        except ValueError:
            raise ValidationError(path, f"número inválido: {value!r}") from None
    if hint is date:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValidationError(path, f"fecha inválida {value!r} (use AAAA-MM-DD)") from None
    if hint is time:
        try:
            return time.fromisoformat(value)
        except (TypeError, ValueError):
            raise ValidationError(path, f"hora inválida {value!r} (use HH:MM:SS)") from None
    if hint is bool:
        if not isinstance(value, bool):
            raise ValidationError(path, "debe ser true o false")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(path, "debe ser un número entero")
        return value
    if isinstance(hint, type) and issubclass(hint, Enum) or hint is str:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationError(path, "debe ser texto")
        return str(value)
    raise ValidationError(path, "valor no admitido")


def _summary(data: dict) -> Summary:
    """An RC whose lines are either explicit totals or whole boletas/notes computed here."""
    data = dict(data)
    data.pop("doc_type")
    raw_lines = data.pop("lines", None)
    if not isinstance(raw_lines, list) or not raw_lines:
        raise ValidationError("lines", "debe ser una lista con al menos una línea")
    issuer_data = data.get("issuer")
    issuer = _build(Issuer, issuer_data, "issuer")
    lines = []
    for index, raw in enumerate(raw_lines):
        path = f"lines[{index}]"
        if isinstance(raw, dict) and "document" in raw:
            extra = sorted(set(raw) - {"document", "status"})
            if extra:
                raise ValidationError(_path(path, extra[0]), "campo desconocido (use document y status)")
            body = raw["document"]
            if not isinstance(body, dict):
                raise ValidationError(f"{path}.document", "debe ser un objeto JSON")
            body = {"issuer": issuer_data, **body}
            kind = _KINDS.get(str(body.get("doc_type")))
            if kind not in (Invoice, Note):
                raise ValidationError(f"{path}.document.doc_type", "una línea del resumen es una boleta (03) o una nota (07/08)")
            doc = _build(kind, body, f"{path}.document")
            try:
                computed = taxes.compute(doc)
                lines.append(taxes.summary_line(computed, str(raw.get("status", "1"))))
            except ValidationError as exc:
                raise exc.within(f"{path}.document") from None
            except ValueError as exc:
                raise ValidationError(f"{path}.document", str(exc)) from None
        else:
            lines.append(_build(SummaryLine, raw, path))
    data["lines"] = lines
    hints = _hints(Summary)
    kwargs = {}
    for field in dataclasses.fields(Summary):
        if field.name == "lines":
            kwargs["lines"] = tuple(lines)
        elif field.name == "issuer":
            kwargs["issuer"] = issuer
        elif field.name in data:
            kwargs[field.name] = _convert(hints[field.name], data[field.name], field.name)
        else:
            raise ValidationError(field.name, "es obligatorio")
    unknown = sorted(set(data) - {f.name for f in dataclasses.fields(Summary)})
    if unknown:
        raise ValidationError(unknown[0], "campo desconocido")
    return Summary(**kwargs)


# --- writing -------------------------------------------------------------------------------------


def _dump(value):
    if dataclasses.is_dataclass(value):
        out = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item is None or item == () or (field.default is not dataclasses.MISSING and item == field.default and field.name != "doc_type"):
                continue
            out[field.name] = _dump(item)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_dump(item) for item in value]
    return value
