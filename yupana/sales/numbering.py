"""Atomic correlatives per series.

``series_take`` must run inside ``transaction.atomic``. The UPDATE comes first: on PostgreSQL it
locks the series row until the transaction ends; on SQLite the first write takes the database
write lock (with ``transaction_mode=IMMEDIATE`` it is already held). Then the row is read back
(``select_for_update``, a no-op on SQLite). Concurrent issuers queue on that lock, so numbers are
consecutive, and a rollback (a SUNAT-rules rejection) gives the number back.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from yupana.companies.models import Series


class SeriesError(ValueError):
    pass


def series_take(*, company, doc_type: str, code: str) -> tuple[Series, int]:
    """The series row (locked) and the number this document gets."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("series_take debe llamarse dentro de transaction.atomic()")
    rows = Series.objects.filter(company=company, document_type=doc_type, code=code, is_active=True)
    if rows.update(next_number=F("next_number") + 1) != 1:
        raise SeriesError(f"No hay una serie activa {code} para este tipo de comprobante.")
    series = rows.select_for_update().get()
    number = series.next_number - 1
    if number > 99_999_999:
        raise SeriesError(f"La serie {code} llegó a su último número (99999999): cree otra serie.")
    return series, number
