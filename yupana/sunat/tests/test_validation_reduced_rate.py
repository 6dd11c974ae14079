"""The reduced IGV rate of Ley 31556 as SUNAT's platform takes it in 2026 (10.5%)."""

import dataclasses
import datetime as dt
from decimal import Decimal as D
from pathlib import Path

from yupana.sunat import jsonformat, testing
from yupana.sunat.build import build
from yupana.sunat.validation import validate

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "documents" / "17-factura-igv-reducido.json"


def test_a_2026_factura_at_the_reduced_rate_passes_sunat_rules():
    # Given the restaurant's factura of the example, issued on 2026-01-15
    doc = dataclasses.replace(jsonformat.loads(EXAMPLE.read_bytes()), issue_date=dt.date(2026, 1, 15))
    # When it is built at 2026's rate, prices with IGV: 44.00 / 1.105 = 39.82 (IGV 4.18) and
    # 11.00 / 1.105 = 9.95 (IGV 1.05): value 49.77, IGV 5.23, total still 55.00
    built = build(doc, testing.demo_signer(doc.issuer.ruc, doc.issuer.legal_name))
    totals = built.computed.totals
    assert (totals.igv, totals.payable) == (D("5.23"), D("55.00"))
    assert b"<cbc:Percent>10.5</cbc:Percent>" in built.xml
    # Then SUNAT's rules (3462 among them) accept it, with no observation
    testing.check_document(built.xml, built.name)


def test_a_rate_that_is_neither_18_nor_reduced_is_still_refused_with_3462():
    # Given the 2026 factura with its IGV percent rewritten to 12 (IGV figures left alone)
    doc = dataclasses.replace(jsonformat.loads(EXAMPLE.read_bytes()), issue_date=dt.date(2026, 1, 15))
    built = build(doc, testing.demo_signer(doc.issuer.ruc, doc.issuer.legal_name))
    xml = built.xml.replace(b"<cbc:Percent>10.5</cbc:Percent>", b"<cbc:Percent>12</cbc:Percent>")
    assert xml != built.xml
    # Then SUNAT's rules reject it (the signature check is off: only the rules are judged here)
    report = validate(xml, built.name + ".xml", check_signature=False)
    assert "3462" in [problem.code for problem in report.errors]
