"""Services: validation, per-company uniqueness, Premium features, audit trail and safe deletion."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yupana.audit.selectors import audit_history
from yupana.masterdata import services
from yupana.masterdata.models import Customer, Product

from .factories import make_company, make_user


def errors(fn, **kwargs):
    with pytest.raises(ValidationError) as info:
        fn(**kwargs)
    return info.value.message_dict


@pytest.mark.django_db
class TestCustomers:
    def test_create_normalises_and_audits(self, company, admin):
        # When a customer is created with a RUC typed with spaces
        customer = services.customer_create(company=company, user=admin, document_type="6",
                                            document_number="20131 312955", name="  Comercial   Andina SAC ",
                                            emails="a@andina.pe; b@andina.pe")
        # Then it is stored compacted, searchable without accents, and the history says who created it
        customer.refresh_from_db()
        assert customer.document_number == "20131312955"
        assert customer.name == "Comercial Andina SAC"
        assert customer.emails == "a@andina.pe, b@andina.pe"
        assert customer.search_text == "comercial andina sac 20131312955 a@andina.pe, b@andina.pe"
        [entry] = audit_history(company=company, instance=customer)
        assert entry.action == "crear" and entry.user == admin
        assert entry.changes["document_number"] == [None, "20131312955"]

    def test_invalid_ruc_and_dni_are_refused_with_nothing_saved(self, company, admin):
        assert errors(services.customer_create, company=company, user=admin, document_type="6",
                      document_number="20131312956", name="X") == {
            "document_number": ["El RUC 20131312956 no es válido: el dígito verificador no coincide."]}
        assert errors(services.customer_create, company=company, user=admin, document_type="1",
                      document_number="123", name="") == {
            "document_number": ["El DNI debe tener 8 dígitos."], "name": ["Este campo no puede estar vacío."]}
        assert Customer.objects.count() == 0

    def test_document_is_unique_per_company_only(self, company, admin):
        services.customer_create(company=company, user=admin, document_type="1", document_number="45678901",
                                 name="Ana Quispe")
        assert errors(services.customer_create, company=company, user=admin, document_type="1",
                      document_number="45678901", name="Otra") == {
            "document_number": ["Ya existe un cliente con DNI 45678901: «Ana Quispe»."]}
        # the same person may be a customer of another company
        other = make_company(ruc="20100047218")
        services.customer_create(company=other, user=None, document_type="1", document_number="45678901",
                                 name="Ana Quispe")
        # and several customers without document are allowed
        for name in ("Cliente varios 1", "Cliente varios 2"):
            services.customer_create(company=company, user=admin, document_type="-", name=name)
        assert Customer.objects.filter(company=company).count() == 3

    def test_credit_is_premium_only(self, basic_company):
        user = make_user(basic_company)
        assert errors(services.customer_create, company=basic_company, user=user, document_type="1",
                      document_number="45678901", name="Ana", credit_enabled=True,
                      credit_limit=Decimal("1000"), credit_days=30) == {
            "credit_enabled": ["El crédito a clientes es una función del plan Premium."]}

    def test_credit_on_premium(self, company, admin):
        customer = services.customer_create(company=company, user=admin, document_type="6",
                                            document_number="20131312955", name="Andina", credit_enabled=True,
                                            credit_limit=Decimal("5000.00"), credit_days=30)
        assert (customer.credit_enabled, customer.credit_limit, customer.credit_days) == (True, Decimal("5000.00"), 30)

    def test_update_records_only_what_changed(self, company, admin):
        customer = services.customer_create(company=company, user=admin, document_type="1",
                                            document_number="45678901", name="Ana")
        services.customer_update(customer=customer, user=admin, name="Ana Quispe", phone="987654321")
        entry = audit_history(company=company, instance=customer).first()
        assert entry.action == "editar"
        assert entry.changes == {"name": ["Ana", "Ana Quispe"], "phone": ["", "987654321"]}


@pytest.mark.django_db
class TestProducts:
    def make(self, company, admin, **extra):
        data = {"code": "P001", "description": "Arroz extra 5 kg", "price": Decimal("25.50")} | extra
        return services.product_create(company=company, user=admin, **data)

    def test_create_with_defaults(self, company, admin):
        product = self.make(company, admin)
        product.refresh_from_db()
        assert (product.unit_code, product.igv_affectation, product.currency) == ("NIU", "10", "PEN")
        assert product.price == Decimal("25.5000") and product.price_includes_igv

    def test_catalogs_and_decimals(self, company, admin):
        found = errors(self.make, company=company, admin=admin, unit_code="XYZ", igv_affectation="99",
                       price=Decimal("1.23456"), sunat_code="99999999")
        assert found["unit_code"] == ["La unidad de medida «XYZ» no existe en el catálogo 03 de SUNAT."]
        assert found["igv_affectation"] == ["El tipo de afectación del IGV «99» no existe en el catálogo 07 de SUNAT."]
        assert found["price"] == ["Asegúrese de que no haya más de 4 dígitos decimales."]
        assert found["sunat_code"] == ["El código de producto SUNAT «99999999» no existe en el catálogo 25."]

    def test_code_unique_per_company(self, company, admin):
        self.make(company, admin)
        assert errors(self.make, company=company, admin=admin) == {
            "code": ["Ya existe un producto con el código P001: «Arroz extra 5 kg»."]}

    def test_stock_control_is_premium_only(self, basic_company):
        user = make_user(basic_company)
        assert errors(self.make, company=basic_company, admin=user, stock_control=True) == {
            "stock_control": ["El control de stock es una función del plan Premium."]}
        assert not self.make(basic_company, user).stock_control

    def test_deactivate_and_activate(self, company, admin):
        product = self.make(company, admin)
        services.product_deactivate(product=product, user=admin)
        assert not Product.objects.get(pk=product.pk).is_active
        services.product_activate(product=product, user=admin)
        actions = [e.action for e in audit_history(company=company, instance=product)]
        assert actions == ["activar", "desactivar", "crear"]


@pytest.mark.django_db
class TestSuppliers:
    def test_supplier_needs_a_valid_ruc(self, company, admin):
        supplier = services.supplier_create(company=company, user=admin, ruc="20100 047218",
                                            name="Distribuidora Lima", email="ventas@dl.pe")
        assert supplier.ruc == "20100047218"
        assert errors(services.supplier_create, company=company, user=admin, ruc="20100047218", name="Otra") == {
            "ruc": ["Ya existe un proveedor con RUC 20100047218: «Distribuidora Lima»."]}
        assert errors(services.supplier_create, company=company, user=admin, ruc="12345", name="Mala",
                      email="no-es-correo") == {
            "ruc": ["El RUC debe tener 11 dígitos."], "email": ["Introduzca una dirección de correo electrónico válida."]}
