"""Test support shared by the sales and einvoicing suites."""

from __future__ import annotations

import os
import tempfile


def use_file_sqlite_for_tests() -> None:
    """Threads in tests (concurrent numbering, a live server beside a worker) need a real SQLite file:
    Django's shared-cache in-memory test database answers "table is locked" with no busy timeout.
    One file per process, so parallel pytest runs and xdist workers never share it."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    test = database.setdefault("TEST", {})
    if not test.get("NAME"):
        test["NAME"] = os.path.join(tempfile.gettempdir(), f"yupana-test-{os.getpid()}.sqlite3")


SAMPLE_ID = 10_000_600


def tenant_samples(company) -> list:
    """A factura of ``company`` with its line, SUNAT record and timeline, for the tenant-isolation walk."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from yupana.companies.models import Series
    from yupana.einvoicing.models import DocumentEvent, ElectronicDocument

    from .models import SaleDocument, SaleLine

    series = Series.objects.filter(company=company, document_type="01").first()
    document = SaleDocument.objects.create(
        id=SAMPLE_ID, company=company, doc_type="01", series=series, series_code=series.code, number=1,
        issue_date=dt.date(2026, 11, 1), issued_at=timezone.now(), customer_doc_type="6",
        customer_doc_number="20100070970", customer_name="SECRETOB Cliente B", total=Decimal("11.80"),
        observations="SECRETOB")
    line = SaleLine.objects.create(id=SAMPLE_ID + 1, document=document, position=1, description="SECRETOB item",
                                   quantity=Decimal("1"), unit_price=Decimal("11.80"))
    electronic = ElectronicDocument.objects.create(
        id=SAMPLE_ID + 2, company=company, document=document, name=f"{company.ruc}-01-{series.code}-1",
        xml=b"<SECRETOB/>", zip=b"SECRETOB", digest="SECRETOB", issued_at=timezone.now(), cdr=b"SECRETOB")
    event = DocumentEvent.objects.create(id=SAMPLE_ID + 3, company=company, document=document, kind="creado",
                                         at=timezone.now(), message="SECRETOB")
    return [document, line, electronic, event]
