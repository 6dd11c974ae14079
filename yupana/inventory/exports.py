"""Kardex and stock exports: Excel and PDF (master data's writers), and SUNAT's format 13.1 layout.

Format 13.1 ("registro del inventario permanente valorizado - detalle del inventario valorizado") is
written as a spreadsheet with SUNAT's headings: document date/type/series/number, operation type
(table 12), entries, exits and final balance with quantity, unit cost and total cost.
"""

from __future__ import annotations

import io
from decimal import Decimal

from yupana.masterdata.exporting import Column, export_pdf, export_xlsx

from .kardex import Kardex, KardexRow
from .models import AdjustmentReason, MovementKind

ZERO = Decimal("0")

# SUNAT's tables, anexo 3 of R.S. 286-2009/SUNAT and its modifications (the PLE tables), checked against
# MuchikNet/PLE anexos/3_tabla_{5,6,10,12}.csv and libros/130100.csv, and against the PLE 13.1 generators of
# Odoo's Peru stock reports (l10n_pe.stock.ple.wizard) and Ganemo's ple_permanent_inventory_in_physical_units.

# Table 12, tipo de operación: 01 venta, 02 compra, 05 devolución recibida, 06 devolución entregada,
# 11 salida / 21 entrada por transferencia entre almacenes, 16 saldo inicial.
OPERATION = {
    MovementKind.SALE: "01", MovementKind.PURCHASE: "02",
    # 05, not 24 (entrada por devolución del cliente): the return comes with our credit note (table 10 "07"),
    # and the PLE pairs 01-06 with a comprobante de pago, as 05/06 mirror the 01/02 they undo.
    MovementKind.SALE_RETURN: "05",
    # Table 12 has no code for a voided sale; 05 keeps the reversal beside the voided comprobante (a judgement).
    MovementKind.SALE_VOID: "05",
    # 06, not 25 (salida por devolución al proveedor): backed by the supplier's credit note, like 05 above.
    MovementKind.PURCHASE_RETURN: "06",
    MovementKind.TRANSFER_OUT: "11", MovementKind.TRANSFER_IN: "21", MovementKind.OPENING: "16",
}
# Table 12 for adjustments: 13 mermas, 14 desmedros, 28 ajuste por diferencia de inventario, 12 retiro (the
# table's nearest to consumo interno); theft is neither merma nor desmedro, so it and "otro" are 99 otros.
ADJUSTMENT_OPERATION = {AdjustmentReason.SHRINKAGE: "13", AdjustmentReason.DAMAGE: "14",
                        AdjustmentReason.COUNT: "28", AdjustmentReason.OWN_USE: "12",
                        AdjustmentReason.THEFT: "99", AdjustmentReason.OTHER: "99"}
OTHER_OPERATION = "99"
# Table 10, tipo de comprobante: the documents carry theirs (01 factura, 03 boleta, 07/08 notas); 00 otros
# for internal documents (opening, transfers, adjustments).
NO_DOCUMENT = "00"
# Table 5, tipo de existencia: 01 mercaderías (what a shop buys to sell).
EXISTENCE_TYPE = "01 - MERCADERÍAS"
# Table 6, código de la unidad de medida: today's table is UN/ECE Recommendation 20 itself (the PLE 13.1
# field is "hasta 3, alfanumérico"), the codes products already carry from catalog 03 (NIU, KGM, LTR...).
# The old numeric list (01 kilogramos ... 07 unidades ... 99 otros) is no longer the table.


def unit_code(product) -> str:
    return (product.unit_code or "").strip().upper() or "NIU"


def operation_code(row: KardexRow) -> str:
    if row.kind == MovementKind.ADJUSTMENT:
        return ADJUSTMENT_OPERATION.get(row.reason, OTHER_OPERATION)
    return OPERATION.get(row.kind, OTHER_OPERATION)


def _split(row: KardexRow):
    """(entry qty, cost, value, exit qty, cost, value) as SUNAT's columns want them, exits positive."""
    if row.quantity > 0:
        return row.quantity, row.unit_cost, row.value, None, None, None
    return None, None, None, -row.quantity, row.unit_cost, -row.value


def _columns() -> list[Column]:
    return [
        Column("Fecha", lambda r: r.date.strftime("%d/%m/%Y"), 11),
        Column("Tipo", lambda r: r.kind_label, 22),
        Column("Documento", lambda r: r.document, 18),
        Column("Entrada cant.", lambda r: _split(r)[0], 12),
        Column("Entrada c. unit.", lambda r: _split(r)[1], 12, money=True),
        Column("Entrada total", lambda r: _split(r)[2], 13, money=True),
        Column("Salida cant.", lambda r: _split(r)[3], 12),
        Column("Salida c. unit.", lambda r: _split(r)[4], 12, money=True),
        Column("Salida total", lambda r: _split(r)[5], 13, money=True),
        Column("Saldo cant.", lambda r: r.balance_quantity, 12),
        Column("Saldo c. unit.", lambda r: r.balance_cost, 12, money=True),
        Column("Saldo total", lambda r: r.balance_value, 13, money=True),
    ]


def _subtitle(k: Kardex) -> str:
    where = k.warehouse.name if k.warehouse else "todos los almacenes"
    return (f"{k.product.code} - {k.product.description} · {where} · del {k.date_from:%d/%m/%Y} al "
            f"{k.date_to:%d/%m/%Y} · saldo inicial {k.opening_quantity:f} u., S/ {k.opening_value:,.2f} · "
            f"promedio ponderado")


def kardex_xlsx(k: Kardex) -> bytes:
    return export_xlsx(title="Kardex", columns=_columns(), rows=k.rows, subtitle=_subtitle(k))


def kardex_pdf(k: Kardex, company) -> bytes:
    return export_pdf(title="Kardex valorizado", columns=_columns(), rows=k.rows, company=company,
                      subtitle=_subtitle(k), total=len(k.rows))


def _document_parts(company, rows: list[KardexRow]) -> dict[int, tuple[str, str, str]]:
    """(tipo de comprobante (table 10), serie, número) per movement, from the documents behind them."""
    from .models import StockMovement

    links = {pk: (model, source_id) for pk, model, source_id in StockMovement.objects.filter(
        pk__in=[r.id for r in rows]).values_list("pk", "source_model", "source_id")} if rows else {}
    sources = {pk: model for pk, (model, _) in links.items()}
    ids = {pk: source_id for pk, (_, source_id) in links.items()}
    sales = {i for pk, i in ids.items() if sources.get(pk) == "sales.saledocument"}
    purchases = {i for pk, i in ids.items() if sources.get(pk) == "purchases.purchasedocument"}
    docs = {}
    if sales:
        from yupana.sales.models import SaleDocument

        docs.update({("sales.saledocument", pk): (t, s, str(n)) for pk, t, s, n in SaleDocument.objects.filter(
            company=company, pk__in=sales).values_list("pk", "doc_type", "series_code", "number")})
    if purchases:
        from yupana.purchases.models import PurchaseDocument

        docs.update({("purchases.purchasedocument", pk): (t, s, str(n)) for pk, t, s, n in
                     PurchaseDocument.objects.filter(company=company, pk__in=purchases)
                     .values_list("pk", "doc_type", "series", "number")})
    return {pk: docs.get((sources.get(pk), ids.get(pk)), (NO_DOCUMENT, "", str(pk))) for pk in ids}


def format_13_1(k: Kardex, company, period: str) -> bytes:
    """SUNAT format 13.1 for one product and period, as an .xlsx with SUNAT's headings and totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    parts = _document_parts(company, k.rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "Formato 13.1"
    bold = Font(bold=True)
    head = [
        ("FORMATO 13.1: REGISTRO DE INVENTARIO PERMANENTE VALORIZADO - DETALLE DEL INVENTARIO VALORIZADO", ""),
        ("PERÍODO:", period), ("RUC:", company.ruc),
        ("APELLIDOS Y NOMBRES, DENOMINACIÓN O RAZÓN SOCIAL:", company.business_name),
        ("ESTABLECIMIENTO (1):", k.warehouse.name if k.warehouse else "Todos los almacenes"),
        ("CÓDIGO DE LA EXISTENCIA:", k.product.code), ("TIPO (TABLA 5):", EXISTENCE_TYPE),
        ("DESCRIPCIÓN:", k.product.description),
        ("CÓDIGO DE LA UNIDAD DE MEDIDA (TABLA 6):", unit_code(k.product)),
        ("MÉTODO DE VALUACIÓN:", "PROMEDIO PONDERADO"),
    ]
    for label, value in head:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append(["DOCUMENTO DE TRASLADO, COMPROBANTE DE PAGO, DOCUMENTO INTERNO O SIMILAR", "", "", "",
                  "TIPO DE OPERACIÓN (TABLA 12)", "ENTRADAS", "", "", "SALIDAS", "", "", "SALDO FINAL", "", ""])
    sheet.append(["FECHA", "TIPO (TABLA 10)", "SERIE", "NÚMERO", "", "CANTIDAD", "COSTO UNITARIO",
                  "COSTO TOTAL", "CANTIDAD", "COSTO UNITARIO", "COSTO TOTAL", "CANTIDAD", "COSTO UNITARIO",
                  "COSTO TOTAL"])
    for r in (sheet.max_row - 1, sheet.max_row):
        for cell in sheet[r]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True)
    opening_cost = (k.opening_value / k.opening_quantity).quantize(Decimal("0.0001")) if k.opening_quantity > 0 else ZERO
    sheet.append([k.date_from.strftime("%d/%m/%Y"), NO_DOCUMENT, "", "SALDO INICIAL", OPERATION[MovementKind.OPENING],
                  None, None, None, None, None, None, k.opening_quantity, opening_cost, k.opening_value])
    for row in k.rows:
        tipo, serie, numero = parts.get(row.id, (NO_DOCUMENT, "", str(row.id)))
        eq, ec, ev, sq, sc, sv = _split(row)
        sheet.append([row.date.strftime("%d/%m/%Y"), tipo, serie, numero, operation_code(row), eq, ec, ev, sq, sc, sv,
                      row.balance_quantity, row.balance_cost, row.balance_value])
    sheet.append(["", "", "", "TOTALES", "", k.in_quantity, None, k.in_value, k.out_quantity, None, k.out_value,
                  k.closing_quantity, k.closing_cost, k.closing_value])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for column, width in zip("ABCDEFGHIJKLMN", (11, 9, 8, 14, 11, 11, 11, 12, 11, 11, 12, 11, 11, 12)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _stock_columns() -> list[Column]:
    return [
        Column("Código", lambda r: r.code, 14), Column("Producto", lambda r: r.description, 40),
        Column("Almacén", lambda r: r.warehouse, 20), Column("Unidad", lambda r: r.unit_code, 8),
        Column("Cantidad", lambda r: r.quantity, 12), Column("Costo promedio", lambda r: r.average_cost, 14, money=True),
        Column("Valor", lambda r: r.value, 14, money=True),
        Column("Alerta", lambda r: "STOCK NEGATIVO" if r.negative else "", 16),
    ]


def stock_xlsx(report) -> bytes:
    return export_xlsx(title="Stock valorizado", columns=_stock_columns(), rows=report.rows,
                       subtitle=f"Valor total S/ {report.total_value:,.2f}")


def stock_pdf(report, company) -> bytes:
    return export_pdf(title="Stock valorizado", columns=_stock_columns(), rows=report.rows, company=company,
                      subtitle=f"Valor total S/ {report.total_value:,.2f}", total=len(report.rows))
