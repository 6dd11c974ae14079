"""UBL fragments shared by every document type: parties, taxes, totals, lines.

Builders are thin: they print figures the tax engine computed, with no arithmetic.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from ..catalogs import TaxScheme
from ..signing import DEFAULT_SIGNATURE_ID
from ..model import Address, Customer, Issuer
from ..taxes import ComputedLine, TaxSubtotal, Totals
from .xml import amount, attrs, el, plain, price, text

CAT_URI = "urn:pe:gob:sunat:cpe:see:gem:catalogos:catalogo"
SUNAT = "PE:SUNAT"

_IDENTITY_ATTRS = {
    code: attrs(
        schemeID=code,
        schemeName="Documento de Identidad",
        schemeAgencyName=SUNAT,
        schemeURI=CAT_URI + "06",
    )
    for code in ("0", "1", "4", "6", "7", "A", "B", "C", "D", "E", "F", "G")
}
_COUNTRY_ATTRS = attrs(
    listID="ISO 3166-1", listAgencyName="United Nations Economic Commission for Europe", listName="Country"
)
_AFFECTATION_ATTRS = attrs(listAgencyName=SUNAT, listName="Afectacion del IGV", listURI=CAT_URI + "07")
_PRICE_TYPE_ATTRS = attrs(listName="Tipo de Precio", listAgencyName=SUNAT, listURI=CAT_URI + "16")
_UNIT_ATTRS = ' unitCodeListAgencyName="United Nations Economic Commission for Europe" unitCodeListID="UN/ECE rec 20"'
_ALLOWANCE_ATTRS = attrs(listAgencyName=SUNAT, listName="Cargo/descuento", listURI=CAT_URI + "53")
_SCHEME_ATTRS = attrs(schemeName="Codigo de tributos", schemeAgencyName=SUNAT, schemeURI=CAT_URI + "05")
_CURRENCY_ATTRS = attrs(
    listID="ISO 4217 Alpha", listName="Currency", listAgencyName="United Nations Economic Commission for Europe"
)


def _tax_scheme(scheme: TaxScheme) -> str:
    return (
        f"<cac:TaxScheme><cbc:ID{_SCHEME_ATTRS}>{scheme.value}</cbc:ID>"
        f"<cbc:Name>{scheme.scheme_name}</cbc:Name><cbc:TaxTypeCode>{scheme.tax_type_code}</cbc:TaxTypeCode></cac:TaxScheme>"
    )


_TAX_SCHEMES = {scheme: _tax_scheme(scheme) for scheme in TaxScheme}


def currency_code(currency: str) -> str:
    return f"<cbc:DocumentCurrencyCode{_CURRENCY_ATTRS}>{currency}</cbc:DocumentCurrencyCode>"


@lru_cache(maxsize=512)  # parties repeat across documents: render them once
def signature(issuer: Issuer, signature_id: str = DEFAULT_SIGNATURE_ID) -> str:
    """``cac:Signature``: who signs and where the signer's ds:Signature is (``#SignYUPANA``)."""
    return (
        f"<cac:Signature><cbc:ID>{signature_id}</cbc:ID><cac:SignatoryParty><cac:PartyIdentification>"
        f"<cbc:ID>{issuer.ruc}</cbc:ID></cac:PartyIdentification><cac:PartyName>{el('cbc:Name', issuer.legal_name)}"
        "</cac:PartyName></cac:SignatoryParty><cac:DigitalSignatureAttachment><cac:ExternalReference>"
        f"<cbc:URI>#{signature_id}</cbc:URI></cac:ExternalReference></cac:DigitalSignatureAttachment></cac:Signature>"
    )


def _address(address: Address, establishment_code: str | None) -> str:
    out = ["<cac:RegistrationAddress>"]
    if address.ubigeo:
        out.append(f'<cbc:ID schemeAgencyName="PE:INEI" schemeName="Ubigeos">{address.ubigeo}</cbc:ID>')
    if establishment_code is not None:
        out.append(
            f'<cbc:AddressTypeCode listAgencyName="PE:SUNAT" listName="Establecimientos anexos">{establishment_code}</cbc:AddressTypeCode>'
        )
    if address.urbanization:
        out.append(el("cbc:CitySubdivisionName", address.urbanization))
    if address.province:
        out.append(el("cbc:CityName", address.province))
    if address.department:
        out.append(el("cbc:CountrySubentity", address.department))
    if address.district:
        out.append(el("cbc:District", address.district))
    out.append(f"<cac:AddressLine>{el('cbc:Line', address.line)}</cac:AddressLine>")
    out.append(f"<cac:Country><cbc:IdentificationCode{_COUNTRY_ATTRS}>{address.country}</cbc:IdentificationCode></cac:Country>")
    out.append("</cac:RegistrationAddress>")
    return "".join(out)


@lru_cache(maxsize=512)  # parties repeat across documents: render them once
def supplier(issuer: Issuer) -> str:
    """``cac:AccountingSupplierParty`` of an Invoice or note (UBL 2.1)."""
    trade = f"<cac:PartyName>{el('cbc:Name', issuer.trade_name)}</cac:PartyName>" if issuer.trade_name else ""
    return (
        f"<cac:AccountingSupplierParty><cac:Party><cac:PartyIdentification><cbc:ID{_IDENTITY_ATTRS['6']}>{issuer.ruc}"
        f"</cbc:ID></cac:PartyIdentification>{trade}<cac:PartyLegalEntity>{el('cbc:RegistrationName', issuer.legal_name)}"
        f"{_address(issuer.address, issuer.establishment_code)}</cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>"
    )


@lru_cache(maxsize=512)  # parties repeat across documents: render them once
def customer(buyer: Customer) -> str:
    """``cac:AccountingCustomerParty`` of an Invoice or note (UBL 2.1)."""
    address = _address(buyer.address, None) if buyer.address is not None else ""
    return (
        f"<cac:AccountingCustomerParty><cac:Party><cac:PartyIdentification><cbc:ID{_IDENTITY_ATTRS[buyer.doc_type.value]}>"
        f"{text(buyer.number)}</cbc:ID></cac:PartyIdentification><cac:PartyLegalEntity>{el('cbc:RegistrationName', buyer.name)}"
        f"{address}</cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>"
    )


def allowance(code: str, factor: Decimal, amount_value: Decimal, base: Decimal, currency: str) -> str:
    """A discount (catalog 53) with its factor, amount and base, as the engine computed them."""
    return (
        f"<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator>"
        f"<cbc:AllowanceChargeReasonCode{_ALLOWANCE_ATTRS}>{code}</cbc:AllowanceChargeReasonCode>"
        f"<cbc:MultiplierFactorNumeric>{plain(factor)}</cbc:MultiplierFactorNumeric>"
        f"{amount('Amount', amount_value, currency)}{amount('BaseAmount', base, currency)}</cac:AllowanceCharge>"
    )


def _subtotal(sub: TaxSubtotal, currency: str, *, line: bool) -> str:
    scheme = sub.scheme
    if scheme is TaxScheme.ICBPER:
        head = amount("TaxAmount", sub.amount, currency)
        if line:
            head += f'<cbc:BaseUnitMeasure unitCode="NIU">{sub.bags}</cbc:BaseUnitMeasure>'
            category = f"<cac:TaxCategory>{amount('PerUnitAmount', sub.per_unit, currency)}{_TAX_SCHEMES[scheme]}</cac:TaxCategory>"
        else:
            head = amount("TaxableAmount", sub.taxable, currency) + head
            category = f"<cac:TaxCategory>{_TAX_SCHEMES[scheme]}</cac:TaxCategory>"
        return f"<cac:TaxSubtotal>{head}{category}</cac:TaxSubtotal>"
    out = [amount("TaxableAmount", sub.taxable, currency), amount("TaxAmount", sub.amount, currency), "<cac:TaxCategory>"]
    if line:
        out.append(f"<cbc:Percent>{plain(sub.percent)}</cbc:Percent>")
        if sub.affectation is not None:
            out.append(f"<cbc:TaxExemptionReasonCode{_AFFECTATION_ATTRS}>{sub.affectation.value}</cbc:TaxExemptionReasonCode>")
        if sub.isc_system is not None:
            out.append(f"<cbc:TierRange>{sub.isc_system}</cbc:TierRange>")
    out.append(_TAX_SCHEMES[scheme])
    out.append("</cac:TaxCategory>")
    return "<cac:TaxSubtotal>" + "".join(out) + "</cac:TaxSubtotal>"


def tax_total(totals: Totals, currency: str) -> str:
    """Header ``cac:TaxTotal``: taxes charged (IGV + ISC + ICBPER) and one subtotal per scheme."""
    body = "".join(_subtotal(sub, currency, line=False) for sub in totals.subtotals)
    return f"<cac:TaxTotal>{amount('TaxAmount', totals.tax_total, currency)}{body}</cac:TaxTotal>"


def monetary_total(totals: Totals, currency: str, tag: str = "LegalMonetaryTotal") -> str:
    return (
        f"<cac:{tag}>{amount('LineExtensionAmount', totals.line_extension, currency)}"
        f"{amount('TaxInclusiveAmount', totals.tax_inclusive, currency)}"
        f"{amount('PayableAmount', totals.payable, currency)}</cac:{tag}>"
    )


def line(cl: ComputedLine, currency: str, tag: str, quantity_tag: str) -> str:
    """An ``InvoiceLine`` / ``CreditNoteLine`` / ``DebitNoteLine``."""
    src = cl.line
    out = [
        f"<cac:{tag}><cbc:ID>{cl.position}</cbc:ID>",
        f'<cbc:{quantity_tag} unitCode="{src.unit_code}"{_UNIT_ATTRS}>{plain(src.quantity)}</cbc:{quantity_tag}>',
        amount("LineExtensionAmount", cl.value, currency),
        f"<cac:PricingReference><cac:AlternativeConditionPrice><cbc:PriceAmount currencyID=\"{currency}\">{price(cl.reference_price)}"
        f"</cbc:PriceAmount><cbc:PriceTypeCode{_PRICE_TYPE_ATTRS}>{cl.reference_code}</cbc:PriceTypeCode>"
        "</cac:AlternativeConditionPrice></cac:PricingReference>",
    ]
    discount = allowance("00", cl.discount_factor, cl.discount, cl.gross, currency) if cl.discount else ""
    # The 2.1 schemas differ: InvoiceLine has AllowanceCharge before TaxTotal, note lines after it.
    invoice_line = tag == "InvoiceLine"
    if invoice_line:
        out.append(discount)
    out.append(f"<cac:TaxTotal>{amount('TaxAmount', cl.tax_total, currency)}")
    out.extend(_subtotal(sub, currency, line=True) for sub in cl.subtotals)
    out.append("</cac:TaxTotal>")
    if not invoice_line:
        out.append(discount)
    out.append(f"<cac:Item>{el('cbc:Description', src.description)}")
    if src.code:
        out.append(f"<cac:SellersItemIdentification>{el('cbc:ID', src.code)}</cac:SellersItemIdentification>")
    out.append("</cac:Item>")
    out.append(f'<cac:Price><cbc:PriceAmount currencyID="{currency}">{price(cl.unit_value)}</cbc:PriceAmount></cac:Price>')
    out.append(f"</cac:{tag}>")
    return "".join(out)


def legends(computed) -> str:
    return "".join(
        f'<cbc:Note languageLocaleID="{code.value}">{text(value)}</cbc:Note>' for code, value in computed.legends
    )
