"""Statements for many customers at once: a background run with progress, producing a ZIP of PDFs
or one workbook (a sheet per customer)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from yupana.masterdata.models import Customer

from .documents import ZipWriter, html_to_pdf, pdf_workers, statement_file_name, statement_html, statements_xlsx
from .models import Receivable, StatementRun
from .services import open_receivables
from .statements import customer_statement

SCOPES = [("balance", "Con saldo"), ("overdue", "Con cuotas vencidas"), ("all", "Todos con crédito o movimientos")]


def statement_customers(*, company, scope: str = "balance", seller_id: int | None = None, today: dt.date | None = None):
    """Customers a multi-customer statement covers: with balance, overdue, all; optionally one seller's."""
    today = today or timezone.localdate()
    rows = Receivable.objects.filter(customer=OuterRef("pk"))
    if scope == "balance":
        rows = open_receivables(company).filter(customer=OuterRef("pk"))
    elif scope == "overdue":
        rows = open_receivables(company).filter(customer=OuterRef("pk"), due_date__lt=today)
    if seller_id:
        rows = rows.filter(document__created_by_id=seller_id)
    return Customer.objects.for_company(company).filter(Exists(rows)).order_by("name", "id")


def statement_run_start(*, company, user, fmt: str, scope: str, seller_id: int | None, date_from: dt.date,
                        date_to: dt.date) -> StatementRun:
    from .tasks import run_statements

    if date_from > date_to:
        raise ValueError("La fecha inicial es posterior a la final.")
    run = StatementRun.objects.create(company=company, fmt=fmt, filters={"scope": scope, "seller": seller_id},
                                      date_from=date_from, date_to=date_to, created_by=user)
    transaction.on_commit(lambda: run_statements.enqueue(run.pk))
    return run


def _pdfs(htmls, workers: int):
    """PDF bytes for each HTML, in order; in a pool of processes when there are several workers.
    The children only run WeasyPrint (no database), so forking a Django process is safe."""
    if workers <= 1:
        yield from map(html_to_pdf, htmls)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(html_to_pdf, htmls, chunksize=4)


def statement_run_execute(pk: int, *, step: int = 10, workers: int | None = None) -> str:
    """Build the file, writing progress every ``step`` customers (the page polls it)."""
    run = StatementRun.objects.select_related("company").get(pk=pk)
    if run.status == StatementRun.Status.DONE:
        return run.status
    company = run.company
    customers = list(statement_customers(company=company, scope=run.filters.get("scope", "balance"),
                                         seller_id=run.filters.get("seller")))
    StatementRun.objects.filter(pk=pk).update(status=StatementRun.Status.RUNNING, total=len(customers), done=0)
    try:
        statements = [customer_statement(company=company, customer=customer, date_from=run.date_from,
                                         date_to=run.date_to) for customer in customers]
        if run.fmt == StatementRun.Format.PDF:
            zipped = ZipWriter()
            htmls = (statement_html(s) for s in statements)
            workers = workers or pdf_workers()
            for index, (statement, pdf) in enumerate(zip(statements, _pdfs(htmls, workers)), start=1):
                zipped.add(statement_file_name(statement, "pdf"), pdf)
                if index % step == 0:
                    StatementRun.objects.filter(pk=pk).update(done=index)
            result = zipped.close()
        else:
            result = statements_xlsx(statements)
    except Exception as exc:  # noqa: BLE001 - the page shows why the run stopped
        StatementRun.objects.filter(pk=pk).update(status=StatementRun.Status.FAILED,
                                                  error=f"{exc.__class__.__name__}: {exc}", finished_at=timezone.now())
        raise
    StatementRun.objects.filter(pk=pk).update(status=StatementRun.Status.DONE, done=len(customers), result=result,
                                              finished_at=timezone.now())
    return StatementRun.Status.DONE
