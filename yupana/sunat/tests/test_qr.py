from pathlib import Path

from yupana.sunat import jsonformat, taxes
from yupana.sunat.qr import qr_svg, qr_text

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "documents"


def test_qr_text_for_a_factura():
    computed = taxes.compute(jsonformat.loads((EXAMPLES / "01-factura-gravada.json").read_bytes()))
    assert qr_text(computed, "q0yB3s1kJ0m+digest=") == "20123456786|01|F001|1|36.00|236.00|2026-11-20|6|20100066603|q0yB3s1kJ0m+digest=|"
    assert qr_svg(computed, "abc=").startswith("<svg")


def test_qr_text_leaves_an_anonymous_customer_empty():
    computed = taxes.compute(jsonformat.loads((EXAMPLES / "10-boleta-anonima.json").read_bytes()))
    assert qr_text(computed, "h=") == "20123456786|03|B001|1|5.89|38.60|2026-11-20|||h=|"
