"""Screens of cuentas por cobrar. Each view translates a request into one service or selector call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from yupana.accounts.models import Membership, Role
from yupana.companies.permissions import can_write, company_required, role_required
from yupana.masterdata.models import Customer

from . import documents
from .forms import PaymentForm, ReverseForm, SettingsForm, StatementRangeForm, StatementRunForm
from .links import statement_link_get, statement_link_rotate, statement_url
from .models import Payment, StatementLink, StatementRun
from .runs import statement_run_start
from .selectors import BUCKETS, aging_report, customer_credit_status, dashboard_figures, settings_for
from .services import (Allocation, PaymentRefused, open_receivables, payment_apply_balance, payment_record,
                       payment_reverse)
from .statements import customer_statement, default_range


def _customer(request, pk) -> Customer:
    return get_object_or_404(Customer.objects.for_company(request.company), pk=pk)


def _payment(request, pk) -> Payment:
    return get_object_or_404(Payment.objects.for_company(request.company).select_related("customer"), pk=pk)


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- overview: dashboard and aging ---------------------------------------------------------

@company_required
@require_GET
def receivable_list(request):
    today = timezone.localdate()
    as_of = _date(request.GET.get("al"), today)
    q = request.GET.get("q", "").strip()
    overdue_only = request.GET.get("vencidos") == "1"
    aging = aging_report(company=request.company, as_of=as_of, q=q, overdue_only=overdue_only)
    context = {"aging": aging, "buckets": BUCKETS, "q": q, "overdue_only": overdue_only, "as_of": as_of,
               "dashboard": dashboard_figures(company=request.company, today=today), "can_write": can_write(request)}
    if request.htmx and request.htmx.target == "aging":
        return render(request, "receivables/partials/aging_table.html", context)
    return render(request, "receivables/list.html", context)


@company_required
@require_GET
def aging_export(request, fmt):
    as_of = _date(request.GET.get("al"), timezone.localdate())
    aging = aging_report(company=request.company, as_of=as_of, q=request.GET.get("q", "").strip(),
                         overdue_only=request.GET.get("vencidos") == "1")
    if fmt == "xlsx":
        return _download(documents.aging_xlsx(aging, request.company), f"antiguedad-{as_of:%Y%m%d}.xlsx", XLSX)
    if fmt == "pdf":
        return _download(documents.aging_pdf(aging, request.company), f"antiguedad-{as_of:%Y%m%d}.pdf",
                         "application/pdf")
    raise Http404("Formato desconocido.")


# --- one customer ----------------------------------------------------------------------------

@company_required
@require_GET
def customer_account(request, pk):
    customer = _customer(request, pk)
    link = StatementLink.objects.for_company(request.company).filter(customer=customer).first()
    context = {
        "customer": customer, "status": customer_credit_status(request.company, customer),
        "open": open_receivables(request.company).filter(customer=customer).select_related("document")
                .order_by("due_date", "id"),
        "payments": Payment.objects.for_company(request.company).filter(customer=customer)[:20],
        "link_url": statement_url(link) if link else "", "can_write": can_write(request),
        "today": timezone.localdate(),
    }
    return render(request, "receivables/customer.html", context)


@company_required
@require_GET
def dashboard_panel(request):
    """The home page's receivables box (loaded by htmx, so the home page keeps its query budget)."""
    return render(request, "receivables/partials/dashboard.html",
                  {"dashboard": dashboard_figures(company=request.company)})


@company_required
@require_GET
def credit_panel(request, pk):
    """The credit box of the customer page and the sale form (htmx partial)."""
    customer = _customer(request, pk)
    return render(request, "receivables/partials/credit_panel.html",
                  {"customer": customer, "status": customer_credit_status(request.company, customer)})


@company_required
@require_GET
def sale_credit(request):
    """The credit box for the sale form: ``?customer_id=`` of the customer just picked (empty when none)."""
    pk = request.GET.get("customer_id", "")
    customer = Customer.objects.for_company(request.company).filter(pk=pk).first() if pk.isdigit() else None
    if customer is None or not (customer.credit_enabled or request.company.plan.credit_control):
        return HttpResponse("")
    return render(request, "receivables/partials/credit_panel.html",
                  {"customer": customer, "status": customer_credit_status(request.company, customer), "compact": True})


def _statement_from(request, customer):
    start, end = default_range()
    form = StatementRangeForm(request.GET or {"date_from": start, "date_to": end})
    if not form.is_valid():
        return form, None
    statement = customer_statement(company=request.company, customer=customer,
                                   date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"])
    return form, statement


@company_required
@require_GET
def statement(request, pk):
    customer = _customer(request, pk)
    form, result = _statement_from(request, customer)
    query = request.GET.urlencode()
    return render(request, "receivables/statement.html",
                  {"customer": customer, "form": form, "s": result, "query": query})


@company_required
@require_GET
def statement_export(request, pk, fmt):
    customer = _customer(request, pk)
    form, result = _statement_from(request, customer)
    if result is None:
        messages.error(request, "Revise las fechas del estado de cuenta.")
        return redirect("receivables:statement", pk=pk)
    if fmt == "pdf":
        return _download(documents.statement_pdf(result), documents.statement_file_name(result, "pdf"),
                         "application/pdf")
    if fmt == "xlsx":
        return _download(documents.statements_xlsx([result]), documents.statement_file_name(result, "xlsx"), XLSX)
    raise Http404("Formato desconocido.")


@company_required
@require_POST
def statement_link(request, pk):
    customer = _customer(request, pk)
    if request.POST.get("rotate"):
        statement_link_rotate(company=request.company, customer=customer)
        messages.success(request, "Se creó un enlace nuevo; el anterior ya no funciona.")
    else:
        statement_link_get(company=request.company, customer=customer)
        messages.success(request, "Enlace privado listo: cópielo y envíelo al cliente.")
    return redirect("receivables:customer_account", pk=pk)


# --- payments --------------------------------------------------------------------------------

@company_required
@require_GET
def payment_list(request):
    payments = Payment.objects.for_company(request.company).select_related("customer")[:200]
    return render(request, "receivables/payment_list.html", {"payments": payments, "can_write": can_write(request)})


def _allocations(request, open_rows) -> list[Allocation]:
    result = []
    for row in open_rows:
        raw = (request.POST.get(f"aplicar_{row.pk}") or "").strip().replace(",", "")
        if not raw:
            continue
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise PaymentRefused([f"{row.label}: el monto a aplicar debe ser un número."], "allocations") from None
        if amount != 0:
            result.append(Allocation(row.pk, amount))
    if not result:
        raise PaymentRefused(["Escriba cuánto aplicar al menos a una cuota, o elija «las más antiguas primero»."],
                             "allocations")
    return result


@company_required
def payment_create(request, pk):
    customer = _customer(request, pk)
    open_rows = list(open_receivables(request.company).filter(customer=customer).select_related("document")
                     .order_by("due_date", "issue_date", "id"))
    for row in open_rows:
        row.chosen = request.POST.get(f"aplicar_{row.pk}", "")
    form = PaymentForm(request.POST or None, initial={"date": timezone.localdate()})
    error_field = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            allocations = _allocations(request, open_rows) if data["mode"] == "chosen" else None
            payment = payment_record(
                company=request.company, user=request.user, customer=customer, date=data["date"],
                method=data["method"], amount=data["amount"], currency=data["currency"],
                exchange_rate=data["exchange_rate"], reference=data["reference"], notes=data["notes"],
                allocations=allocations, token=data["token"])
        except PaymentRefused as exc:
            error_field = exc.field
            target = exc.field if exc.field in form.fields and exc.field != "token" else None
            for message in exc.messages:
                form.add_error(target, message)
        else:
            messages.success(request, payment.summary)
            return redirect("receivables:payment_detail", pk=payment.pk)
    return render(request, "receivables/payment_form.html", {
        "customer": customer, "form": form, "open": open_rows, "error_field": error_field,
        "status": customer_credit_status(request.company, customer)}, status=422 if form.errors else 200)


@company_required
@require_GET
def payment_detail(request, pk):
    payment = _payment(request, pk)
    return render(request, "receivables/payment_detail.html", {
        "payment": payment, "applications": payment.applications.select_related("receivable__document"),
        "reverse_form": ReverseForm(), "can_write": can_write(request)})


@company_required
@require_GET
def payment_receipt(request, pk):
    payment = _payment(request, pk)
    data = documents.receipt_pdf(payment, payment.applications.select_related("receivable__document"))
    return _download(data, f"recibo-{payment.number:06d}.pdf", "application/pdf")


@company_required
@require_POST
def payment_reverse_view(request, pk):
    payment = _payment(request, pk)
    form = ReverseForm(request.POST)
    try:
        payment_reverse(company=request.company, user=request.user, payment=payment,
                        reason=form.data.get("reason", ""))
    except PaymentRefused as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{payment} anulado: sus cuotas vuelven a estar pendientes.")
    return redirect("receivables:payment_detail", pk=pk)


@company_required
@require_POST
def payment_apply_balance_view(request, pk):
    payment = _payment(request, pk)
    try:
        payment_apply_balance(company=request.company, user=request.user, payment=payment)
    except PaymentRefused as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Saldo a favor aplicado a las cuotas más antiguas.")
    return redirect("receivables:payment_detail", pk=pk)


# --- many customers --------------------------------------------------------------------------

def _sellers(company):
    ids = Membership.objects.for_company(company).values_list("user_id", flat=True)
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=ids).order_by("full_name", "email")


@company_required
def run_create(request):
    start, end = default_range()
    sellers = _sellers(request.company)
    form = StatementRunForm(request.POST or None, sellers=sellers, initial={"date_from": start, "date_to": end})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = statement_run_start(company=request.company, user=request.user, fmt=data["fmt"], scope=data["scope"],
                                  seller_id=int(data["seller"]) if data["seller"] else None,
                                  date_from=data["date_from"], date_to=data["date_to"])
        return redirect("receivables:run_detail", pk=run.pk)
    return render(request, "receivables/run_form.html", {"form": form})


@company_required
@require_GET
def run_detail(request, pk):
    run = get_object_or_404(StatementRun.objects.for_company(request.company).defer("result"), pk=pk)
    template = "receivables/partials/run_progress.html" if request.htmx else "receivables/run_detail.html"
    return render(request, template, {"run": run})


@company_required
@require_GET
def run_download(request, pk):
    run = get_object_or_404(StatementRun.objects.for_company(request.company), pk=pk,
                            status=StatementRun.Status.DONE)
    if run.fmt == StatementRun.Format.PDF:
        return _download(bytes(run.result), f"estados-de-cuenta-{run.date_to:%Y%m%d}.zip", "application/zip")
    return _download(bytes(run.result), f"estados-de-cuenta-{run.date_to:%Y%m%d}.xlsx", XLSX)


# --- settings --------------------------------------------------------------------------------

@role_required(Role.ADMIN)
def settings_view(request):
    from .tasks import ensure_reminders_scheduled

    form = SettingsForm(request.POST or None, instance=settings_for(request.company))
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.reminders_enabled:
            ensure_reminders_scheduled()
        messages.success(request, "Configuración de cobranzas guardada.")
        return redirect("receivables:settings")
    return render(request, "receivables/settings.html", {"form": form})


# --- the customer's private link (no sign-in) ------------------------------------------------

def _public(token):
    link = StatementLink.objects.select_related("company", "customer").filter(token=token).first()
    if link is None or not link.company.is_active:
        raise Http404("Este enlace no existe o fue reemplazado por uno nuevo.")
    return link


@require_GET
def public_statement(request, token):
    link = _public(token)
    start, end = default_range()
    form = StatementRangeForm(request.GET or {"date_from": start, "date_to": end})
    if not form.is_valid():
        form = StatementRangeForm({"date_from": start, "date_to": end})
        form.is_valid()
    result = customer_statement(company=link.company, customer=link.customer,
                                date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"])
    StatementLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())
    response = render(request, "receivables/public/statement.html",
                      {"s": result, "form": form, "token": token, "query": request.GET.urlencode()})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def public_statement_pdf(request, token):
    link = _public(token)
    start, end = default_range()
    form = StatementRangeForm(request.GET or {"date_from": start, "date_to": end})
    if not form.is_valid():
        raise Http404("Fechas inválidas.")
    result = customer_statement(company=link.company, customer=link.customer,
                                date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"])
    return _download(documents.statement_pdf(result), documents.statement_file_name(result, "pdf"), "application/pdf")
