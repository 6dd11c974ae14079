"""Importing spreadsheets: good files, every row's errors in Spanish, all-or-nothing, duplicates."""

from decimal import Decimal

import pytest

from yupana.audit.models import AuditEntry
from yupana.masterdata import importing, services
from yupana.masterdata.importing import CUSTOMERS, PRODUCTS, SUPPLIERS, ImportRejected, import_file
from yupana.masterdata.models import Customer, Product, Supplier
from yupana.masterdata.spreadsheets import SpreadsheetError

from .factories import make_company
from .files import write_csv, write_xlsx

pytestmark = pytest.mark.django_db

CUSTOMERS_CSV = (
    "Tipo de documento;Número de documento;Razón social;Dirección;Correo\n"
    "RUC;20131312955;Comercial Andina S.A.C.;Av. Arequipa 123, Lima;compras@andina.pe\n"
    "DNI;45678901;José Pérez Ñahui;Jr. Cusco 45;\n"
    ';10456789019;Rosa Quispe (RUC 10);;"rosa@correo.pe; rq@correo.pe"\n'
    "Sin documento;;Cliente varios;;\n"
)


def report_lines(report):
    return [str(e) for e in report.errors]


class TestGoodFiles:
    def test_customers_from_a_latin1_csv(self, tmp_path, company, admin):
        # Given a CSV saved by Excel on Windows (Windows-1252, semicolons)
        path = write_csv(tmp_path / "clientes.csv", CUSTOMERS_CSV, encoding="cp1252")
        # When imported
        report = import_file(resource=CUSTOMERS, path=path, company=company, user=admin)
        # Then the four customers are saved, accents intact, the missing type deduced from the number
        assert (report.total, report.created, report.updated, report.error_count) == (4, 4, 0, 0)
        rows = {c.name: c for c in Customer.objects.for_company(company)}
        assert rows["José Pérez Ñahui"].document_type == "1"
        assert rows["Rosa Quispe (RUC 10)"].document_type == "6"
        assert rows["Rosa Quispe (RUC 10)"].emails == "rosa@correo.pe, rq@correo.pe"
        assert rows["Cliente varios"].document_type == "-" and rows["Cliente varios"].document_number == ""
        assert rows["Comercial Andina S.A.C."].search_text.startswith("comercial andina s.a.c. 20131312955")
        # and each record has its history entry plus one entry for the whole import
        assert AuditEntry.objects.filter(action="importar (crear)").count() == 4
        assert AuditEntry.objects.get(action="importar").changes["creados"] == 4

    def test_products_from_xlsx_with_numbers_and_a_formula(self, tmp_path, company, admin):
        path = write_xlsx(tmp_path / "productos.xlsx", [
            ["Código", "Descripción", "Unidad", "Precio", "Moneda", "Afectación", "Costo", "Código SUNAT"],
            [1001, "Arroz extra 5 kg", "NIU", 25.5, "PEN", "gravado", 20, "50221101"],
            ["S-01", "Instalación", "ZZ", "=G3*2", "soles", "10", 60, None],
            ["B-01", "Agua 625 ml", "unidad", 1.2, "USD", "exonerado", 0.8, ""],
        ], cached={"D3": "120"})
        report = import_file(resource=PRODUCTS, path=path, company=company, user=admin)
        assert report.error_count == 0, report_lines(report)
        products = {p.code: p for p in Product.objects.for_company(company)}
        assert products["1001"].price == Decimal("25.5") and products["1001"].sunat_code == "50221101"
        assert products["S-01"].price == Decimal("120") and products["S-01"].unit_code == "ZZ"
        assert products["B-01"].currency == "USD" and products["B-01"].igv_affectation == "20"
        assert products["B-01"].price == Decimal("1.2") and products["B-01"].cost == Decimal("0.8")

    def test_dni_that_excel_turned_into_a_number_keeps_its_zero(self, tmp_path, company, admin):
        path = write_xlsx(tmp_path / "c.xlsx", [["Tipo", "Documento", "Nombre"], ["DNI", 1234567, "Luis Soto"]])
        import_file(resource=CUSTOMERS, path=path, company=company, user=admin)
        assert Customer.objects.get(name="Luis Soto").document_number == "01234567"

    def test_suppliers_with_bom_utf8(self, tmp_path, company, admin):
        path = write_csv(tmp_path / "p.csv", "RUC,Razón social,Contacto\n20100047218,Distribuidora Ñaña S.A.,Ana\n",
                         encoding="utf-8-sig")
        report = import_file(resource=SUPPLIERS, path=path, company=company, user=admin)
        assert report.created == 1
        assert Supplier.objects.get().name == "Distribuidora Ñaña S.A."


class TestErrors:
    def test_every_bad_row_is_reported_in_spanish_and_nothing_is_saved(self, tmp_path, company, admin):
        path = write_csv(tmp_path / "malo.csv", (
            "Tipo;Número;Nombre\n"
            "RUC;20131312956;RUC con dígito malo\n"
            "DNI;1234;DNI corto\n"
            "RUC;20131312955;Bueno\n"
            "RUC;20131312955;Repetido\n"
            "DNI;45678901;\n"
            "XX;45678901;Tipo raro\n"
        ))
        with pytest.raises(ImportRejected) as info:
            import_file(resource=CUSTOMERS, path=path, company=company, user=admin)
        assert report_lines(info.value.report) == [
            "Fila 2, Número: El RUC 20131312956 no es válido: el dígito verificador no coincide.",
            "Fila 3, Número: El DNI debe tener 8 dígitos.",
            "Fila 5, Número de documento: Está repetido en el archivo (ya aparece en la fila 4).",
            "Fila 6, Nombre: Este campo no puede estar vacío.",
            "Fila 7, Tipo: «XX» no es un tipo de documento (use RUC, DNI, CE, Pasaporte o un código del catálogo 06).",
        ]
        assert Customer.objects.count() == 0

    def test_product_errors(self, tmp_path, company, admin):
        path = write_csv(tmp_path / "p.csv", (
            "codigo,descripcion,unidad,precio,codigo sunat\n"
            "P1,Arroz,KILO,25.123456,\n"
            "P2,Azúcar,KGM,abc,\n"
            "P3,Aceite,LTR,-5,99999999\n"
            ",Sin código,NIU,1,\n"
        ))
        report = import_file(resource=PRODUCTS, path=path, company=company, user=admin, save=False)
        assert report_lines(report) == [
            "Fila 2, precio: El precio admite como máximo 4 decimales: «25.123456».",
            "Fila 3, precio: El precio no es un número: «abc».",
            "Fila 4, precio: El precio no puede ser negativo.",
            "Fila 5, codigo: Este campo no puede estar vacío.",
        ]
        # a second pass with the price fixed reports the unknown unit and SUNAT code
        path = write_csv(tmp_path / "p2.csv", "codigo,descripcion,unidad,precio,codigo sunat\nP1,Arroz,CAJITA,25,99999999\n")
        report = import_file(resource=PRODUCTS, path=path, company=company, user=admin, save=False)
        assert report_lines(report) == [
            "Fila 2, unidad: La unidad de medida «CAJITA» no existe en el catálogo 03 de SUNAT.",
            "Fila 2, codigo sunat: El código de producto SUNAT «99999999» no existe en el catálogo 25.",
        ]

    def test_rollback_when_a_late_row_fails_after_earlier_batches_were_written(self, tmp_path, company, admin):
        # Given 1,200 good products (written in batches of 500) and a bad unit on the last row
        lines = ["codigo,descripcion,precio,unidad"] + [f"P{i},Producto {i},1.50,NIU" for i in range(1, 1200)]
        lines.append("P1200,Producto malo,1.50,XXX")
        path = write_csv(tmp_path / "grande.csv", "\n".join(lines) + "\n")
        # When imported, Then it is refused and not one product remains
        with pytest.raises(ImportRejected) as info:
            import_file(resource=PRODUCTS, path=path, company=company, user=admin)
        assert info.value.report.error_count == 1 and info.value.report.total == 1200
        assert Product.objects.count() == 0
        assert not AuditEntry.objects.filter(action__startswith="importar").exists()

    def test_wrong_columns(self, tmp_path, company, admin):
        path = write_csv(tmp_path / "otra.csv", "fecha,total,vendedor\n2025-01-01,100,Ana\n")
        report = import_file(resource=PRODUCTS, path=path, company=company, user=admin, save=False)
        assert [e.message for e in report.errors] == [
            "Falta la columna obligatoria «Código». Columnas del archivo: fecha, total, vendedor.",
            "Falta la columna obligatoria «Descripción». Columnas del archivo: fecha, total, vendedor.",
            "Falta la columna obligatoria «Precio de venta». Columnas del archivo: fecha, total, vendedor.",
        ]
        with pytest.raises(ImportRejected):
            import_file(resource=PRODUCTS, path=path, company=company, user=admin)

    def test_not_a_spreadsheet(self, tmp_path, company, admin):
        path = tmp_path / "factura.pdf"
        path.write_bytes(b"%PDF-1.4 una factura")
        with pytest.raises(SpreadsheetError, match="es un PDF"):
            import_file(resource=CUSTOMERS, path=path, company=company, user=admin)

    def test_credit_columns_on_a_basic_plan(self, tmp_path, basic_company):
        path = write_csv(tmp_path / "c.csv", "RUC,Nombre,Crédito,Límite de crédito\n20131312955,Andina,sí,1000\n")
        report = import_file(resource=CUSTOMERS, path=path, company=basic_company, save=False)
        assert report_lines(report) == [
            "Fila 2, Crédito: El crédito a clientes es una función del plan Premium."]


class TestDuplicates:
    @pytest.fixture
    def existing(self, company, admin):
        return services.product_create(company=company, user=admin, code="P1", description="Arroz",
                                       price=Decimal("20.00"), cost=Decimal("15.00"))

    def test_update_changes_only_the_mapped_columns(self, tmp_path, company, admin, existing):
        path = write_csv(tmp_path / "p.csv", "codigo,descripcion,precio\nP1,Arroz extra,22.50\nP2,Frijol,8\n")
        report = import_file(resource=PRODUCTS, path=path, company=company, user=admin, duplicates=importing.UPDATE)
        assert (report.created, report.updated, report.skipped) == (1, 1, 0)
        existing.refresh_from_db()
        assert (existing.description, existing.price, existing.cost) == ("Arroz extra", Decimal("22.50"), Decimal("15.00"))
        assert existing.search_text == "p1 arroz extra"

    def test_skip_leaves_existing_records_alone(self, tmp_path, company, admin, existing):
        path = write_csv(tmp_path / "p.csv", "codigo,descripcion,precio\nP1,Arroz extra,22.50\nP2,Frijol,8\n")
        report = import_file(resource=PRODUCTS, path=path, company=company, user=admin, duplicates=importing.SKIP)
        assert (report.created, report.updated, report.skipped) == (1, 0, 1)
        existing.refresh_from_db()
        assert existing.price == Decimal("20.0000")

    def test_another_companys_records_are_not_duplicates(self, tmp_path, company, admin, existing):
        other = make_company(ruc="20100047218")
        path = write_csv(tmp_path / "p.csv", "codigo,descripcion,precio\nP1,Arroz de la otra empresa,30\n")
        report = import_file(resource=PRODUCTS, path=path, company=other)
        assert report.created == 1
        existing.refresh_from_db()
        assert existing.description == "Arroz"
        assert Product.objects.for_company(other).get().description == "Arroz de la otra empresa"


def test_guess_mapping_by_common_header_names():
    headers = ["RUC/DNI", "Razón Social", "E-mail", "Celular", "Otra cosa"]
    mapping = importing.guess_mapping(CUSTOMERS, headers)
    assert mapping["document_number"] == 0 and mapping["name"] == 1
    assert mapping["emails"] == 2 and mapping["phone"] == 3 and mapping["document_type"] is None


def test_a_file_with_titles_only(tmp_path, company):
    path = write_csv(tmp_path / "vacio.csv", "codigo,descripcion,precio\n")
    with pytest.raises(ImportRejected) as info:
        import_file(resource=PRODUCTS, path=path, company=company)
    assert report_lines(info.value.report) == ["Archivo: El archivo no tiene filas de datos: solo la fila de títulos."]


def test_a_record_saved_by_someone_else_meanwhile_rejects_the_whole_import(tmp_path, company, admin, monkeypatch):
    # Given a product saved after the preview (simulated: the import cannot see it when it looks)
    services.product_create(company=company, user=admin, code="P1", description="Arroz", price=Decimal("1"))
    monkeypatch.setattr(importing, "_existing", lambda resource, company, keys: {})
    path = write_csv(tmp_path / "p.csv", "codigo,descripcion,precio\nP0,Nuevo,2\nP1,Arroz otra vez,3\n")
    # When the import saves, the database refuses the duplicate; Then nothing is saved and the user is told
    with pytest.raises(ImportRejected) as info:
        import_file(resource=PRODUCTS, path=path, company=company, user=admin)
    assert "otro usuario guardó productos con los mismos datos" in report_lines(info.value.report)[-1]
    assert list(Product.objects.values_list("code", flat=True)) == ["P1"]
