"""The screens through Django's test client: list/search, create, export content, import wizard,
roles and tenant isolation."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from yupana.masterdata import services
from yupana.masterdata.models import Customer, Product

from .factories import login_client, make_company, make_user
from .files import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_admin(client, admin):
    return login_client(client, admin)


@pytest.fixture
def customers(company, admin):
    made = []
    for doc_type, number, name in (("6", "20131312955", "Comercial Andina S.A.C."), ("1", "45678901", "José Pérez"),
                                   ("1", "70000001", "María Pérez"), ("6", "20100047218", "=HYPERLINK(\"x\")")):
        made.append(services.customer_create(company=company, user=admin, document_type=doc_type,
                                             document_number=number, name=name))
    return made


def test_list_searches_without_accents_and_by_number(client_admin, customers):
    response = client_admin.get(reverse("masterdata:customer_list"), {"q": "perez"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "José Pérez" in html and "María Pérez" in html and "Comercial Andina" not in html
    assert "2 clientes" in html
    # htmx search-as-you-type gets only the results partial
    partial = client_admin.get(reverse("masterdata:customer_list"), {"q": "2013131"},
                               HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results").content.decode()
    assert "<html" not in partial and "Comercial Andina" in partial and "José" not in partial
    assert 'id="more-menu" hx-swap-oob="true"' in partial and "exportar.xlsx?q=2013131" in partial


def test_create_product_shows_spanish_errors_then_saves(client_admin, company):
    url = reverse("masterdata:product_create")
    bad = client_admin.post(url, {"code": "P1", "description": "Arroz", "unit_code": "XYZ", "price": "1.123456",
                                  "currency": "PEN", "igv_affectation": "10", "cost": "0"})
    html = bad.content.decode()
    assert bad.status_code == 422
    assert "La unidad de medida «XYZ» no existe en el catálogo 03 de SUNAT." in html
    assert "4 dígitos decimales" in html
    assert not Product.objects.exists()
    good = client_admin.post(url, {"code": "P1", "description": "Arroz", "unit_code": "kgm", "price": "4.50",
                                   "currency": "PEN", "igv_affectation": "10", "cost": "3", "price_includes_igv": "on"})
    product = Product.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse("masterdata:product_detail", args=[product.pk])
    assert (product.unit_code, product.price, product.company) == ("KGM", Decimal("4.5"), company)
    detail = client_admin.get(good["Location"]).content.decode()
    assert "Crear" in detail  # the history shows the creation


def test_unit_picker_lists_matching_units(client_admin):
    html = client_admin.get(reverse("masterdata:unit_options"), {"unit_code": "litro"}).content.decode()
    assert '<option value="LTR">Litro</option>' in html


def test_export_xlsx_has_the_filtered_rows_as_text(client_admin, customers):
    response = client_admin.get(reverse("masterdata:customer_export", kwargs={"fmt": "xlsx"}), {"q": "ia"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tipo doc.", "Número", "Nombre o razón social")
    # "ia" matches María and Comercial (accents ignored), sorted by name
    assert [r[2] for r in rows[1:]] == ["Comercial Andina S.A.C.", "María Pérez"]
    assert rows[1][:2] == ("RUC", "20131312955")
    # a name that looks like a formula is exported as text, never as a live formula
    everything = openpyxl.load_workbook(io.BytesIO(client_admin.get(
        reverse("masterdata:customer_export", kwargs={"fmt": "xlsx"})).content)).active
    cell = [c for c in everything["C"] if c.value and str(c.value).startswith("=")][0]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


def test_export_pdf_text(client_admin, company, admin):
    services.product_create(company=company, user=admin, code="P-9", description="Aceite vegetal 1 L",
                            price=Decimal("1234.5"), unit_code="LTR")
    response = client_admin.get(reverse("masterdata:product_export", kwargs={"fmt": "pdf"}))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Productos y servicios" in text and "Aceite vegetal 1 L" in text
    assert "1,234.50" in text and "Bodega Premium S.A.C." in text and "1 registro" in text


def test_import_wizard_upload_map_preview_confirm(client_admin, company, tmp_path):
    path = write_csv(tmp_path / "c.csv", "Documento;Cliente;Teléfono\n20131312955;Andina SAC;987654321\n"
                                         "45678901;Luis Soto;\n", encoding="cp1252")
    with open(path, "rb") as fh:
        response = client_admin.post(reverse("masterdata:customer_import"), {"file": fh, "duplicates": "update"})
    assert response.status_code == 302 and response["Location"] == reverse("masterdata:customer_import_map")
    mapping_page = client_admin.get(response["Location"]).content.decode()
    assert "Windows-1252" in mapping_page and "Luis Soto" in mapping_page
    # the guessed mapping: Documento -> number (0), Cliente -> name (1), Teléfono -> phone (2)
    response = client_admin.post(reverse("masterdata:customer_import_map"),
                                 {"document_number": "0", "name": "1", "phone": "2"})
    assert response.status_code == 302
    preview = client_admin.get(reverse("masterdata:customer_import_preview")).content.decode()
    assert "Confirmar importación" in preview and not Customer.objects.exists()
    done = client_admin.post(reverse("masterdata:customer_import_preview"))
    assert done.status_code == 302
    assert sorted(Customer.objects.values_list("name", "document_type")) == [("Andina SAC", "6"), ("Luis Soto", "1")]


def test_import_wizard_refuses_a_file_that_is_not_a_spreadsheet(client_admin):
    upload = io.BytesIO(b"%PDF-1.5 nada")
    upload.name = "clientes.xlsx"
    response = client_admin.post(reverse("masterdata:customer_import"), {"file": upload, "duplicates": "update"})
    assert response.status_code == 422
    assert "El archivo es un PDF, no una hoja de cálculo." in response.content.decode()


def test_import_preview_lists_errors_and_offers_no_confirm(client_admin, tmp_path):
    path = write_csv(tmp_path / "p.csv", "codigo,descripcion,precio\nP1,Arroz,1.234567\n")
    with open(path, "rb") as fh:
        client_admin.post(reverse("masterdata:product_import"), {"file": fh, "duplicates": "skip"})
    client_admin.post(reverse("masterdata:product_import_map"), {"code": "0", "description": "1", "price": "2"})
    html = client_admin.get(reverse("masterdata:product_import_preview")).content.decode()
    assert "El precio admite como máximo 4 decimales: «1.234567»." in html
    assert "Confirmar importación" not in html
    assert client_admin.post(reverse("masterdata:product_import_preview")).status_code == 422
    assert not Product.objects.exists()


def test_template_download(client_admin):
    response = client_admin.get(reverse("masterdata:product_import_template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook.active[1]][:4] == ["Código", "Descripción", "Unidad de medida", "Precio de venta"]
    assert workbook.sheetnames == ["Productos", "Instrucciones"]


def test_read_only_role_can_list_but_not_change(client, company, customers):
    accountant = make_user(company, role="contador")
    login_client(client, accountant)
    assert client.get(reverse("masterdata:customer_list")).status_code == 200
    assert client.post(reverse("masterdata:customer_toggle", args=[customers[0].pk])).status_code == 403
    assert client.post(reverse("masterdata:customer_create"), {"name": "X"}).status_code == 403


def test_another_company_sees_none_of_these_records(client, company, customers):
    other = make_company(ruc="20100047218")
    outsider = make_user(other)
    login_client(client, outsider)
    target = customers[0].pk
    for name in ("customer_detail", "customer_update"):
        assert client.get(reverse(f"masterdata:{name}", args=[target])).status_code == 404
    for name in ("customer_toggle", "customer_delete"):
        assert client.post(reverse(f"masterdata:{name}", args=[target])).status_code == 404
    assert "Andina" not in client.get(reverse("masterdata:customer_list"), {"q": "andina"}).content.decode()
    assert "Andina" not in client.get(reverse("masterdata:customer_search"), {"q": "2013"}).content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("masterdata:customer_export", kwargs={"fmt": "xlsx"})).content)).active
    assert sheet.max_row == 1  # header only
    assert Customer.objects.get(pk=target).is_active


def test_detail_pages_of_each_kind(client_admin, company, admin, customers):
    supplier = services.supplier_create(company=company, user=admin, ruc="20100047218", name="Distribuidora Lima")
    for name, pk in (("customer_detail", customers[0].pk), ("supplier_detail", supplier.pk)):
        html = client_admin.get(reverse(f"masterdata:{name}", args=[pk])).content.decode()
        assert "Historial" in html and "Crear" in html
    html = client_admin.get(reverse("masterdata:customer_detail", args=[customers[0].pk])).content.decode()
    assert "S/ 0.00" in html  # credit limit as money


def test_long_lists_say_more_than_the_cap(client_admin, customers, monkeypatch):
    from yupana.masterdata import views

    monkeypatch.setattr(views.CappedPaginator, "CAP", 2)
    html = client_admin.get(reverse("masterdata:customer_list")).content.decode()
    assert "Más de 2 clientes" in html and "Página 1 de 1" in html
    assert "2 clientes para «perez»" in client_admin.get(reverse("masterdata:customer_list"), {"q": "perez"}).content.decode()
