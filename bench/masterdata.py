"""Benchmark: master data lists with 100,000 customers and 100,000 products; import and export.

Each database runs in its own process (Django picks the database at start-up). For each it migrates a
fresh database, seeds one company, signs in through the real login view and times the real list
views (middleware, selector, template) with Django's test client, then times an import of 10,000
rows and an export of 10,000 rows to Excel (and 500 to PDF, the PDF cap).

    .venv/bin/python bench/masterdata.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/masterdata.py --db sqlite --rows 20000 --repeat 10
    PG_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/masterdata.py --db postgres
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from common import ROOT, p95, setup_django

DB_NAME = "yupana_bench_masterdata"

FIRST = ["José", "María", "Luis", "Ana", "Carlos", "Rosa", "Jorge", "Carmen", "Juan", "Lucía", "Pedro", "Elena",
         "Miguel", "Sofía", "Víctor", "Gabriela", "Raúl", "Patricia", "Fernando", "Diana"]
LAST = ["Pérez", "Quispe", "Flores", "García", "Rodríguez", "Huamán", "Mamani", "Sánchez", "Chávez", "Torres",
        "Ramírez", "Vargas", "Castillo", "Rojas", "Mendoza", "Ñahui", "Gutiérrez", "Salazar", "Díaz", "Espinoza"]
TRADE = ["Comercial", "Inversiones", "Distribuidora", "Corporación", "Negocios", "Servicios", "Importaciones",
         "Constructora", "Agroindustrias", "Transportes"]
PLACE = ["Andina", "del Sur", "Norteña", "Amazónica", "Lima", "Cusco", "Arequipa", "Pacífico", "Inca", "Chavín"]
FORM = ["S.A.C.", "E.I.R.L.", "S.R.L.", "S.A."]
GOODS = ["Arroz", "Azúcar", "Aceite", "Leche", "Fideos", "Atún", "Gaseosa", "Agua", "Galletas", "Detergente",
         "Jabón", "Papel higiénico", "Café", "Harina", "Sal", "Avena", "Mantequilla", "Yogur", "Chocolate", "Cerveza"]
BRAND = ["Costeño", "Primor", "Gloria", "Don Vittorio", "Florida", "San Luis", "Inca Kola", "Field", "Bolívar",
         "Moncler", "Nicolini", "Altomayo", "Blanca Flor", "Emsal", "Quaker", "Laive", "Sublime", "Cristal"]
SIZE = ["250 g", "500 g", "1 kg", "5 kg", "1 L", "625 ml", "3 L", "pack x6", "caja x12", "bolsa 50 kg"]


def run_one(db: str, rows: int, repeat: int) -> dict:
    """Runs inside the child process for one database."""
    setup_django(db, DB_NAME)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from stdnum.pe import ruc as stdnum_ruc

    from yupana.companies.testing import login_client, make_company, make_user
    from yupana.masterdata import exporting, importing, selectors
    from yupana.masterdata.listing import CUSTOMERS as CUSTOMER_KIND
    from yupana.masterdata.models import Customer, Product, search_key

    company = make_company(plan_name="Premium", ruc="20100070970", business_name="Bodega Benchmark S.A.C.")
    other = make_company(plan_name="Premium", ruc="20131312955", business_name="Otra Empresa S.A.C.")
    user = make_user(company, email="bench@bodega.pe")
    rnd = random.Random(7)

    def ruc_for(i: int) -> str:
        body = f"20{5000000 + i:08d}"
        return body + stdnum_ruc.calc_check_digit(body)

    def customers(tenant, count, start=0):
        for i in range(start, start + count):
            if i % 2:
                name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {rnd.choice(LAST)}"
                kind, number = "1", f"{40000000 + i:08d}"
            else:
                name = f"{rnd.choice(TRADE)} {rnd.choice(PLACE)} {i} {rnd.choice(FORM)}"
                kind, number = "6", ruc_for(i)
            credit = i % 10 == 0
            yield Customer(company=tenant, document_type=kind, document_number=number, name=name,
                           address=f"Av. Principal {i % 900 + 1}, Lima", emails=f"cliente{i}@correo.pe",
                           credit_enabled=credit, credit_limit=Decimal("5000") if credit else Decimal("0"),
                           credit_days=30 if credit else 0, is_active=i % 50 != 0,
                           search_text=search_key(name, number, f"cliente{i}@correo.pe"))

    def products(tenant, count):
        for i in range(count):
            service = i % 20 == 0
            description = (f"Servicio de {rnd.choice(['instalación', 'mantenimiento', 'reparación'])} {i}" if service
                           else f"{rnd.choice(GOODS)} {rnd.choice(BRAND)} {rnd.choice(SIZE)} #{i}")
            code = f"P{i:06d}"
            yield Product(company=tenant, code=code, description=description, unit_code="ZZ" if service else "NIU",
                          price=Decimal(rnd.randrange(50, 50000)) / 100, currency="USD" if i % 15 == 0 else "PEN",
                          igv_affectation="20" if i % 9 == 0 else "10", cost=Decimal("1.00"),
                          search_text=search_key(code, description))

    started = time.perf_counter()
    for tenant, n in ((company, rows), (other, rows // 10)):
        Customer.objects.bulk_create(customers(tenant, n), batch_size=2000)
        Product.objects.bulk_create(products(tenant, n), batch_size=2000)
    with connection.cursor() as cursor:  # what an import does after a bulk load (see importing.py)
        cursor.execute("ANALYZE")
    seed_seconds = time.perf_counter() - started

    client = login_client(Client(), user)
    cl, pl = reverse("masterdata:customer_list"), reverse("masterdata:product_list")
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}
    requests = [
        ("clientes: lista, página 1", cl, {}, {}),
        ("clientes: lista, página 200", cl, {"page": "200"}, {}),
        ("clientes: buscar «perez» (htmx)", cl, {"q": "perez"}, htmx),
        ("clientes: buscar «jose quispe» (htmx)", cl, {"q": "jose quispe"}, htmx),
        ("clientes: buscar nº «4000123» (htmx)", cl, {"q": "4000123"}, htmx),
        ("clientes: buscar sin resultados (htmx)", cl, {"q": "zzzz"}, htmx),
        ("clientes: filtro RUC + con crédito", cl, {"document_type": "6", "credit": "yes"}, {}),
        ("clientes: inactivos, orden Z-A", cl, {"status": "inactive", "sort": "-name"}, {}),
        ("productos: lista, página 1", pl, {}, {}),
        ("productos: buscar «arroz costeño» (htmx)", pl, {"q": "arroz costeno"}, htmx),
        ("productos: buscar código «P01234» (htmx)", pl, {"q": "P01234"}, htmx),
        ("productos: servicios en USD", pl, {"kind": "service", "currency": "USD"}, {}),
        ("productos: orden por precio mayor", pl, {"sort": "-price"}, {}),
        ("selector customer_search «quispe» (venta)", None, {"q": "quispe"}, {}),
        ("selector product_search «P012345» (venta)", None, {"q": "P012345"}, {}),
    ]
    timings = {}
    for label, url, params, headers in requests:
        samples, cpu = [], []
        for attempt in range(repeat + 2):
            t0, c0 = time.perf_counter(), time.process_time()
            if url is None:
                fn = selectors.customer_search if "customer" in label else selectors.product_search
                fn(company=company, q=params["q"])
            else:
                response = client.get(url, params, **headers)
                assert response.status_code == 200, (label, response.status_code)
            if attempt >= 2:  # two warm-up requests
                samples.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        # CPU time of this process: on SQLite the whole request (the database runs in-process), on
        # PostgreSQL the Django side only. Unlike wall time it does not grow when other jobs share the cores.
        timings[label] = {"p50": statistics.median(samples), "p95": p95(samples), "cpu_p95": p95(cpu)}
    all_samples_p95 = max(t["p95"] for t in timings.values())

    # Import 10,000 new customers from CSV and 10,000 products from .xlsx
    folder = Path(tempfile.mkdtemp())
    csv_path = folder / "clientes.csv"
    with open(csv_path, "w", encoding="cp1252", newline="") as fh:
        fh.write("Tipo;Número;Razón social;Dirección;Correo\r\n")
        for i in range(10_000):
            fh.write(f"RUC;{ruc_for(rows + i)};Importadora {rnd.choice(PLACE)} {i} S.A.C.;Jr. Lima {i};"
                     f"imp{i}@correo.pe\r\n")
    t0 = time.perf_counter()
    report = importing.import_file(resource=importing.CUSTOMERS, path=csv_path, company=company, user=user)
    import_customers = time.perf_counter() - t0
    assert report.created == 10_000, report.errors[:3]

    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Código", "Descripción", "Unidad", "Precio", "Afectación"])
    for i in range(10_000):
        sheet.append([f"N{i:05d}", f"{rnd.choice(GOODS)} nuevo {i}", "NIU", 12.5, "10"])
    xlsx_path = folder / "productos.xlsx"
    workbook.save(xlsx_path)
    t0 = time.perf_counter()
    report = importing.import_file(resource=importing.PRODUCTS, path=xlsx_path, company=company, user=user)
    import_products = time.perf_counter() - t0
    assert report.created == 10_000, report.errors[:3]

    # Export 10,000 rows to Excel; 500 (the cap) to PDF
    qs = selectors.customer_list(company=company, status="all")
    t0 = time.perf_counter()
    data = exporting.export_xlsx(title="Clientes", columns=list(CUSTOMER_KIND.columns),
                                 rows=qs[:10_000].iterator(chunk_size=2000))
    export_xlsx = time.perf_counter() - t0
    xlsx_bytes = len(data)
    t0 = time.perf_counter()
    response = client.get(reverse("masterdata:customer_export", kwargs={"fmt": "xlsx"}), {"q": "importadora"})
    export_view = time.perf_counter() - t0
    assert response.status_code == 200
    t0 = time.perf_counter()
    exporting.export_pdf(title="Clientes", columns=list(CUSTOMER_KIND.columns), rows=qs[:500].iterator())
    export_pdf = time.perf_counter() - t0

    return {
        "db": connection.vendor, "rows": rows, "repeat": repeat, "seed_s": seed_seconds, "requests": timings,
        "worst_p95_ms": all_samples_p95, "import_customers_csv_10k_s": import_customers,
        "import_products_xlsx_10k_s": import_products, "export_xlsx_10k_s": export_xlsx,
        "export_xlsx_bytes": xlsx_bytes, "export_view_xlsx_10k_s": export_view, "export_pdf_500_s": export_pdf,
        "export_pdf_1k_s": export_pdf,  # older name, kept so a parent started before the rename can print
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per kind (after 2 warm-ups)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.rows, args.repeat)))
        return
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        out = subprocess.run([sys.executable, __file__, "--child", db, "--rows", str(args.rows),
                              "--repeat", str(args.repeat)], capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            sys.exit(out.returncode)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"\n## {result['db']}: {result['rows']:,} clientes + {result['rows']:,} productos "
              f"(sembrado en {result['seed_s']:.1f} s), {result['repeat']} peticiones por fila\n")
        print("| petición | p50 ms | p95 ms | p95 CPU ms |\n|---|---:|---:|---:|")
        for label, t in result["requests"].items():
            print(f"| {label} | {t['p50']:.1f} | {t['p95']:.1f} | {t['cpu_p95']:.1f} |")
        print(f"\n- peor p95: {result['worst_p95_ms']:.1f} ms; carga del sistema al terminar: {os.getloadavg()[0]:.1f}")
        print(f"- importar 10 000 clientes (CSV Windows-1252): {result['import_customers_csv_10k_s']:.2f} s")
        print(f"- importar 10 000 productos (.xlsx): {result['import_products_xlsx_10k_s']:.2f} s")
        print(f"- exportar 10 000 clientes a Excel: {result['export_xlsx_10k_s']:.2f} s "
              f"({result['export_xlsx_bytes'] / 1024:.0f} KiB); por la vista, filtrados: "
              f"{result['export_view_xlsx_10k_s']:.2f} s")
        print(f"- exportar 500 clientes a PDF (tope del PDF): {result['export_pdf_500_s']:.2f} s")


if __name__ == "__main__":
    main()
