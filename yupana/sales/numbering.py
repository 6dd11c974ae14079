"""Atomic correlatives per series.

Issuing is split so the series is locked for as short a time as possible:

- ``series_find`` reads the active series (no lock) before the transaction, so the document can be
  built and judged by SUNAT's rules with a provisional number while other sales go on;
- ``series_take`` runs inside ``transaction.atomic`` and is one ``UPDATE ... RETURNING``: on
  PostgreSQL it locks the series row until the transaction ends; on SQLite the transaction already
  holds the database write lock (``transaction_mode=IMMEDIATE``). Concurrent issuers queue on that
  lock, so numbers are consecutive, and a rollback gives the number back.
"""

from __future__ import annotations

from django.db import connection, transaction

from yupana.companies.models import Series

LAST_NUMBER = 99_999_999


class SeriesError(ValueError):
    pass


def series_find(*, company, doc_type: str, code: str) -> Series:
    """The active series ``code`` of ``doc_type`` (unlocked: its ``next_number`` is only a guess)."""
    series = Series.objects.filter(company=company, document_type=doc_type, code=code, is_active=True).first()
    if series is None:
        raise SeriesError(f"No hay una serie activa {code} para este tipo de comprobante.")
    if series.next_number > LAST_NUMBER:
        raise SeriesError(f"La serie {code} llegó a su último número ({LAST_NUMBER}): cree otra serie.")
    return series


def series_take(*, series: Series) -> int:
    """The number this document gets, taken from ``series`` under its lock (one statement)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("series_take debe llamarse dentro de transaction.atomic()")
    table = connection.ops.quote_name(Series._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET next_number = next_number + 1 WHERE id = %s AND is_active "
                       f"RETURNING next_number", [series.pk])
        row = cursor.fetchone()
    if row is None:
        raise SeriesError(f"La serie {series.code} ya no está activa.")
    number = row[0] - 1
    if number > LAST_NUMBER:
        raise SeriesError(f"La serie {series.code} llegó a su último número ({LAST_NUMBER}): cree otra serie.")
    series.next_number = row[0]
    return number
