"""``python -m yupana.sunat bench --n 2000 [--peer fesdk]``: facturas built, signed and zipped per second.

One process, one core: N distinct facturas (2-3 gravada lines each) go through
``build.build`` (compute, render, sign RSA-SHA1, zip). Then a sample is validated with SUNAT's
rules (``validation.validate``). With ``--peer fesdk`` the PyPI package
``facturacion-electronica-sunat-sdk`` (``requirements-bench.txt``) builds, signs and zips the same
documents, with the figures our engine computed (it does not compute taxes). The last line is
``facturas/s: N`` or ``facturas/s: N; peer fesdk: M; ratio: R``.
"""

from __future__ import annotations

import argparse
import gc
import time
from datetime import date, time as clock
from decimal import Decimal

from .. import signing
from ..build import build
from ..model import Address, Customer, Invoice, Issuer, Line
from ..taxes import Computed

BENCH_RUC = "20123456786"
BENCH_NAME = "EMPRESA DEMO YUPANA S.A.C."


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("bench", help="mide facturas/s (calcular, firmar, comprimir)")
    parser.add_argument("--n", type=int, default=2000, help="número de facturas (2000)")
    parser.add_argument("--validate", type=int, default=200, help="documentos a validar con las reglas de SUNAT (200; 0 = no)")
    parser.add_argument("--peer", choices=["fesdk"], help="compara con otro paquete en la misma corrida")
    parser.set_defaults(run=run)
    return parser


def sample_documents(n: int) -> list[Invoice]:
    """N different facturas: 2 or 3 gravada lines, varying quantities and prices."""
    issuer = Issuer(
        ruc=BENCH_RUC,
        legal_name=BENCH_NAME,
        trade_name="Yupana",
        address=Address(line="AV. LOS PINOS 123", ubigeo="150101", department="LIMA", province="LIMA", district="LIMA"),
    )
    customer = Customer(doc_type="6", number="20100066603", name="CLIENTE CORPORATIVO S.A.")
    docs = []
    for i in range(1, n + 1):
        lines = [
            Line(description="Laptop 14 pulgadas Core i5", quantity=Decimal(1 + i % 5), unit_value=Decimal("2450.50"), code="P001"),
            Line(description="Mouse inalámbrico", quantity=Decimal(2 + i % 3), unit_price=Decimal("59.90"), code="P002"),
        ]
        if i % 2:
            lines.append(Line(description="Servicio de instalación", quantity=Decimal("1"), unit_value=Decimal(50 + i % 40), unit_code="ZZ"))
        docs.append(
            Invoice(doc_type="01", series="F001", number=i, issue_date=date(2026, 11, 20), issue_time=clock(10, 30), issuer=issuer, customer=customer, lines=tuple(lines))
        )
    return docs


def _rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


class Timer:
    """Wall-clock and CPU time of a block: on a shared machine the CPU figure shows what one
    free core would do, the wall figure what this run got."""

    def __enter__(self) -> "Timer":
        gc.collect()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def run_ours(docs: list[Invoice], signer: signing.Signer) -> tuple[Timer, list]:
    with Timer() as timer:
        built = [build(doc, signer) for doc in docs]
    return timer, built


def run_validation(built: list) -> float:
    from .. import validation

    validation.preload()
    start = time.perf_counter()
    for item in built:
        report = validation.validate(item.xml, item.name + ".xml")
        if report.rejected:
            raise SystemExit(f"{item.name}: SUNAT lo rechazaría: {report.errors}")
    return _rate(len(built), time.perf_counter() - start)


def fesdk_input(computed: Computed) -> dict:
    """Our computed factura in fesdk's input model (it takes figures, it does not compute them)."""
    doc, totals = computed.doc, computed.totals
    address = doc.issuer.address
    return {
        "kind": "invoice",
        "ubl_version": "2.1",
        "operation_type": doc.operation_type,
        "document_type": doc.doc_type.value,
        "series": doc.series,
        "number": str(doc.number),
        "issue_date": f"{doc.issue_date.isoformat()}T{doc.issue_time or clock(0)}-05:00",
        "currency": doc.currency.value,
        "issuer": {
            "ruc": doc.issuer.ruc,
            "legal_name": doc.issuer.legal_name,
            "trade_name": doc.issuer.trade_name,
            "address": {
                "street": address.line, "ubigeo": address.ubigeo, "department": address.department,
                "province": address.province, "district": address.district, "urbanization": "-",
                "country_code": address.country, "establishment_code": doc.issuer.establishment_code,
            },
        },
        "customer": {"document_type": doc.customer.doc_type.value, "document_number": doc.customer.number, "legal_name": doc.customer.name},
        "totals": {
            "taxed": str(totals.gravadas), "igv": str(totals.igv), "total_taxes": str(totals.tax_total),
            "sale_value": str(totals.line_extension), "subtotal": str(totals.tax_inclusive), "payable": str(totals.payable),
        },
        "lines": [
            {
                "unit": cl.line.unit_code, "quantity": str(cl.line.quantity), "description": cl.line.description,
                "unit_value": str(cl.unit_value), "unit_price": str(cl.reference_price), "line_value": str(cl.value),
                "igv_base": str(cl.igv_base), "igv": str(cl.igv), "igv_rate": str(computed.igv_percent),
                "total_taxes": str(cl.tax_total), "affectation": cl.line.affectation.value,
            }
            for cl in computed.lines
        ],
        "legends": [{"code": code.value, "value": value} for code, value in computed.legends],
        "payment_terms": {"type": "Contado"},
    }


def run_fesdk(built: list, signer: signing.Signer) -> "Timer":
    import json

    import sunat_sdk
    from cryptography.hazmat.primitives import serialization

    key_pem = signer.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")
    cert_pem = signer.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")
    inputs = [json.dumps(fesdk_input(item.computed), ensure_ascii=False) for item in built]
    with Timer() as timer:
        for text in inputs:
            rendered = sunat_sdk.build(text)
            signed = sunat_sdk.sign(rendered["xml"], cert_pem, key_pem)
            sunat_sdk.zip({"name": rendered["file_name"], "xml": signed["xml"]})
    return timer


def run(args: argparse.Namespace) -> int:
    if args.n < 1:
        print("error: --n debe ser al menos 1")
        return 2
    pfx, password = signing.make_demo_certificate(BENCH_RUC, BENCH_NAME)
    signer = signing.Signer.from_pkcs12(pfx, password)
    docs = sample_documents(args.n)
    build(docs[0], signer)  # warm caches (catalogs, templates) outside the timing
    timer, built = run_ours(docs, signer)
    ours = _rate(args.n, timer.wall)
    print(
        f"build+sign+zip: {args.n} facturas en {timer.wall:.2f} s: {ours:,.0f}/s "
        f"({_rate(args.n, timer.cpu):,.0f}/s por tiempo de CPU de un núcleo)"
    )
    if args.validate:
        sample = built[: args.validate]
        print(f"validación con reglas SUNAT: {len(sample)} documentos, {run_validation(sample):,.0f} documentos/s")
    line = f"facturas/s: {ours:.0f}"
    if args.peer == "fesdk":
        try:
            peer_timer = run_fesdk(built, signer)
        except ImportError:
            print("error: instale el par con: pip install -r requirements-bench.txt")
            return 2
        peer = _rate(args.n, peer_timer.wall)
        print(f"fesdk build+sign+zip: {peer:,.0f}/s ({_rate(args.n, peer_timer.cpu):,.0f}/s por tiempo de CPU)")
        line += f"; peer fesdk: {peer:.0f}; ratio: {ours / peer:.2f}"
    print(line)
    return 0
