"""Inventory screens: stock on hand, kardex (screen/Excel/PDF/format 13.1), warehouses, operations,
minimums and the low-stock panel. Each view turns a request into one service or selector call."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yupana.accounts.models import Role
from yupana.companies.permissions import can_write, company_required, role_required
from yupana.masterdata.models import Product

from . import exports
from .kardex import kardex
from .models import AdjustmentReason, StockMinimum, StockMovement, Warehouse
from .operations import (Item, adjustment_record, count_apply, count_propose, opening_import, opening_record,
                         transfer_record)
from .selectors import default_warehouse, low_stock, stock_report, warehouse_list
from .services import InventoryError, check_cost, check_quantity, movement_reverse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = 8
SCREEN_ROWS = 200  # a year can hold 100,000 movements: the screen pages by 200, the exports have all
writer_required = role_required(Role.ADMIN, Role.SELLER)


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _warehouse(request, value) -> Warehouse | None:
    if not value:
        return None
    try:
        return Warehouse.objects.for_company(request.company).filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


# --- stock on hand --------------------------------------------------------------------------

def _stock_params(request):
    warehouse = _warehouse(request, request.GET.get("almacen"))
    return dict(company=request.company, warehouse=warehouse, q=request.GET.get("q", "").strip(),
                by_warehouse=request.GET.get("agrupar") != "producto")


@company_required
@require_GET
def stock_list(request):
    params = _stock_params(request)
    report = stock_report(**params)
    return render(request, "inventory/stock_list.html", {
        "report": report, "rows": report.rows[:1000], "truncated": len(report.rows) > 1000,
        "warehouses": warehouse_list(company=request.company), "params": request.GET,
        "low": low_stock(company=request.company, limit=10), "can_write": can_write(request)})


@company_required
@require_GET
def stock_export(request, fmt):
    report = stock_report(**_stock_params(request))
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        return _download(exports.stock_xlsx(report), f"stock-{stamp}.xlsx", XLSX)
    if fmt == "pdf":
        return _download(exports.stock_pdf(report, request.company), f"stock-{stamp}.pdf", "application/pdf")
    return HttpResponse(status=404)


# --- kardex -------------------------------------------------------------------------------

def _kardex(request, *, limit: int | None = None):
    today = timezone.localdate()
    code = request.GET.get("producto", "").strip()
    product = Product.objects.for_company(request.company).filter(code=code).first() if code else None
    date_from = _date(request.GET.get("desde"), today.replace(day=1))
    date_to = _date(request.GET.get("hasta"), today)
    warehouse = _warehouse(request, request.GET.get("almacen"))
    if product is None:
        return None, code, date_from, date_to
    try:
        page = max(int(request.GET.get("pagina", "1")), 1) if limit else 1
    except ValueError:
        page = 1
    return (kardex(company=request.company, product=product, warehouse=warehouse, date_from=date_from,
                   date_to=date_to, offset=(page - 1) * (limit or 0), limit=limit), code, date_from, date_to)


@company_required
@require_GET
def kardex_view(request):
    report, code, date_from, date_to = _kardex(request, limit=SCREEN_ROWS)
    reversible = set()
    if report is not None and can_write(request):
        ids = [r.id for r in report.rows]
        done = set(StockMovement.objects.filter(reverses_id__in=ids).values_list("reverses_id", flat=True))
        reversible = {r.id for r in report.rows if r.id not in done and r.document and
                      r.kind in ("ajuste", "inicial", "transferencia_entrada", "transferencia_salida")} - done
    rows = report.rows if report is not None else []
    pages = {}
    if report is not None and report.count > SCREEN_ROWS:
        page = report.offset // SCREEN_ROWS + 1
        query = request.GET.copy()
        for name, number in (("previous", page - 1), ("next", page + 1)):
            if 1 <= number <= (report.count + SCREEN_ROWS - 1) // SCREEN_ROWS:
                query["pagina"] = str(number)
                pages[name] = query.urlencode()
        pages["first"], pages["last"] = report.offset + 1, report.offset + len(rows)
    return render(request, "inventory/kardex.html", {
        "report": report, "rows": rows, "pages": pages,
        "code": code, "date_from": date_from, "date_to": date_to,
        "warehouses": warehouse_list(company=request.company), "params": request.GET,
        "not_found": bool(code) and report is None, "reversible": reversible})


@company_required
@require_GET
def kardex_export(request, fmt):
    report, code, date_from, date_to = _kardex(request)
    if report is None:
        return HttpResponse("Elija un producto.", status=404)
    name = f"kardex-{code}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
    if fmt == "xlsx":
        return _download(exports.kardex_xlsx(report), f"{name}.xlsx", XLSX)
    if fmt == "pdf":
        return _download(exports.kardex_pdf(report, request.company), f"{name}.pdf", "application/pdf")
    if fmt == "13-1":
        period = f"{date_from:%m/%Y}" if (date_from.year, date_from.month) == (date_to.year, date_to.month) \
            else f"{date_from:%d/%m/%Y} - {date_to:%d/%m/%Y}"
        return _download(exports.format_13_1(report, request.company, period), f"formato-13-1-{name}.xlsx", XLSX)
    return HttpResponse(status=404)


@writer_required
@require_POST
def movement_reverse_view(request, pk):
    movement = get_object_or_404(StockMovement.objects.for_company(request.company), pk=pk)
    try:
        movement_reverse(company=request.company, movement=movement, user=request.user, on=timezone.localdate())
        messages.success(request, "Movimiento revertido: el kardex muestra la reversión.")
    except InventoryError as exc:
        messages.error(request, exc.message)
    product = Product.objects.get(pk=movement.product_id)
    return redirect(f"/inventario/kardex/?producto={product.code}&desde={movement.date:%Y-%m-01}")


# --- warehouses and minimums ---------------------------------------------------------------

@company_required
@require_http_methods(["GET", "POST"])
def warehouse_list_view(request):
    if request.method == "POST":
        if not can_write(request):
            return HttpResponse(status=403)
        name = " ".join(request.POST.get("name", "").split())[:100]
        if not name:
            messages.error(request, "Nombre: escriba el nombre del almacén.")
        elif Warehouse.objects.for_company(request.company).filter(name__iexact=name).exists():
            messages.error(request, f"Nombre: ya existe el almacén «{name}».")
        else:
            Warehouse.objects.create(company=request.company, name=name,
                                     address=request.POST.get("address", "").strip()[:200])
            messages.success(request, f"Almacén «{name}» creado.")
        return redirect("inventory:warehouse_list")
    return render(request, "inventory/warehouses.html", {
        "warehouses": warehouse_list(company=request.company, active_only=False), "can_write": can_write(request)})


@writer_required
@require_POST
def warehouse_default(request, pk):
    warehouse = get_object_or_404(Warehouse.objects.for_company(request.company), pk=pk, is_active=True)
    with transaction.atomic():
        Warehouse.objects.for_company(request.company).filter(is_default=True).update(is_default=False)
        Warehouse.objects.filter(pk=warehouse.pk).update(is_default=True)
    messages.success(request, f"«{warehouse.name}» es ahora el almacén predeterminado.")
    return redirect("inventory:warehouse_list")


@company_required
@require_http_methods(["GET", "POST"])
def minimum_list(request):
    if request.method == "POST":
        if not can_write(request):
            return HttpResponse(status=403)
        code = request.POST.get("codigo", "").strip()
        product = Product.objects.for_company(request.company).filter(code=code).first()
        try:
            if product is None:
                raise InventoryError("código", f"No existe un producto con el código «{code}».")
            raw = request.POST.get("minimo", "").strip()
            if raw in ("", "0"):
                StockMinimum.objects.filter(company=request.company, product=product).delete()
                messages.success(request, f"Sin stock mínimo para «{product.description}».")
            else:
                minimum = check_quantity(raw, "stock mínimo")
                StockMinimum.objects.update_or_create(company=request.company, product=product,
                                                      defaults={"minimum": minimum})
                messages.success(request, f"Stock mínimo de «{product.description}»: {minimum:f}.")
        except InventoryError as exc:
            messages.error(request, f"{exc.field.capitalize()}: {exc.message}")
        return redirect("inventory:minimum_list")
    minimums = StockMinimum.objects.for_company(request.company).select_related("product").order_by("product__description")
    return render(request, "inventory/minimums.html", {"minimums": minimums, "low": low_stock(company=request.company),
                                                       "can_write": can_write(request)})


@company_required
@require_GET
def low_stock_panel(request):
    """The dashboard's low-stock alerts (loaded by htmx; empty when nothing is short)."""
    return render(request, "inventory/partials/low_stock.html", {"low": low_stock(company=request.company, limit=10)})


# --- operations -------------------------------------------------------------------------------

def _rows(post, *, cost: bool) -> list[dict]:
    rows = []
    for index in range(ROWS):
        row = {"codigo": post.get(f"codigo_{index}", "").strip(), "cantidad": post.get(f"cantidad_{index}", "").strip(),
               "costo": post.get(f"costo_{index}", "").strip() if cost else ""}
        rows.append(row)
    return rows


def _items(company, rows, *, need_cost=False, allow_negative=False) -> list[Item]:
    filled = [(i, r) for i, r in enumerate(rows, start=1) if r["codigo"] or r["cantidad"]]
    products = {p.code: p for p in Product.objects.for_company(company).filter(code__in=[r["codigo"] for _, r in filled])}
    items = []
    for number, row in filled:
        where = f"línea {number}"
        product = products.get(row["codigo"])
        if product is None:
            raise InventoryError(f"{where}, código", f"No existe un producto con el código «{row['codigo']}».")
        try:
            quantity = check_quantity(row["cantidad"], allow_negative=allow_negative)
            unit_cost = check_cost(row["costo"]) if row["costo"] else None
        except InventoryError as exc:
            raise InventoryError(f"{where}, {exc.field}", exc.message) from None
        if need_cost and unit_cost is None:
            raise InventoryError(f"{where}, costo unitario", "Indique el costo unitario.")
        items.append(Item(product, quantity, unit_cost))
    if not items:
        raise InventoryError("líneas", "Agregue al menos un producto.")
    return items


OPERATIONS = {
    "inicial": ("Inventario inicial", True),
    "ajuste": ("Ajuste de inventario", True),
    "transferencia": ("Transferencia entre almacenes", False),
    "conteo": ("Conteo físico", False),
}


@writer_required
@require_http_methods(["GET", "POST"])
def operation(request, kind):
    if kind not in OPERATIONS:
        return HttpResponse(status=404)
    title, with_cost = OPERATIONS[kind]
    company = request.company
    warehouses = list(warehouse_list(company=company))
    post = request.POST if request.method == "POST" else {}
    rows = _rows(post, cost=with_cost)
    context = {"kind": kind, "title": title, "with_cost": with_cost, "rows": rows, "warehouses": warehouses,
               "reasons": AdjustmentReason.choices, "values": post, "today": timezone.localdate(),
               "default_id": default_warehouse(company=company).pk}
    if request.method == "GET":
        return render(request, "inventory/operation.html", context)
    on = _date(post.get("fecha"), timezone.localdate())
    warehouse = _warehouse(request, post.get("almacen"))
    try:
        if warehouse is None:
            raise InventoryError("almacén", "Elija un almacén.")
        if kind == "inicial" and request.FILES.get("archivo"):
            upload = request.FILES["archivo"]
            fd, path = tempfile.mkstemp(suffix=os.path.splitext(upload.name)[1][:8])
            try:
                with os.fdopen(fd, "wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                movements = opening_import(company=company, warehouse=warehouse, on=on, path=path, user=request.user)
            finally:
                os.unlink(path)
            messages.success(request, f"Inventario inicial cargado: {len(movements)} productos.")
            return redirect(f"/inventario/?almacen={warehouse.pk}")
        if kind == "inicial":
            items = _items(company, rows, need_cost=True)
            opening_record(company=company, warehouse=warehouse, on=on, items=items, user=request.user)
        elif kind == "ajuste":
            items = _items(company, rows, allow_negative=True)
            adjustment_record(company=company, warehouse=warehouse, on=on, reason=post.get("motivo", ""),
                              items=items, user=request.user, notes=post.get("nota", "")[:200])
        elif kind == "transferencia":
            target = _warehouse(request, post.get("destino"))
            if target is None:
                raise InventoryError("almacén de destino", "Elija el almacén de destino.")
            transfer_record(company=company, source=warehouse, target=target, on=on, items=_items(company, rows),
                            user=request.user, notes=post.get("nota", "")[:200])
        else:
            counted = {}
            filled = [(i, r) for i, r in enumerate(rows, start=1) if r["codigo"] or r["cantidad"]]
            products = {p.code: p for p in Product.objects.for_company(company).filter(code__in=[r["codigo"] for _, r in filled])}
            for number, row in filled:
                product = products.get(row["codigo"])
                if product is None:
                    raise InventoryError(f"línea {number}, código", f"No existe un producto con el código «{row['codigo']}».")
                try:
                    counted[product] = Decimal(row["cantidad"].replace(",", "") or "x")
                except InvalidOperation:
                    raise InventoryError(f"línea {number}, cantidad contada", "Escriba la cantidad contada.") from None
            if not counted:
                raise InventoryError("líneas", "Agregue al menos un producto contado.")
            proposal = count_propose(company=company, warehouse=warehouse, counted=counted)
            if post.get("confirmar") != "1":
                context.update(proposal=proposal, proposed=True, warehouse=warehouse)
                return render(request, "inventory/operation.html", context)
            count_apply(company=company, warehouse=warehouse, on=on, lines=proposal, user=request.user)
        messages.success(request, f"{title}: registrado.")
        return redirect(f"/inventario/?almacen={warehouse.pk}")
    except InventoryError as exc:
        context.update(error=f"{exc.field.capitalize()}: {exc.message}")
        return render(request, "inventory/operation.html", context, status=400)
