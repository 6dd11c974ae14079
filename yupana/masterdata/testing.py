"""Test helpers other apps may use: sample master data for the foundation's tenant-isolation walk."""

from __future__ import annotations

from decimal import Decimal

from .models import Customer, Product, Supplier

TENANT_MARKER = "SECRETOB"  # the marker yupana/web/tests/test_tenant_isolation.py looks for
_HIGH = 10_000_100  # far above the other company's keys, like the walk's own rows


def tenant_samples(company) -> list:
    """One customer, product and supplier of `company`, with the marker in every text the screens show."""
    return [
        Customer.objects.create(id=_HIGH + 1, company=company, document_type="6", document_number="20100047218",
                                name=f"{TENANT_MARKER} Cliente S.A.C.", address=f"{TENANT_MARKER} dirección"),
        Product.objects.create(id=_HIGH + 2, company=company, code=f"{TENANT_MARKER}1",
                               description=f"{TENANT_MARKER} producto", price=Decimal("1")),
        Supplier.objects.create(id=_HIGH + 3, company=company, ruc="20100047218", name=f"{TENANT_MARKER} Proveedor"),
    ]
