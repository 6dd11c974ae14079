"""A ZIP of many documents, produced as a stream: memory holds one chunk of rows, never the archive.

``zipfile`` writes to a non-seekable sink using data descriptors, so each member can be sent as
soon as it is written. Rows are read with ``.iterator(chunk_size)`` (a server-side cursor on
PostgreSQL), so 10,000 documents cost the memory of ``chunk_size`` of them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator

from django.db.models import Count, Sum
from django.db.models.functions import Length

CHUNK_ROWS = 100
PDF_ESTIMATE = 16_000  # bytes per PDF, for the progress bar's estimate only
XML_DEFLATE_RATIO = 0.4  # a signed UBL XML deflates to about 35-40 % (bench/delivery.py: 11.3 KB -> ~4 KB)


class _Sink(io.RawIOBase):
    """Collects what zipfile writes until the generator hands it out."""

    def __init__(self):
        super().__init__()
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def estimate(rows, *, with_pdf: bool) -> tuple[int, int]:
    """(documents, approximate bytes) of the archive, from the stored sizes (no blob is read)."""
    found = rows.order_by().aggregate(n=Count("id"), xml=Sum(Length("electronic__xml")),
                                      cdr=Sum(Length("electronic__cdr")))
    count = found["n"] or 0
    total = (int((found["xml"] or 0) * XML_DEFLATE_RATIO) + (found["cdr"] or 0) + count * 250
             + (PDF_ESTIMATE * count if with_pdf else 0))
    return count, total


def _info(name: str, when: dt.datetime, compress: bool) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def stream_documents(rows, *, with_pdf: bool = False, pdf_for=None, chunk_rows: int = CHUNK_ROWS) -> Iterator[bytes]:
    """Yield the ZIP bytes of each document's signed XML, CDR (R-*.zip) and optionally its PDF.

    ``pdf_for(pk) -> bytes`` renders a PDF (given by the caller, so this module knows no templates)."""
    from django.utils import timezone

    sink = _Sink()
    now = timezone.localtime()
    values = (rows.order_by("issue_date", "id")
              .values_list("pk", "issue_date", "electronic__name", "electronic__xml", "electronic__cdr"))
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for pk, issue_date, name, xml, cdr in values.iterator(chunk_size=chunk_rows):
            if not name:
                continue
            folder = f"{issue_date:%Y-%m}/"
            archive.writestr(_info(f"{folder}{name}.xml", now, True), bytes(xml))
            if cdr:
                archive.writestr(_info(f"{folder}R-{name}.zip", now, False), bytes(cdr))
            if with_pdf and pdf_for is not None:
                archive.writestr(_info(f"{folder}{name}.pdf", now, False), pdf_for(pk))
            chunk = sink.drain()
            if chunk:
                yield chunk
    tail = sink.drain()
    if tail:
        yield tail
