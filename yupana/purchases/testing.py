"""Rows of another company for the tenant-isolation walk (``yupana/web/tests/test_tenant_isolation.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

SAMPLE_ID = 10_000_950


def tenant_samples(company) -> list:
    """A supplier of ``company`` with a purchase on credit (with its XML), a payment and a code mapping."""
    from yupana.inventory.models import Warehouse
    from yupana.masterdata.models import Product, Supplier

    from .models import PurchaseDocument, PurchaseLine, SupplierPayment, SupplierProductCode

    supplier = Supplier.objects.create(id=SAMPLE_ID, company=company, ruc="20100066603", name="SECRETOB Proveedor")
    warehouse = Warehouse.objects.create(id=SAMPLE_ID + 1, company=company, name="SECRETOB depósito")
    product = Product.objects.create(id=SAMPLE_ID + 2, company=company, code="SECRETOB-PUR",
                                     description="SECRETOB producto comprado", price=Decimal("1"))
    document = PurchaseDocument.objects.create(
        id=SAMPLE_ID + 3, company=company, supplier=supplier, doc_type="01", series="F777", number=77,
        issue_date=dt.date(2026, 11, 1), due_date=dt.date(2026, 12, 1), payment_terms="credito", warehouse=warehouse,
        gravadas=Decimal("100"), igv=Decimal("18"), total=Decimal("118"), stated_total=Decimal("118"),
        notes="SECRETOB", xml=b"<Invoice>SECRETOB</Invoice>")
    PurchaseLine.objects.create(id=SAMPLE_ID + 4, document=document, position=1, product=product,
                                description="SECRETOB línea", quantity=Decimal("1"), unit_cost=Decimal("100"),
                                base=Decimal("100"), igv=Decimal("18"), total=Decimal("118"))
    payment = SupplierPayment.objects.create(id=SAMPLE_ID + 5, company=company, document=document,
                                             date=dt.date(2026, 11, 2), amount=Decimal("10"), reference="SECRETOB")
    mapping = SupplierProductCode.objects.create(id=SAMPLE_ID + 6, company=company, supplier=supplier,
                                                 code="SECRETOB", product=product)
    return [supplier, warehouse, product, document, payment, mapping]
