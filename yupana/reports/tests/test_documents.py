"""The document list: filters, search, totals row, Excel/PDF exports and the streamed ZIP."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from yupana.delivery.tests.factories import issue_factura
from yupana.sales.inputs import LineInput, NoteInput, SaleInput
from yupana.sales.services import note_issue, sale_issue
from yupana.sales.tests.factories import make_customer, make_product

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = dt.date.today()


@pytest.fixture
def documents(issuer, customer, rice, person):
    """F001-1 (47.20), F001-2 (23.60) for Supermercados; B001-1 (11.80 in USD) for María; FC01-1 credit
    note of 23.60 on F001-2; F001-3 (70.80) dated 40 days ago."""
    cheap = make_product(issuer, code="AGU01", description="Agua 625 ml", price="11.80")
    one = issue_factura(issuer, customer, rice, quantity="2")
    two = issue_factura(issuer, customer, rice, quantity="1")
    boleta = sale_issue(company=issuer, user=None, data=SaleInput(
        doc_type="03", series_code="B001", customer_id=person.pk, currency="USD", exchange_rate=D("3.75"),
        lines=[LineInput(description="", quantity=D("1"), unit_price=cheap.price, product_id=cheap.pk)]))
    note = note_issue(company=issuer, user=None, data=NoteInput(
        reference_id=two.pk, doc_type="07", series_code="FC01", reason="07", reason_text="Devolución",
        lines=[LineInput(description="Arroz extra 5 kg", quantity=D("1"), unit_price=D("23.60"))]))
    old = issue_factura(issuer, customer, rice, quantity="3", issue_date=TODAY - dt.timedelta(days=40))
    return {"one": one, "two": two, "boleta": boleta, "note": note, "old": old}


def listed(response) -> list[str]:
    return [f"{d.series_code}-{d.number}" for d in response.context["page"]]


def test_default_is_this_month_with_totals_per_currency(issuer_client, documents):
    response = issuer_client.get(reverse("reports:documents"), {"desde": TODAY.replace(day=1).isoformat()})
    assert response.status_code == 200
    assert sorted(listed(response)) == ["B001-1", "F001-1", "F001-2", "FC01-1"]
    totals = {t.currency: t for t in response.context["totals"]}
    # Soles: 47.20 + 23.60 - 23.60 (credit note) = 47.20; IGV 7.20 + 3.60 - 3.60 = 7.20
    assert (totals["PEN"].count, totals["PEN"].total, totals["PEN"].igv) == (3, D("47.20"), D("7.20"))
    assert (totals["USD"].count, totals["USD"].total) == (1, D("11.80"))
    assert "Total PEN" in response.content.decode()


@pytest.mark.parametrize("params,expected", [
    ({"doc_type": "03"}, ["B001-1"]),
    ({"currency": "USD"}, ["B001-1"]),
    ({"series": "fc01"}, ["FC01-1"]),
    ({"customer": "46027897"}, ["B001-1"]),
    ({"customer": "supermercados"}, ["F001-1", "F001-2", "FC01-1"]),
    ({"q": "F001-2"}, ["F001-2"]),
    ({"status": "aceptado"}, []),
    ({"status": "emitido", "doc_type": "01"}, ["F001-1", "F001-2"]),
])
def test_filters(issuer_client, documents, params, expected):
    params = {"desde": TODAY.replace(day=1).isoformat(), **params}
    assert sorted(listed(issuer_client.get(reverse("reports:documents"), params))) == expected


def test_a_wider_period_finds_the_old_document_and_bad_dates_are_named(issuer_client, documents):
    wide = issuer_client.get(reverse("reports:documents"), {"desde": (TODAY - dt.timedelta(days=60)).isoformat(),
                                                            "hasta": TODAY.isoformat()})
    assert "F001-3" in listed(wide)
    bad = issuer_client.get(reverse("reports:documents"), {"desde": "31/02/2026"})
    assert bad.context["filters"].errors == {"desde": "Desde: fecha inválida «31/02/2026» (use dd/mm/aaaa)."}
    assert "fecha inválida" in bad.content.decode()


def test_another_company_sees_none_of_them(client, documents):
    from yupana.companies.testing import login_client, make_company, make_user

    other = make_company(business_name="Otra Empresa S.R.L.")
    login_client(client, make_user(other))
    response = client.get(reverse("reports:documents"), {"desde": "2000-01-01"})
    assert listed(response) == [] and response.context["totals"] == []


def test_excel_has_the_filtered_rows_and_the_totals_row(issuer_client, documents):
    response = issuer_client.get(reverse("reports:documents_xlsx"), {"desde": TODAY.replace(day=1).isoformat(),
                                                                     "currency": "PEN"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Fecha", "Tipo", "Número")
    numbers = sorted(r[2] for r in rows[1:-1])
    assert numbers == ["F001-1", "F001-2", "FC01-1"]
    assert rows[-1][2] == "TOTAL PEN (3)" and D(str(rows[-1][8])) == D("47.20")


def test_pdf_lists_the_rows_and_the_totals(issuer_client, documents):
    response = issuer_client.get(reverse("reports:documents_pdf"), {"desde": TODAY.replace(day=1).isoformat()})
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "F001-1" in text and "B001-1" in text and "TOTAL PEN (3)" in text and "47.20" in text


def test_zip_streams_xml_and_cdr_of_the_filtered_documents(issuer, customer, rice, issuer_client, simulator):
    accepted = issue_factura(issuer, customer, rice, accept_with=simulator)
    pending = issue_factura(issuer, customer, rice, quantity="1")
    response = issuer_client.get(reverse("reports:documents_zip"), {"doc_type": "01"})
    assert response.streaming and response["X-Yupana-Documents"] == "2"
    data = b"".join(response.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    month = f"{TODAY:%Y-%m}/"
    name1, name2 = accepted.electronic.name, pending.electronic.name
    assert sorted(archive.namelist()) == sorted([f"{month}{name1}.xml", f"{month}R-{name1}.zip", f"{month}{name2}.xml"])
    assert archive.read(f"{month}{name1}.xml") == bytes(accepted.electronic.xml)
    assert archive.read(f"{month}R-{name1}.zip") == bytes(accepted.electronic.cdr)
    # With PDFs on request
    with_pdf = issuer_client.get(reverse("reports:documents_zip"), {"doc_type": "01", "pdf": "1"})
    names = zipfile.ZipFile(io.BytesIO(b"".join(with_pdf.streaming_content))).namelist()
    assert f"{month}{name2}.pdf" in names


def test_zip_memory_does_not_grow_with_the_archive(issuer, customer, rice):
    """Each chunk holds one document's members: the generator never keeps the archive."""
    from yupana.reports.filters import parse_filters
    from yupana.reports.selectors import document_rows
    from yupana.reports.zipstream import stream_documents

    for _ in range(3):
        issue_factura(issuer, customer, rice)
    rows = document_rows(company=issuer, filters=parse_filters({}))
    chunks = list(stream_documents(rows, chunk_rows=1))
    assert len(chunks) >= 4  # one per document plus the central directory
    assert max(len(c) for c in chunks) < 20_000


def _links(html: str, marker: str) -> list[str]:
    """The hrefs of the page's links that carry ``marker`` (data-export="xlsx", data-zip...)."""
    import html as html_lib
    import re

    return [html_lib.unescape(href) for href in re.findall(rf'<a [^>]*href="([^"]+)"[^>]*{marker}', html)]


def test_the_export_links_the_page_shows_export_what_is_filtered(issuer_client, documents):
    """The Excel link of a filtered list (full page or the part htmx refreshes) exports those rows."""
    params = {"desde": TODAY.replace(day=1).isoformat(), "currency": "PEN", "customer": "supermercados"}
    for headers in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}):
        page = issuer_client.get(reverse("reports:documents"), params, **headers).content.decode()
        (excel,) = _links(page, 'data-export="xlsx"')
        assert excel.startswith(reverse("reports:documents_xlsx") + "?") and "currency=PEN" in excel
        rows = list(load_workbook(io.BytesIO(issuer_client.get(excel).content)).active.iter_rows(values_only=True))
        assert sorted(r[2] for r in rows[1:-1]) == ["F001-1", "F001-2", "FC01-1"]
        assert all("currency=PEN" in link and "customer=supermercados" in link for link in _links(page, "data-zip"))
        (pdf,) = _links(page, 'data-export="pdf"')
        assert "B001-1" not in "".join(p.extract_text() for p in
                                       PdfReader(io.BytesIO(issuer_client.get(pdf).content)).pages)


def test_the_next_page_keeps_the_filters(issuer_client, issuer, customer, rice, monkeypatch):
    import html as html_lib
    import re

    from yupana.reports import views

    for _ in range(3):
        issue_factura(issuer, customer, rice, quantity="1")
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    page = issuer_client.get(reverse("reports:documents"), {"doc_type": "01", "q": "F001"}).content.decode()
    (following,) = [html_lib.unescape(h) for h in re.findall(r'<a href="([^"]+)">Siguiente</a>', page)]
    assert "doc_type=01" in following and "q=F001" in following and following.endswith("page=2")
    second = listed(issuer_client.get(reverse("reports:documents") + following))
    assert len(second) == 1 and second[0].startswith("F001-")
