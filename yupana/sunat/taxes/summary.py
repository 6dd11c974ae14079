"""Summary (RC) lines from computed boletas and notes, so an RC repeats the document's figures."""

from __future__ import annotations

from ..catalogs import DocumentType, SummaryStatus
from ..model import Note, SummaryLine
from .computed import Computed


def summary_line(computed: Computed, status: SummaryStatus = SummaryStatus.ADD) -> SummaryLine:
    """The RC line of a computed boleta (or boleta note) with the given status (1 add, 2 modify, 3 void)."""
    doc = computed.doc
    totals = computed.totals
    if doc.doc_type is DocumentType.FACTURA or doc.series[0] != "B":
        raise ValueError("solo boletas y sus notas van en el resumen diario")
    note = isinstance(doc, Note)
    return SummaryLine(
        doc_type=doc.doc_type,
        series=doc.series,
        number=doc.number,
        status=SummaryStatus.of(status),
        currency=doc.currency,
        total=totals.payable,
        customer=None if doc.customer.is_anonymous else doc.customer,
        gravadas=totals.gravadas,
        exoneradas=totals.exoneradas,
        inafectas=totals.inafectas,
        exportacion=totals.exportacion,
        gratuitas=totals.gratuitas,
        igv=totals.igv,
        isc=totals.isc,
        icbper=totals.icbper,
        igv_rate=computed.igv_percent,
        reference_type=doc.reference_type if note else None,
        reference_id=doc.reference_id if note else "",
    )
