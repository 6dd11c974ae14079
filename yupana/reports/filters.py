"""The document list's filters, read from the query string with Spanish messages per field."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from yupana.companies.models import DocumentType
from yupana.einvoicing.models import Status

CURRENCIES = [("PEN", "Soles"), ("USD", "Dólares")]
MAX_DAYS = 3660  # ten years: a wider range is almost surely a typo


@dataclass
class DocumentFilters:
    date_from: dt.date
    date_to: dt.date
    q: str = ""
    doc_type: str = ""
    status: str = ""
    customer: str = ""
    series: str = ""
    currency: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    def query(self) -> dict[str, str]:
        """The filters as query-string values (for exports and links that keep them)."""
        data = {key: value for key, value in asdict(self).items() if key != "errors"}
        data["desde"], data["hasta"] = data.pop("date_from").isoformat(), data.pop("date_to").isoformat()
        return {key: value for key, value in data.items() if value}


def _date(raw: str, default: dt.date, label: str, errors: dict, key: str) -> dt.date:
    raw = (raw or "").strip()
    if not raw:
        return default
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    errors[key] = f"{label}: fecha inválida «{raw}» (use dd/mm/aaaa)."
    return default


def parse_filters(params, *, today: dt.date | None = None) -> DocumentFilters:
    """Defaults to the current month; bad values are dropped with a message naming the field."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    date_from = _date(params.get("desde", ""), today.replace(day=1), "Desde", errors, "desde")
    date_to = _date(params.get("hasta", ""), today, "Hasta", errors, "hasta")
    if date_from > date_to:
        errors["hasta"] = "Hasta: la fecha final es anterior a la inicial."
        date_from, date_to = date_to, date_from
    if (date_to - date_from).days > MAX_DAYS:
        errors["desde"] = "Desde: el rango no puede pasar de diez años."
        date_from = date_to - dt.timedelta(days=MAX_DAYS)
    doc_type = params.get("doc_type", "")
    if doc_type and doc_type not in DocumentType.values:
        errors["doc_type"], doc_type = "Tipo: valor desconocido.", ""
    status = params.get("status", "")
    if status and status not in Status.values:
        errors["status"], status = "Estado SUNAT: valor desconocido.", ""
    currency = params.get("currency", "")
    if currency and currency not in dict(CURRENCIES):
        errors["currency"], currency = "Moneda: use soles o dólares.", ""
    series = (params.get("series", "") or "").strip().upper()[:4]
    return DocumentFilters(date_from=date_from, date_to=date_to, q=(params.get("q", "") or "").strip()[:100],
                           doc_type=doc_type, status=status, customer=(params.get("customer", "") or "").strip()[:100],
                           series=series, currency=currency, errors=errors)
