"""Benchmark: printed PDF per document, the document list with 1,000,000 documents on PostgreSQL, and
the streamed ZIP of 10,000 documents (memory measured).

    .venv/bin/python bench/delivery.py                        # everything (PostgreSQL for list and ZIP)
    .venv/bin/python bench/delivery.py --part pdf --repeat 50
    .venv/bin/python bench/delivery.py --part list --docs 200000
    PG_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/delivery.py --part zip

The PDF part issues real documents (signed by the SUNAT core) on SQLite and renders them with the
real templates. The list part seeds one company with --docs documents with COPY (not through SUNAT:
the list reads only the stored rows) over three years, signs in through the real login view and
times the real list view (middleware, filters, totals, template) with Django's test client. The ZIP
part stores 10,000 documents carrying a real signed XML and a CDR-sized blob and streams the
archive through the real view, measuring Python's peak allocation (tracemalloc) while it streams.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal

from common import ROOT, p95, setup_django

DB_NAME = "yupana_bench_delivery"
NAMES = ["Comercial", "Inversiones", "Distribuidora", "Corporación", "Bodega", "Ferretería", "Botica", "Minimarket"]
PLACES = ["Andina", "del Sur", "Norteña", "Amazónica", "Lima", "Cusco", "Arequipa", "Pacífico", "Inca", "Chavín"]


def issued_factura(lines: int = 5):
    """A real factura (signed, validated with SUNAT's rules) of the bench company."""
    from yupana.sales.inputs import LineInput, SaleInput
    from yupana.sales.services import sale_issue
    from yupana.sales.tests.factories import make_customer, make_issuer, make_product

    company = make_issuer()
    customer = make_customer(company)
    products = [make_product(company, code=f"P{i:03d}", description=f"Producto de prueba {i}", price=f"{10 + i}.90")
                for i in range(lines)]
    data = SaleInput(doc_type="01", series_code="F001", customer_id=customer.pk,
                     lines=[LineInput(description="", quantity=Decimal(i + 1), unit_price=p.price, product_id=p.pk)
                            for i, p in enumerate(products)])
    return company, sale_issue(company=company, user=None, data=data)


# --- PDF ---

def run_pdf(repeat: int) -> dict:
    setup_django("sqlite", DB_NAME)
    from yupana.delivery.pdf import html_to_pdf, render_html
    from yupana.delivery.printing import printable

    _, document = issued_factura()
    results = {}
    for fmt in ("a4", "ticket"):
        gather, html_ms, pdf_ms, total_ms = [], [], [], []
        for attempt in range(repeat + 3):
            t0 = time.perf_counter()
            data = printable(document)
            context = data.context(fmt)
            t1 = time.perf_counter()
            html = render_html(template_name=f"delivery/pdf/{fmt}.html", context=context)
            t2 = time.perf_counter()
            pdf = html_to_pdf(html)
            t3 = time.perf_counter()
            if attempt >= 3:
                gather.append((t1 - t0) * 1000)
                html_ms.append((t2 - t1) * 1000)
                pdf_ms.append((t3 - t2) * 1000)
                total_ms.append((t3 - t0) * 1000)
        results[fmt] = {"gather_ms": statistics.median(gather), "html_ms": statistics.median(html_ms),
                        "weasyprint_ms": statistics.median(pdf_ms), "p50_ms": statistics.median(total_ms),
                        "p95_ms": p95(total_ms), "min_ms": min(total_ms), "bytes": len(pdf),
                        "load": os.getloadavg()[0]}
    return {"repeat": repeat, "formats": results}


# --- list with a million documents ---

def seed_documents(company, count: int, *, start_id: int, xml: bytes, cdr: bytes | None, days: int,
                   today: dt.date, seed: int = 7) -> None:
    """COPY ``count`` sale documents and their SUNAT rows into PostgreSQL (ids from ``start_id``)."""
    from django.db import connection
    from django.utils import timezone

    from yupana.companies.models import Series
    from yupana.einvoicing.models import ElectronicDocument
    from yupana.sales.models import SaleDocument

    rnd = random.Random(seed)
    rows = list(Series.objects.filter(company=company))
    series = {s.code: s.pk for s in rows}
    doc_fields = [f for f in SaleDocument._meta.concrete_fields]
    edoc_fields = [f for f in ElectronicDocument._meta.concrete_fields]
    numbers = {s.code: s.next_number - 1 for s in rows}
    customers = [(f"20{100000000 + i * 7919 % 89999999:09d}"[:11], f"{rnd.choice(NAMES)} {rnd.choice(PLACES)} {i} S.A.C.")
                 for i in range(5000)]
    now = timezone.now()
    statuses = ["aceptado"] * 96 + ["rechazado", "emitido", "anulado", "observado"]
    raw = connection.connection
    with raw.cursor() as cursor:
        doc_rows, edoc_rows = [], []
        for offset in range(count):
            pk = start_id + offset
            day = today - dt.timedelta(days=(offset * days) // count)
            roll = rnd.random()
            code, doc_type = (("B001", "03") if roll < 0.6 else ("F001", "01") if roll < 0.97 else ("FC01", "07"))
            numbers[code] += 1
            ruc, name = customers[rnd.randrange(len(customers))]
            usd = rnd.random() < 0.1
            total = Decimal(rnd.randrange(500, 500000)) / 100
            gravadas = (total / Decimal("1.18")).quantize(Decimal("0.01"))
            values = {
                "id": pk, "company": company.pk, "doc_type": doc_type, "series": series[code], "series_code": code,
                "number": numbers[code], "issue_date": day, "issued_at": now, "due_date": None, "customer": None,
                "customer_doc_type": "1" if doc_type == "03" else "6",
                "customer_doc_number": ruc[2:10] if doc_type == "03" else ruc,
                "customer_name": name, "customer_address": "", "currency": "USD" if usd else "PEN",
                "exchange_rate": Decimal("3.7500") if usd else None, "payment_terms": "contado", "observations": "",
                "total_gravadas": gravadas, "total_exoneradas": 0, "total_inafectas": 0, "total_gratuitas": 0,
                "total_discount": 0, "total_igv": total - gravadas, "total_icbper": 0, "total": total,
                "reference": None, "note_reason": "", "note_reason_text": "", "created_by": None, "created_at": now,
            }
            doc_rows.append(tuple(values.get(f.name) for f in doc_fields))
            status = statuses[rnd.randrange(len(statuses))]
            name_ = f"{company.ruc}-{doc_type}-{code}-{numbers[code]}"
            evalues = {
                "id": pk, "company": company.pk, "document": pk, "name": name_, "xml": xml, "zip": b"",
                "digest": "YmVuY2g=", "status": status, "via_summary": False, "cdr": cdr if status != "emitido" else None,
                "cdr_code": "0", "cdr_description": "", "cdr_notes": "[]", "attempts": 1, "next_attempt_at": None,
                "uncertain": False, "claimed_until": None, "last_error": "", "issued_at": now, "sent_at": now,
                "answered_at": now, "voiding_at": None, "voided_at": None,
            }
            edoc_rows.append(tuple(evalues.get(f.name) for f in edoc_fields))
            if len(doc_rows) == 20000 or offset == count - 1:
                columns = ", ".join(f'"{f.column}"' for f in doc_fields)
                with cursor.copy(f"COPY {SaleDocument._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for row in doc_rows:
                        copy.write_row(row)
                columns = ", ".join(f'"{f.column}"' for f in edoc_fields)
                with cursor.copy(f"COPY {ElectronicDocument._meta.db_table} ({columns}) FROM STDIN") as copy:
                    for row in edoc_rows:
                        copy.write_row(row)
                doc_rows, edoc_rows = [], []
    raw.commit()
    with connection.cursor() as cursor:
        for model in (SaleDocument, ElectronicDocument):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
                           f"(SELECT MAX(id) FROM {model._meta.db_table}))")
        for code, last in numbers.items():
            Series.objects.filter(pk=series[code]).update(next_number=last + 1)
        cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map that COPY leaves empty


def run_list(docs: int, repeat: int) -> dict:
    setup_django("postgres", DB_NAME)
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from yupana.companies.testing import login_client, make_user

    company, sample = issued_factura(lines=1)
    user = make_user(company, email="bench@andina.pe")
    today = timezone.localdate()
    t0 = time.perf_counter()
    seed_documents(company, docs, start_id=sample.pk + 1000, xml=b"<Invoice/>", cdr=None, days=3 * 365, today=today)
    seed_s = time.perf_counter() - t0
    client = login_client(Client(), user)
    url = reverse("reports:documents")
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
    month = today.replace(day=1).isoformat()
    year_from = dt.date(today.year - 1, 1, 1).isoformat()
    year_to = dt.date(today.year - 1, 12, 31).isoformat()
    cases = [
        ("este mes, página 1 (por defecto)", {}, {}),
        ("este mes, página 10 (htmx)", {"page": "10"}, htmx),
        ("buscar «F001-12345» (htmx)", {"q": "F001-12345", "desde": "2000-01-01"}, htmx),
        ("este mes, cliente por RUC (htmx)", {"customer": "20100000000"}, htmx),
        ("este mes, cliente por nombre «bodega» (htmx)", {"customer": "bodega"}, htmx),
        ("este mes, boletas en USD (htmx)", {"doc_type": "03", "currency": "USD"}, htmx),
        ("este mes, serie FC01", {"series": "FC01"}, {}),
        ("rechazados del último año", {"status": "rechazado", "desde": (today - dt.timedelta(days=365)).isoformat()}, {}),
        ("un año entero (~330 000 comprobantes)", {"desde": year_from, "hasta": year_to}, {}),
        ("panel de inicio", None, {}),
    ]
    timings = {}
    for label, params, headers in cases:
        samples = []
        for attempt in range(repeat + 2):
            start = time.perf_counter()
            if params is None:
                response = client.get(reverse("reports:dashboard"))
            else:
                response = client.get(url, {"desde": month, **params}, **headers)
            assert response.status_code == 200, (label, response.status_code)
            if attempt >= 2:
                samples.append((time.perf_counter() - start) * 1000)
        timings[label] = {"p50": statistics.median(samples), "p95": p95(samples)}
    return {"docs": docs, "seed_s": seed_s, "repeat": repeat, "requests": timings}


# --- ZIP of 10,000 documents ---

def run_zip(count: int) -> dict:
    setup_django("postgres", DB_NAME)
    import tracemalloc

    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from yupana.companies.testing import login_client, make_user

    company, sample = issued_factura(lines=3)
    user = make_user(company, email="bench@andina.pe")
    xml = bytes(sample.electronic.xml)
    cdr = os.urandom(3000)  # the size of a CDR zip; random bytes do not compress, like a real zip
    today = timezone.localdate()
    seed_documents(company, count, start_id=sample.pk + 1000, xml=xml, cdr=cdr, days=28, today=today)
    client = login_client(Client(), user)
    params = {"desde": (today - dt.timedelta(days=40)).isoformat()}
    tracemalloc.start()
    t0 = time.perf_counter()
    response = client.get(reverse("reports:documents_zip"), params)
    first_chunk_ms = None
    size = chunks = 0
    for chunk in response.streaming_content:
        if first_chunk_ms is None:
            first_chunk_ms = (time.perf_counter() - t0) * 1000
        size += len(chunk)
        chunks += 1
    seconds = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"documents": int(response["X-Yupana-Documents"]), "xml_bytes": len(xml), "zip_bytes": size,
            "chunks": chunks, "seconds": seconds, "first_chunk_ms": first_chunk_ms, "peak_mib": peak / 2**20,
            "estimate": int(response["X-Yupana-Estimate"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["pdf", "list", "zip", "all"], default="all")
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--zip-docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = {"pdf": lambda: run_pdf(args.repeat), "list": lambda: run_list(args.docs, args.repeat),
                  "zip": lambda: run_zip(args.zip_docs)}[args.child]()
        print(json.dumps(result))
        return
    for part in (["pdf", "list", "zip"] if args.part == "all" else [args.part]):
        out = subprocess.run([sys.executable, __file__, "--child", part, "--docs", str(args.docs),
                              "--zip-docs", str(args.zip_docs), "--repeat", str(args.repeat)],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            sys.exit(out.returncode)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        if part == "pdf":
            print(f"\n## PDF por comprobante (factura de 5 líneas, {r['repeat']} veces tras 3 de calentamiento)\n")
            print("| formato | reunir datos ms | plantilla ms | WeasyPrint ms | total mín ms | total p50 ms | total p95 ms "
                  "| KiB | carga |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for fmt, t in r["formats"].items():
                print(f"| {fmt} | {t['gather_ms']:.1f} | {t['html_ms']:.1f} | {t['weasyprint_ms']:.1f} | "
                      f"{t['min_ms']:.1f} | {t['p50_ms']:.1f} | {t['p95_ms']:.1f} | {t['bytes'] / 1024:.0f} | "
                      f"{t['load']:.1f} |")
        elif part == "list":
            print(f"\n## Lista de comprobantes: {r['docs']:,} en una empresa, PostgreSQL "
                  f"(sembrados con COPY en {r['seed_s']:.0f} s), {r['repeat']} peticiones por fila\n")
            print("| petición | p50 ms | p95 ms |\n|---|---:|---:|")
            for label, t in r["requests"].items():
                print(f"| {label} | {t['p50']:.1f} | {t['p95']:.1f} |")
        else:
            print(f"\n## ZIP de {r['documents']:,} comprobantes (XML firmado de {r['xml_bytes']:,} bytes + CDR de "
                  f"3 000 bytes), PostgreSQL\n")
            print(f"- {r['zip_bytes'] / 2**20:.1f} MiB en {r['chunks']:,} trozos, {r['seconds']:.1f} s; primer "
                  f"trozo a los {r['first_chunk_ms']:.0f} ms; estimado para la barra: {r['estimate'] / 2**20:.1f} MiB")
            print(f"- pico de memoria de Python mientras se transmite (tracemalloc): {r['peak_mib']:.1f} MiB")


if __name__ == "__main__":
    main()
