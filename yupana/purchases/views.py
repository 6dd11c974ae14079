"""Purchase screens: list, register by hand, import the supplier's XML, detail, payables and payments."""

from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from yupana.accounts.models import Role
from yupana.companies.permissions import can_write, company_required, role_required
from yupana.inventory.models import StockMovement
from yupana.inventory.selectors import default_warehouse, warehouse_list
from yupana.masterdata.models import Product, Supplier

from .models import Affectation, PaymentTerms, PurchaseDocument, PurchaseType
from .selectors import payables_by_supplier, purchase_get, purchase_list
from .services import LineInput, PurchaseInput, PurchaseRefused, document_balance, payment_record, purchase_register
from .ubl import Choice, purchase_from_import, read_supplier_xml

ROWS = 8
SESSION_KEY = "purchases_import_xml"
writer_required = role_required(Role.ADMIN, Role.SELLER)


def _date(value, default=None):
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _decimal(value: str, default: str = "") -> Decimal | str:
    text = (value or default).strip().replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # the service names the field and says why


@company_required
@require_GET
def purchase_list_view(request):
    documents = purchase_list(company=request.company, q=request.GET.get("q", "").strip())[:200]
    return render(request, "purchases/list.html", {"documents": documents, "q": request.GET.get("q", ""),
                                                   "can_write": can_write(request)})


def _form_context(request, values):
    rows = [{"codigo": values.get(f"codigo_{i}", ""), "cantidad": values.get(f"cantidad_{i}", ""),
             "valor": values.get(f"valor_{i}", ""), "afectacion": values.get(f"afectacion_{i}", "10")}
            for i in range(ROWS)]
    return {"values": values, "rows": rows, "types": PurchaseType.choices, "terms": PaymentTerms.choices,
            "affectations": Affectation.choices, "warehouses": warehouse_list(company=request.company),
            "default_id": default_warehouse(company=request.company).pk, "today": timezone.localdate()}


def _input_from_post(company, post) -> PurchaseInput:
    ruc = post.get("ruc", "").strip()
    supplier = Supplier.objects.for_company(company).filter(ruc=ruc).first()
    if supplier is None:
        raise PurchaseRefused("proveedor", f"No hay un proveedor con RUC «{ruc}»: regístrelo en Proveedores.")
    issue_date = _date(post.get("emision"))
    if issue_date is None:
        raise PurchaseRefused("fecha de emisión", "Indique la fecha de emisión.")
    lines = []
    codes = [post.get(f"codigo_{i}", "").strip() for i in range(ROWS)]
    products = {p.code: p for p in Product.objects.for_company(company).filter(code__in=[c for c in codes if c])}
    for i, code in enumerate(codes):
        quantity, value = post.get(f"cantidad_{i}", "").strip(), post.get(f"valor_{i}", "").strip()
        if not (code or quantity or value):
            continue
        product = products.get(code)
        if product is None:
            raise PurchaseRefused(f"línea {i + 1}, producto", f"No existe un producto con el código «{code}».")
        lines.append(LineInput(product_id=product.pk, quantity=_decimal(quantity), unit_cost=_decimal(value),
                               affectation=post.get(f"afectacion_{i}", "10")))
    reference_id = None
    if post.get("tipo") == PurchaseType.CREDIT_NOTE:
        series, _, number = post.get("referencia", "").strip().upper().partition("-")
        found = PurchaseDocument.objects.for_company(company).filter(
            supplier=supplier, series=series, number=int(number) if number.isdigit() else 0).first()
        reference_id = found.pk if found else None
    return PurchaseInput(
        supplier_id=supplier.pk, doc_type=post.get("tipo", ""), series=post.get("serie", ""),
        number=post.get("numero", "").strip(), issue_date=issue_date, due_date=_date(post.get("vencimiento")),
        currency=post.get("moneda", "PEN"), exchange_rate=_decimal(post.get("tipo_cambio", ""), "1"),
        payment_terms=post.get("forma_pago", PaymentTerms.CASH), warehouse_id=post.get("almacen") or None,
        reference_id=reference_id, stated_total=_decimal(post.get("total", "")), lines=lines,
        notes=post.get("observaciones", ""))


@writer_required
@require_http_methods(["GET", "POST"])
def purchase_create(request):
    if request.method == "GET":
        return render(request, "purchases/form.html", _form_context(request, {}))
    try:
        document = purchase_register(company=request.company, user=request.user,
                                     data=_input_from_post(request.company, request.POST))
    except PurchaseRefused as exc:
        context = _form_context(request, request.POST)
        context["error"] = f"{exc.field.capitalize()}: {exc.message}"
        return render(request, "purchases/form.html", context, status=400)
    messages.success(request, f"{document} registrada: el stock ya la incluye.")
    return redirect("purchases:purchase_detail", pk=document.pk)


@company_required
@require_GET
def purchase_detail(request, pk):
    try:
        document = purchase_get(company=request.company, pk=pk)
    except PurchaseDocument.DoesNotExist:
        raise Http404 from None
    movements = StockMovement.objects.for_company(request.company).filter(
        source_model="purchases.purchasedocument", source_id=document.pk).select_related("product", "warehouse")
    return render(request, "purchases/detail.html", {
        "document": document, "movements": movements, "balance": document_balance(document),
        "can_write": can_write(request), "today": timezone.localdate()})


@company_required
@require_GET
def purchase_xml(request, pk):
    document = PurchaseDocument.objects.for_company(request.company).filter(pk=pk).exclude(xml=None).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.xml), content_type="application/xml")
    response["Content-Disposition"] = (f'attachment; filename="{document.supplier.ruc}-{document.doc_type}-'
                                       f'{document.series}-{document.number}.xml"')
    return response


@writer_required
@require_http_methods(["POST"])
def payment_create(request, pk):
    document = PurchaseDocument.objects.for_company(request.company).filter(pk=pk).first()
    if document is None:
        raise Http404
    try:
        payment_record(company=request.company, user=request.user, document_id=document.pk,
                       on=_date(request.POST.get("fecha"), timezone.localdate()),
                       amount=_decimal(request.POST.get("monto", "")), method=request.POST.get("medio", ""),
                       reference=request.POST.get("referencia", ""))
        messages.success(request, "Pago registrado.")
    except PurchaseRefused as exc:
        messages.error(request, f"{exc.field.capitalize()}: {exc.message}")
    return redirect("purchases:purchase_detail", pk=document.pk)


@company_required
@require_GET
def payable_list(request):
    today = timezone.localdate()
    groups = payables_by_supplier(company=request.company, today=today)
    return render(request, "purchases/payables.html", {"groups": groups, "today": today})


# --- XML import --------------------------------------------------------------------------------

@writer_required
@require_http_methods(["GET", "POST"])
def xml_import(request):
    if request.method == "GET":
        return render(request, "purchases/import.html", {})
    upload = request.FILES.get("archivo")
    if upload is None:
        return render(request, "purchases/import.html", {"error": "Archivo XML: elija el XML o ZIP del proveedor."},
                      status=400)
    data = upload.read()
    try:
        read_supplier_xml(company=request.company, data=data)
    except PurchaseRefused as exc:
        return render(request, "purchases/import.html", {"error": f"{exc.field.capitalize()}: {exc.message}"}, status=400)
    request.session[SESSION_KEY] = base64.b64encode(data).decode()
    return redirect("purchases:xml_review")


@writer_required
@require_http_methods(["GET", "POST"])
def xml_review(request):
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return redirect("purchases:xml_import")
    try:
        imported = read_supplier_xml(company=request.company, data=base64.b64decode(stored))
    except PurchaseRefused as exc:
        request.session.pop(SESSION_KEY, None)
        return render(request, "purchases/import.html", {"error": f"{exc.field.capitalize()}: {exc.message}"}, status=400)
    context = {"imported": imported, "warehouses": warehouse_list(company=request.company),
               "default_id": default_warehouse(company=request.company).pk, "values": request.POST}
    if request.method == "GET":
        return render(request, "purchases/review.html", context)
    choices = {}
    for line in imported.unknown:
        mapped = request.POST.get(f"mapear_{line.position}", "").strip()
        created = request.POST.get(f"crear_{line.position}", "").strip()
        if mapped:
            product = Product.objects.for_company(request.company).filter(code=mapped).first()
            if product is None:
                context["error"] = f"Línea {line.position}, producto: no existe un producto con el código «{mapped}»."
                return render(request, "purchases/review.html", context, status=400)
            choices[line.position] = Choice(product_id=product.pk)
        elif created:
            choices[line.position] = Choice(create_code=created)
    try:
        document = purchase_from_import(
            company=request.company, user=request.user, imported=imported, choices=choices,
            warehouse_id=request.POST.get("almacen") or None,
            exchange_rate=_decimal(request.POST.get("tipo_cambio", ""), "1"))
    except PurchaseRefused as exc:
        context["error"] = f"{exc.field.capitalize()}: {exc.message}"
        return render(request, "purchases/review.html", context, status=400)
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"{document} importada y registrada.")
    return redirect("purchases:purchase_detail", pk=document.pk)
