"""Model to signed ZIP in one call: compute -> render -> sign -> name -> zip."""

from __future__ import annotations

from dataclasses import dataclass

from . import packaging, taxes, ubl
from .model import Invoice, Note, Summary, Voided
from .taxes import Computed, Rates


@dataclass(frozen=True, slots=True)
class Built:
    """A document ready to send: its file name (no extension), signed XML, ZIP and DigestValue.

    ``computed`` holds every amount for facturas, boletas and notes (None for RC and RA).
    """

    name: str
    xml: bytes
    zip: bytes
    digest: str
    computed: Computed | None = None


def document_name(doc: Invoice | Note | Summary | Voided) -> str:
    """``RUC-TT-SERIE-NUMERO`` or ``RUC-RC-YYYYMMDD-N`` / ``RUC-RA-YYYYMMDD-N``."""
    if isinstance(doc, Summary):
        return packaging.summary_name(doc.issuer.ruc, "RC", doc.issue_date, doc.sequence)
    if isinstance(doc, Voided):
        return packaging.summary_name(doc.issuer.ruc, "RA", doc.issue_date, doc.sequence)
    return packaging.document_name(doc.issuer.ruc, doc.doc_type.value, doc.series, doc.number)


def build(doc, signer, *, algorithm: str = "rsa-sha1", rates: Rates = taxes.DEFAULT_RATES) -> Built:
    """Compute, render, sign and zip ``doc`` with ``signer`` (a ``signing.Signer``)."""
    computed = taxes.compute(doc, rates) if isinstance(doc, (Invoice, Note)) else None
    xml = ubl.render(computed if computed is not None else doc)
    # Our renderer writes canonical XML, so the signer may hash the bytes without parsing them.
    signed = signer.sign_detailed(xml, algorithm, assume_canonical=True)
    name = document_name(doc)
    return Built(
        name=name,
        xml=signed.xml,
        zip=packaging.zip_document(name, signed.xml),
        digest=signed.digest_value,
        computed=computed,
    )
