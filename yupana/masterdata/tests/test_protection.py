"""A record used by a document is deactivated instead of deleted.

There are no documents yet, so this module creates a stand-in document table with a PROTECT foreign
key to Customer and Product, the way sales will, and removes it afterwards.
"""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, models

from yupana.audit.selectors import audit_history
from yupana.masterdata import protection, services
from yupana.masterdata.models import Customer, Product


@pytest.fixture(scope="module")
def document_model(django_db_setup, django_db_blocker):
    meta = type("Meta", (), {"app_label": "masterdata", "verbose_name": "comprobante",
                             "verbose_name_plural": "comprobantes"})
    model = type("StandInDocument", (models.Model,), {
        "__module__": __name__, "Meta": meta,
        "customer": models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+"),
        "product": models.ForeignKey(Product, on_delete=models.PROTECT, null=True, related_name="+"),
    })
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(model)
    yield model
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.delete_model(model)
    del apps.all_models["masterdata"]["standindocument"]
    apps.clear_cache()


@pytest.fixture
def customer(company, admin):
    return services.customer_create(company=company, user=admin, document_type="1", document_number="45678901",
                                    name="Ana Quispe")


@pytest.mark.django_db
def test_unused_customer_is_deleted(customer, admin, document_model):
    outcome = services.customer_delete(customer=customer, user=admin)
    assert outcome.deleted and outcome.message == "El cliente «Ana Quispe (DNI 45678901)» se eliminó."
    assert not Customer.objects.exists()


@pytest.mark.django_db
def test_customer_used_by_documents_is_deactivated(customer, admin, document_model):
    # Given two documents issued to the customer
    document_model.objects.create(customer=customer)
    document_model.objects.create(customer=customer)
    # When the user deletes the customer
    outcome = services.customer_delete(customer=customer, user=admin)
    # Then it stays, inactive, with a message that says why
    assert not outcome.deleted
    assert outcome.message == (
        "El cliente «Ana Quispe (DNI 45678901)» no se puede eliminar porque está usado en 2 comprobantes. "
        "Se desactivó: ya no aparecerá para nuevas operaciones, pero sus documentos lo conservan.")
    customer.refresh_from_db()
    assert not customer.is_active
    assert [e.action for e in audit_history(company=customer.company, instance=customer)] == ["desactivar", "crear"]


@pytest.mark.django_db
def test_product_used_by_a_document_via_the_web(client, company, admin, customer, document_model):
    from .factories import login_client
    from django.urls import reverse

    product = services.product_create(company=company, user=admin, code="P1", description="Arroz", price=Decimal("1"))
    document_model.objects.create(customer=customer, product=product)
    login_client(client, admin)
    response = client.post(reverse("masterdata:product_delete", args=[product.pk]), follow=True)
    assert "no se puede eliminar porque está usado en 1 comprobante." in response.content.decode()
    assert Product.objects.get(pk=product.pk).is_active is False


@pytest.mark.django_db
def test_registered_usage_check_protects_without_a_foreign_key(customer, admin):
    # Given an app that keeps customers by value (no foreign key) and registers a check
    def quotations_using(instance):
        return ["3 cotizaciones"] if isinstance(instance, Customer) else []

    protection.register_usage_check(quotations_using)
    try:
        outcome = services.customer_delete(customer=customer, user=admin)
    finally:
        protection.unregister_usage_check(quotations_using)
    assert not outcome.deleted and "está usado en 3 cotizaciones" in outcome.message
    assert Customer.objects.filter(pk=customer.pk, is_active=False).exists()
