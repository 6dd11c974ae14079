"""SUNAT rules for daily summaries (RC) that no published sheet carries yet.

The DataPower sheets run for RC/RA (see ``rules``); this adds what SUNAT enforces beyond them:
- 2992: every tax subtotal of an RC line states its rate (``cac:TaxCategory/cbc:Percent``),
  required since February 2026.
"""

from __future__ import annotations

from lxml import etree

from yupana.sunat.validation.report import Problem

SAC = "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


def check(root: etree._Element, doc_type: str) -> tuple[list[Problem], list[Problem]]:
    """(errors, observations) for an RC or RA document; SUNAT stops at the first error."""
    if doc_type != "RC":
        return [], []
    for line in root.iterfind(f"{{{SAC}}}SummaryDocumentsLine"):
        line_id = (line.findtext(f"{{{CBC}}}LineID") or "").strip()
        for subtotal in line.iterfind(f"{{{CAC}}}TaxTotal/{{{CAC}}}TaxSubtotal"):
            percent = subtotal.findtext(f"{{{CAC}}}TaxCategory/{{{CBC}}}Percent")
            if percent is None or not percent.strip():
                scheme = subtotal.findtext(f"{{{CAC}}}TaxCategory/{{{CAC}}}TaxScheme/{{{CBC}}}ID") or "?"
                return [Problem.of("2992", f"línea {line_id}, tributo {scheme.strip()}")], []
    return [], []
