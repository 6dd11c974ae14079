"""SUNAT's window between a document's issue date and its sending.

SUNAT's server (not the published rule sheets, whose comments leave it "to Java") rejects a
factura received too long after its issue date (2108, "Presentación fuera de fecha") and one
dated in the future (2329). A rejection registers the number as rejected, so the sale is lost
for good: the app checks the date before it uses a number, with the same windows.

- Facturas and their notes (series F...): the issue date or up to 3 calendar days after it
  (R.S. N.° 000003-2023/SUNAT).
- Boletas and their notes (series B...), in the daily summary or one by one: up to 7 calendar
  days after it, as the reference implementations apply it.
- SUNAT tolerates an issue date up to two days ahead of the reception (2329); a document is
  issued on the day of the sale, so Yupana accepts no future date at all.
"""

from __future__ import annotations

import datetime as dt

FACTURA_SEND_DAYS = 3
BOLETA_SEND_DAYS = 7
LATE_CODE = "2108"


def _boleta_family(series: str) -> bool:
    """Boletas and their notes carry a series that starts with B; facturas and theirs, F."""
    return series[:1].upper() == "B"


def send_days(series: str) -> int:
    """Calendar days after the issue date in which SUNAT still receives a document of ``series``."""
    return BOLETA_SEND_DAYS if _boleta_family(series) else FACTURA_SEND_DAYS


def send_deadline(series: str, issue_date: dt.date) -> dt.date:
    """The last day SUNAT receives the document."""
    return issue_date + dt.timedelta(days=send_days(series))


def earliest_issue_date(series: str, today: dt.date) -> dt.date:
    """The oldest issue date a document of ``series`` issued ``today`` may carry."""
    return today - dt.timedelta(days=send_days(series))


def issue_date_problem(*, series: str, issue_date: dt.date, today: dt.date) -> str | None:
    """Why a document of ``series`` dated ``issue_date`` cannot be issued ``today`` (Spanish), or None."""
    if issue_date > today:
        return (f"La fecha de emisión {issue_date:%d/%m/%Y} es posterior a hoy ({today:%d/%m/%Y}): "
                f"un comprobante lleva la fecha en que se emite.")
    earliest = earliest_issue_date(series, today)
    if issue_date < earliest:
        what = "una boleta y sus notas" if _boleta_family(series) else "una factura y sus notas"
        return (f"La fecha de emisión {issue_date:%d/%m/%Y} está fuera del plazo de SUNAT: {what} se envían "
                f"hasta {send_days(series)} días después de su fecha de emisión, y SUNAT lo rechazaría "
                f"(código {LATE_CODE}, presentación fuera de fecha). Use una fecha desde el {earliest:%d/%m/%Y}.")
    return None
