"""Issuing companies (certificate, SOL user, series), customers and products for sales tests."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from yupana.companies import crypto
from yupana.companies.models import DocumentType
from yupana.companies.testing import make_company, make_series
from yupana.masterdata.models import Customer, Product
from yupana.sunat.testing import demo_certificate

ISSUER_RUC = "20123456786"
SERIES = [(DocumentType.FACTURA, "F001"), (DocumentType.BOLETA, "B001"), (DocumentType.CREDIT_NOTE, "FC01"),
          (DocumentType.CREDIT_NOTE, "BC01"), (DocumentType.DEBIT_NOTE, "FD01"), (DocumentType.DEBIT_NOTE, "BD01")]


def make_issuer(*, ruc: str = ISSUER_RUC, simulator_url: str | None = None, **fields):
    """A company ready to issue: demo certificate, the simulator's MODDATOS user, the usual series."""
    name = fields.pop("business_name", "Comercial Andina S.A.C.")
    company = make_company(ruc=ruc, business_name=name, sol_user="MODDATOS", **fields)
    pfx, password = demo_certificate(ruc, name)
    company.certificate_encrypted = crypto.encrypt(pfx)
    company.certificate_password_encrypted = crypto.encrypt(password)
    company.certificate_uploaded_at = timezone.now()
    company.set_sol_password("moddatos")
    company.save()
    for doc_type, code in SERIES:
        make_series(company, code=code, document_type=doc_type)
    return company


def make_customer(company, *, ruc: str = "20100070970", name: str = "Supermercados Peruanos S.A.", **fields):
    customer = Customer(company=company, document_type="6", document_number=ruc, name=name,
                        address="Av. Morro Solar 1086, Surco", **fields)
    customer.full_clean()
    customer.save()
    return customer


def make_person(company, *, dni: str = "46027897", name: str = "María Quispe Mamani", **fields):
    customer = Customer(company=company, document_type="1", document_number=dni, name=name, **fields)
    customer.full_clean()
    customer.save()
    return customer


def make_product(company, *, code: str = "ARZ01", description: str = "Arroz extra 5 kg",
                 price: str = "23.60", stock_control: bool = False, cost: str = "15.00", **fields):
    product = Product(company=company, code=code, description=description, price=Decimal(price),
                      stock_control=stock_control, cost=Decimal(cost), **fields)
    product.full_clean()
    product.save()
    return product
