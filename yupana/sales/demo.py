"""A realistic month of documents for the demo company, issued through the real pipeline.

Facturas (contado and crédito), boletas (in daily summaries), credit and debit notes, a voided
factura. Each goes through ``sale_issue`` / ``note_issue`` (numbering, rules, signing, SUNAT's
rules) and is sent to the configured SUNAT (the simulator by default).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from stdnum.pe import ruc as stdnum_ruc

from yupana.einvoicing.batches import batch_dispatch_once, summaries_create
from yupana.einvoicing.dispatch import dispatch_once
from yupana.einvoicing.models import ACCEPTED_STATES, BatchStatus, ElectronicDocument
from yupana.einvoicing.voiding import void_request
from yupana.inventory.models import MovementKind
from yupana.inventory.services import stock_movements_record
from yupana.masterdata.models import Customer, Product

from .inputs import LineInput, NoteInput, SaleInput
from .models import SaleDocument
from .services import note_lines_from, sale_issue, note_issue

D = Decimal
COMPANIES = [
    ("20100070970", "Supermercados Peruanos S.A.", "Av. Morro Solar 1086, Santiago de Surco", 30, "5000"),
    ("Bodega", "Bodega Santa Rosa E.I.R.L.", "Jr. Huallaga 455, Cercado de Lima", 15, "2000"),
    ("Ferreteria", "Ferretería El Constructor S.A.C.", "Av. Túpac Amaru 1200, Comas", 0, "0"),
    ("Restaurante", "Restaurante La Sazón Norteña S.R.L.", "Calle Berlín 320, Miraflores", 30, "3000"),
    ("Colegio", "Asociación Educativa San Martín", "Av. Brasil 2100, Pueblo Libre", 0, "0"),
]
PEOPLE = [("46027897", "María Quispe Mamani"), ("41234567", "José Huamán Torres"), ("70123456", "Rosa Flores Díaz")]
PRODUCTS = [
    ("ARZ05", "Arroz extra Costeño 5 kg", "23.60", True),
    ("ACE01", "Aceite vegetal Primor 1 L", "11.50", True),
    ("AZU01", "Azúcar rubia 1 kg", "4.20", True),
    ("LEC01", "Leche evaporada Gloria 400 g", "4.10", True),
    ("FID01", "Fideos spaghetti Don Vittorio 500 g", "3.90", False),
    ("ATU01", "Atún en trozos Florida 170 g", "6.80", False),
    ("DET01", "Detergente Bolívar 850 g", "12.90", False),
    ("GAS01", "Agua mineral San Luis 2.5 L", "3.50", False),
]


@dataclass
class SeedResult:
    documents: list[SaleDocument] = field(default_factory=list)
    summaries: int = 0
    voided: str = ""

    def count(self, doc_type: str) -> int:
        return sum(1 for d in self.documents if d.doc_type == doc_type)


def _master_data(company):
    rng = random.Random(7)
    customers = []
    for index, (seed, name, address, days, limit) in enumerate(COMPANIES):
        body = f"206{index + 1:07d}"
        number = seed if seed.isdigit() else body + stdnum_ruc.calc_check_digit(body)
        customer, _ = Customer.objects.get_or_create(
            company=company, document_type="6", document_number=number,
            defaults={"name": name, "address": address, "credit_enabled": days > 0, "credit_days": days,
                      "credit_limit": D(limit), "emails": ""})
        customers.append(customer)
    people = [Customer.objects.get_or_create(company=company, document_type="1", document_number=dni,
                                             defaults={"name": name})[0] for dni, name in PEOPLE]
    products = []
    for code, description, price, stock in PRODUCTS:
        product, created = Product.objects.get_or_create(
            company=company, code=code,
            defaults={"description": description, "price": D(price), "stock_control": stock,
                      "cost": (D(price) * D("0.7")).quantize(D("0.01"))})
        products.append(product)
    stocked = [(p, D(200)) for p in products if p.stock_control]
    stock_movements_record(company=company, on=timezone.localdate() - dt.timedelta(days=40),
                           kind=MovementKind.OPENING, items=stocked, sign=1, source_model="", source_id=0,
                           source_label="Saldo inicial")
    return customers, people, products, rng


def _lines(rng, products, count):
    chosen = rng.sample(products, count)
    return [LineInput(description="", quantity=D(rng.randint(1, 6)), unit_price=p.price, product_id=p.pk)
            for p in chosen]


def _send_all(company) -> None:
    pending = ElectronicDocument.objects.for_company(company).filter(via_summary=False, status__in=["emitido", "enviado"])
    for pk in list(pending.values_list("pk", flat=True)):
        dispatch_once(pk)


def _settle_batches(company, batches, *, wait_seconds: float = 15) -> None:
    deadline = time.monotonic() + wait_seconds
    waiting = [b.pk for b in batches]
    while waiting and time.monotonic() < deadline:
        waiting = [pk for pk in waiting if batch_dispatch_once(pk) in (BatchStatus.PENDING, BatchStatus.WAITING, None)]
        if waiting:
            time.sleep(0.5)


def seed_demo(company, *, days: int = 30, today: dt.date | None = None, send: bool = True) -> SeedResult:
    """Issue ``days`` days of sales ending yesterday and today; send them when ``send``.

    Each document is issued as on its own day (``today=`` of the services): the history a shop
    would have built. They are all sent now: the simulator does not apply SUNAT's sending window
    (``yupana.sunat.deadlines``), so the demo month is accepted."""
    today = today or timezone.localdate()
    customers, people, products, rng = _master_data(company)
    result = SeedResult()
    for offset in range(days, -1, -1):
        day = today - dt.timedelta(days=offset)
        customer = customers[offset % len(customers)]
        credit = customer.credit_enabled and offset % 3 == 0
        result.documents.append(sale_issue(company=company, user=None, data=SaleInput(
            doc_type="01", series_code="F001", customer_id=customer.pk, issue_date=day,
            lines=_lines(rng, products, rng.randint(1, 4)), payment_terms="credito" if credit else "contado",
            observations="Entrega en almacén del cliente" if offset % 4 == 0 else ""), today=day))
        if offset % 2 == 0:
            person = people[offset % len(people)] if offset % 4 == 0 else None
            result.documents.append(sale_issue(company=company, user=None, data=SaleInput(
                doc_type="03", series_code="B001", customer_id=person.pk if person else None, issue_date=day,
                lines=_lines(rng, products, rng.randint(1, 3))), today=day))
    facturas = [d for d in result.documents if d.doc_type == "01"]
    boletas = [d for d in result.documents if d.doc_type == "03"]
    # Notes: a return on a factura, a discount on a boleta, interest on a late factura.
    returned = facturas[-6]
    result.documents.append(note_issue(company=company, user=None, data=NoteInput(
        reference_id=returned.pk, doc_type="07", series_code="FC01", reason="07",
        reason_text="Devolución de mercadería en mal estado", issue_date=returned.issue_date + dt.timedelta(days=1),
        lines=note_lines_from(returned)[:1]), today=returned.issue_date + dt.timedelta(days=1)))
    boleta = boletas[-4]
    first = boleta.lines.first()
    result.documents.append(note_issue(company=company, user=None, data=NoteInput(
        reference_id=boleta.pk, doc_type="07", series_code="BC01", reason="09", reason_text="Descuento por pronto pago",
        issue_date=boleta.issue_date, restock=False,
        lines=[LineInput(description=f"Descuento: {first.description}", quantity=D("1"), unit_price=D("1.18"),
                         unit_code="ZZ")]), today=boleta.issue_date))
    late = facturas[2]
    result.documents.append(note_issue(company=company, user=None, data=NoteInput(
        reference_id=late.pk, doc_type="08", series_code="FD01", reason="01", reason_text="Intereses por pago tardío",
        issue_date=late.issue_date + dt.timedelta(days=20),
        lines=[LineInput(description="Intereses moratorios", quantity=D("1"), unit_price=D("23.60"), unit_code="ZZ")]),
        today=late.issue_date + dt.timedelta(days=20)))
    if not send:
        return result
    _send_all(company)
    batches = summaries_create(company, before=today)
    result.summaries = len(batches)
    _settle_batches(company, batches)
    # Void a factura issued two days ago (within SUNAT's window), once it is accepted.
    to_void = next((d for d in reversed(facturas) if d.issue_date <= today - dt.timedelta(days=2)), None)
    if to_void is not None and ElectronicDocument.objects.get(document=to_void).status in ACCEPTED_STATES:
        batch = void_request(company=company, user=None, document=to_void, reason="Error en el RUC del cliente",
                             today=today)
        _settle_batches(company, [batch])
        result.voided = to_void.document_id
    return result
