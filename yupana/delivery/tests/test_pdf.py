"""The printed representation: text a reader extracts, and the QR decoded back by a real decoder.

The QR is decoded with zxing-cpp from the very PNG embedded in the PDF (pypdf extracts it), which
proves what a phone would read — stronger than re-encoding the text with segno and comparing matrices.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
import zxingcpp
from pypdf import PdfReader

from yupana.delivery.services import document_pdf

from .factories import credit, issue_factura

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def decoded_qr(data: bytes) -> list[str]:
    texts = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            texts += [found.text for found in zxingcpp.read_barcodes(image.image)]
    return texts


def test_a4_shows_totals_words_hash_and_a_qr_with_sunats_fields(issuer, customer, rice):
    # Given a factura for 2 x S/ 23.60 (IGV included): 40.00 + 7.20 IGV = 47.20
    document = issue_factura(issuer, customer, rice)
    digest = document.electronic.digest
    # When it is printed in A4
    data = document_pdf(document=document, fmt="a4")
    text = pdf_text(data)
    # Then the reader finds the figures, the amount in words, the hash and the legend
    assert "FACTURA ELECTRÓNICA" in text
    assert "F001 - 00000001" in text
    assert "RUC 20123456786" in text and "20100070970" in text
    assert "S/ 40.00" in text and "S/ 7.20" in text and "S/ 47.20" in text
    assert "SON: CUARENTA Y SIETE CON 20/100 SOLES" in text
    assert digest in text
    assert "Representación impresa de la factura electrónica" in text
    assert "/consulta/" in text
    # And the QR decodes to RUC|TIPO|SERIE|NUMERO|IGV|TOTAL|FECHA|TIPO DOC|NUM DOC|HASH|
    today = document.issue_date.isoformat()
    assert decoded_qr(data) == [f"20123456786|01|F001|1|7.20|47.20|{today}|6|20100070970|{digest}|"]


def test_ticket_is_80_mm_wide_with_the_same_qr(issuer, customer, rice):
    document = issue_factura(issuer, customer, rice, quantity="1")
    data = document_pdf(document=document, fmt="ticket")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 80
    text = pdf_text(data)
    assert "VEINTITRÉS CON 60/100 SOLES" in text
    assert decoded_qr(data)[0].startswith("20123456786|01|F001|1|3.60|23.60|")


def test_credit_sale_prints_its_cuotas_and_due_date(issuer, customer, rice):
    # Given a credit factura of 47.20 in one cuota due 30 days later
    customer.credit_enabled = True
    customer.credit_limit = 1000
    customer.save()
    due = dt.date.today() + dt.timedelta(days=30)
    document = issue_factura(issuer, customer, rice, **credit("47.20", due))
    text = pdf_text(document_pdf(document=document, fmt="a4"))
    assert "Crédito" in text
    assert f"Cuota 1 {due:%d/%m/%Y} S/ 47.20" in text
    assert "Vencimiento" in text


def test_credit_note_names_the_document_it_modifies(issuer, customer, rice):
    from decimal import Decimal

    from yupana.sales.inputs import LineInput, NoteInput
    from yupana.sales.services import note_issue

    factura = issue_factura(issuer, customer, rice)
    note = note_issue(company=issuer, user=None, data=NoteInput(
        reference_id=factura.pk, doc_type="07", series_code="FC01", reason="07", reason_text="Devolución parcial",
        lines=[LineInput(description="Arroz extra 5 kg", quantity=Decimal("1"), unit_price=Decimal("23.60"))]))
    data = document_pdf(document=note, fmt="a4")
    text = pdf_text(data)
    assert "NOTA DE CRÉDITO ELECTRÓNICA" in text and "FC01 - 00000001" in text
    assert "Modifica a" in text and "F001-1" in text and "Devolución parcial" in text
    assert decoded_qr(data)[0].startswith("20123456786|07|FC01|1|3.60|23.60|")
