"""The text of the QR printed on a factura, boleta or note.

``RUC|TIPO|SERIE|NUMERO|IGV|TOTAL|FECHA|TIPO DOC ADQ|NUM DOC ADQ|HASH|`` (SUNAT's printed
representation rules); the hash is the signature's DigestValue.
"""

from __future__ import annotations

from .taxes import Computed


def qr_text(computed: Computed, digest: str) -> str:
    """QR payload of a computed document signed with DigestValue ``digest``, e.g.
    ``20123456786|01|F001|1|36.00|236.00|2026-11-20|6|20100066603|q0yB3s1k...=|``.
    The customer fields stay empty for "clientes varios".
    """
    doc = computed.doc
    customer = doc.customer
    customer_type = "" if customer.is_anonymous else customer.doc_type.value
    customer_number = "" if customer.is_anonymous else customer.number
    fields = (
        doc.issuer.ruc,
        doc.doc_type.value,
        doc.series,
        str(doc.number),
        f"{computed.totals.igv:.2f}",
        f"{computed.totals.payable:.2f}",
        doc.issue_date.isoformat(),
        customer_type,
        customer_number,
        digest,
    )
    return "|".join(fields) + "|"


def qr_svg(computed: Computed, digest: str, scale: int = 3) -> str:
    """The QR as an SVG string (segno), for the printed representation."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(qr_text(computed, digest), error="m").save(buffer, kind="svg", scale=scale, xmldecl=False)
    return buffer.getvalue().decode("utf-8")
