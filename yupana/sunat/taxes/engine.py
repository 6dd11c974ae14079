"""enrich -> compute lines -> summarise: a pure function from a stated document to its figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .. import words
from ..catalogs import Affectation, Currency, DocumentType, Legend, TaxScheme
from ..model import Invoice, Line, Note, ValidationError
from ..money import ZERO, round_amount
from . import rules
from .computed import Computed, ComputedLine, Totals, TaxSubtotal
from .rates import DEFAULT_RATES, Rates

#: A boleta above this total (in soles) must identify its customer (SUNAT rule 2514 / RS 340-2017).
BOLETA_ANONYMOUS_LIMIT = Decimal("700")
#: Detracción applies to operations above this total (S/ 700).
DETRACCION_MINIMUM = Decimal("700")


@dataclass(frozen=True, slots=True)
class _Context:
    """Phase 1 (enrich): the defaults a document's figures depend on."""

    igv_percent: Decimal
    icbper_per_bag: Decimal


def enrich(doc: Invoice | Note, rates: Rates) -> _Context:
    day: date = doc.issue_date
    igv_percent = rates.igv_percent(day, reduced=doc.issuer.reduced_igv)
    has_bags = any(line.bags for line in doc.lines)
    return _Context(igv_percent=igv_percent, icbper_per_bag=rates.icbper_per_bag(day) if has_bags else ZERO)


def compute_line(line: Line, position: int, ctx: _Context) -> ComputedLine:
    """Phase 2: a line's value, bases and taxes."""
    unit = rules.unit_value(line, ctx.igv_percent)
    if rules.keeps_stated_price(line):
        # Priced with IGV: the line total is what the price list says; value and IGV split it.
        total = rules.price_total(line)
        gross = value = rules.value_in_price(total, ctx.igv_percent)
        isc, base, igv = ZERO, value, total - value
    else:
        gross = rules.gross_value(line, unit)
        if line.discount > gross:
            raise ValidationError(f"lines[{position - 1}].discount", "el descuento no puede superar el valor de la línea")
        value = rules.line_value(gross, line.discount)
        isc = rules.isc_amount(line, value)
        base = rules.igv_base(value, isc)
        igv = rules.igv_amount(line.affectation, base, ctx.igv_percent)
    icbper = rules.icbper_amount(line.bags, ctx.icbper_per_bag)
    subtotals: list[TaxSubtotal] = []
    if isc:
        subtotals.append(TaxSubtotal(TaxScheme.ISC, value, isc, line.isc.rate, isc_system=line.isc.system))
    percent = ctx.igv_percent if line.affectation.taxed else ZERO
    subtotals.append(TaxSubtotal(line.affectation.scheme, base, igv, percent, affectation=line.affectation))
    if line.bags:
        subtotals.append(TaxSubtotal(TaxScheme.ICBPER, ZERO, icbper, bags=line.bags, per_unit=ctx.icbper_per_bag))
    return ComputedLine(
        line=line,
        position=position,
        unit_value=unit if line.affectation.onerous else ZERO,
        reference_price=rules.reference_price(line, unit, value + igv + isc + icbper),
        reference_code="01" if line.affectation.onerous else "02",
        gross=gross,
        discount=line.discount,
        discount_factor=rules.discount_factor(line.discount, gross),
        value=value,
        igv_base=base,
        igv=igv,
        isc=isc,
        icbper=icbper,
        subtotals=tuple(subtotals),
    )


def _sum(values) -> Decimal:
    return sum(values, ZERO)


def summarise(doc: Invoice | Note, lines: tuple[ComputedLine, ...], ctx: _Context) -> Totals:
    """Phase 3: header sums. Free lines count only under 9996; their IGV is not charged."""
    onerous: list[ComputedLine] = []
    free: list[ComputedLine] = []
    groups: dict[TaxScheme, list[ComputedLine]] = {}
    for cl in lines:
        affectation = cl.line.affectation
        if affectation.onerous:
            onerous.append(cl)
            groups.setdefault(affectation.group, []).append(cl)
        else:
            free.append(cl)

    def group(scheme: TaxScheme) -> list[ComputedLine]:
        return groups.get(scheme, [])

    taxed = group(TaxScheme.IGV)
    global_discount = getattr(doc, "global_discount", ZERO)
    # SUNAT compares the header IGV base with the lines' values (rule 4299), ISC excluded.
    gravadas_gross = _sum(cl.value for cl in taxed)
    if global_discount and not taxed:
        raise ValidationError("global_discount", "el descuento global (código 02) requiere líneas gravadas")
    if global_discount > gravadas_gross:
        raise ValidationError("global_discount", "el descuento global no puede superar el total gravado")
    gravadas = gravadas_gross - global_discount
    igv = _sum(cl.igv for cl in taxed) - rules.igv_amount(Affectation.GRAVADO, global_discount, ctx.igv_percent)
    exoneradas = _sum(cl.value for cl in group(TaxScheme.EXONERADO))
    inafectas = _sum(cl.value for cl in group(TaxScheme.INAFECTO))
    exportacion = _sum(cl.value for cl in group(TaxScheme.EXPORTACION))
    gratuitas = _sum(cl.value for cl in free)
    igv_gratuitas = _sum(cl.igv for cl in free)
    isc = _sum(cl.isc for cl in lines)
    icbper = _sum(cl.icbper for cl in lines)
    # Total valor de venta: onerous lines less the global discount (rule 4309).
    line_extension = _sum(cl.value for cl in onerous) - global_discount
    tax_total = igv + isc + icbper
    tax_inclusive = line_extension + tax_total

    subtotals: list[TaxSubtotal] = []
    if isc:
        subtotals.append(TaxSubtotal(TaxScheme.ISC, _sum(cl.value for cl in lines if cl.isc), isc))
    if taxed or not (exoneradas or inafectas or exportacion or gratuitas):
        subtotals.append(TaxSubtotal(TaxScheme.IGV, gravadas, igv, ctx.igv_percent))
    if group(TaxScheme.EXPORTACION):
        subtotals.append(TaxSubtotal(TaxScheme.EXPORTACION, exportacion, ZERO))
    if group(TaxScheme.EXONERADO):
        subtotals.append(TaxSubtotal(TaxScheme.EXONERADO, exoneradas, ZERO))
    if group(TaxScheme.INAFECTO):
        subtotals.append(TaxSubtotal(TaxScheme.INAFECTO, inafectas, ZERO))
    if free:
        subtotals.append(TaxSubtotal(TaxScheme.GRATUITO, gratuitas, igv_gratuitas))
    if icbper:
        subtotals.append(TaxSubtotal(TaxScheme.ICBPER, ZERO, icbper))
    return Totals(
        gravadas=gravadas,
        exoneradas=exoneradas,
        inafectas=inafectas,
        exportacion=exportacion,
        gratuitas=gratuitas,
        igv=igv,
        igv_gratuitas=igv_gratuitas,
        isc=isc,
        icbper=icbper,
        global_discount=global_discount,
        global_discount_base=gravadas_gross,
        global_discount_factor=rules.discount_factor(global_discount, gravadas_gross),
        line_extension=line_extension,
        tax_total=tax_total,
        tax_inclusive=tax_inclusive,
        payable=tax_inclusive,
        subtotals=tuple(subtotals),
    )


def legends(doc: Invoice | Note, totals: Totals) -> tuple[tuple[Legend, str], ...]:
    """Catalog 52 legends: 1000 amount in words, 1002 free transfer, 2006 detracción."""
    found = [(Legend.AMOUNT_IN_WORDS, words.amount_in_words(totals.payable, doc.currency))]
    if totals.gratuitas:
        found.append((Legend.FREE_TRANSFER, Legend.FREE_TRANSFER.default_text))
    if getattr(doc, "detraccion", None) is not None:
        found.append((Legend.DETRACCION, Legend.DETRACCION.default_text))
    return tuple(found)


def _check_anonymous(doc: Invoice | Note, totals: Totals) -> None:
    """A boleta (or boleta note) over S/ 700 names its customer (RC rule 2514)."""
    if doc.customer.is_anonymous and (doc.currency is not Currency.PEN or totals.payable > BOLETA_ANONYMOUS_LIMIT):
        raise ValidationError(
            "customer",
            "una boleta (o su nota) mayor a S/ 700, o en moneda extranjera, debe identificar al cliente (DNI u otro documento)",
        )


def _check_invoice(doc: Invoice, totals: Totals) -> tuple[Decimal, Decimal]:
    """Rules that need the totals; returns (detracción amount, amount on credit)."""
    if doc.doc_type is DocumentType.BOLETA:
        _check_anonymous(doc, totals)
    detraccion_amount = ZERO
    if doc.detraccion is not None:
        if doc.currency is not Currency.PEN:
            raise ValidationError("currency", "la detracción se admite en comprobantes en soles (PEN)")
        if totals.payable <= DETRACCION_MINIMUM:
            raise ValidationError("detraccion", "la detracción aplica a operaciones mayores a S/ 700")
        detraccion_amount = round_amount(totals.payable * doc.detraccion.rate / rules.HUNDRED)
    pending = totals.payable - detraccion_amount
    if doc.installments:
        total = _sum(item.amount for item in doc.installments)
        if total != pending:
            raise ValidationError(
                "installments",
                f"la suma de las cuotas ({total}) debe ser igual al monto neto pendiente de pago ({pending})",
            )
        if doc.due_date is not None and doc.due_date < max(item.due_date for item in doc.installments):
            raise ValidationError("due_date", "el vencimiento no puede ser anterior a la última cuota")
    return detraccion_amount, pending if doc.installments else ZERO


def compute(doc: Invoice | Note, rates: Rates = DEFAULT_RATES) -> Computed:
    """Every amount of ``doc``, from its quantities and prices (a new object; ``doc`` untouched)."""
    if not isinstance(doc, (Invoice, Note)):
        raise TypeError(f"compute() espera Invoice o Note, no {type(doc).__name__}")
    ctx = enrich(doc, rates)
    lines = tuple(compute_line(line, position, ctx) for position, line in enumerate(doc.lines, start=1))
    totals = summarise(doc, lines, ctx)
    if isinstance(doc, Invoice):
        detraccion_amount, pending = _check_invoice(doc, totals)
    else:
        if doc.reference_type is DocumentType.BOLETA:
            _check_anonymous(doc, totals)
        if doc.doc_type is DocumentType.DEBIT_NOTE and totals.payable <= 0:
            raise ValidationError("lines", "una nota de débito debe aumentar el importe: su total debe ser mayor que cero (regla 2062)")
        detraccion_amount, pending = ZERO, ZERO
    return Computed(
        doc=doc,
        igv_percent=ctx.igv_percent,
        lines=lines,
        totals=totals,
        legends=legends(doc, totals),
        detraccion_amount=detraccion_amount,
        pending=pending,
    )
