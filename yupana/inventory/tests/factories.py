"""Companies with stock control and products for inventory and purchases tests."""

from __future__ import annotations

from decimal import Decimal

from yupana.masterdata.models import Product
from yupana.masterdata.tests.factories import make_company


def make_stock_company(*, ruc: str | None = None, premium: bool = True, name: str = ""):
    return make_company(ruc=ruc, premium=premium, name=name or "Bodega Los Andes S.A.C.")


def make_product(company, *, code: str, description: str, price: str = "10.00", cost: str = "0",
                 stock_control: bool = True, **fields) -> Product:
    product = Product(company=company, code=code, description=description, price=Decimal(price),
                      cost=Decimal(cost), stock_control=stock_control, **fields)
    product.full_clean()
    product.save()
    return product
