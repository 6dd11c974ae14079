"""Conservation: every issued document's signed XML and its CDR (``R-*.zip``) for a period.

Same files on disk (``yupana export-documents``) and as a ZIP download in the web app.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .models import ElectronicDocument, SummaryBatch


def export_entries(*, company, date_from: dt.date, date_to: dt.date) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) for each document (XML, CDR) and each RC/RA of the period."""
    documents = (ElectronicDocument.objects.for_company(company)
                 .filter(document__issue_date__gte=date_from, document__issue_date__lte=date_to)
                 .order_by("document__issue_date", "name").only("name", "xml", "cdr"))
    for electronic in documents.iterator(chunk_size=200):
        yield f"{electronic.name}.xml", bytes(electronic.xml)
        if electronic.cdr:
            yield f"R-{electronic.name}.zip", bytes(electronic.cdr)
    batches = (SummaryBatch.objects.for_company(company)
               .filter(reference_date__gte=date_from, reference_date__lte=date_to).order_by("name"))
    for batch in batches:
        yield f"resumenes/{batch.name}.xml", bytes(batch.xml)
        if batch.cdr:
            yield f"resumenes/R-{batch.name}.zip", bytes(batch.cdr)


def export_to_dir(*, company, date_from: dt.date, date_to: dt.date, out: Path) -> int:
    """Write the files under ``out``; returns how many were written."""
    count = 0
    for name, data in export_entries(company=company, date_from=date_from, date_to=date_to):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        count += 1
    return count


def export_zip(*, company, date_from: dt.date, date_to: dt.date) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_entries(company=company, date_from=date_from, date_to=date_to):
            archive.writestr(name, data)
    return buffer.getvalue()
