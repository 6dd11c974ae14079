"""Low-level XML text building, in the exact form of inclusive C14N.

The renderer writes the final canonical bytes directly (namespaces declared once on the root in
prefix order, attributes sorted, no self-closing tags, text escaped as C14N does), so the signer
can hash them without parsing (``signing.Signer.sign(..., assume_canonical=True)``) and the
bytes we store are the bytes that were signed. Strings, not trees: this is the hot path.
"""

from __future__ import annotations

from decimal import Decimal

from ..money import format_plain

NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS_EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
NS_SAC = "urn:sunat:names:specification:ubl:peru:schema:xsd:SunatAggregateComponents-1"
NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_DEBIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:DebitNote-2"
NS_SUMMARY = "urn:sunat:names:specification:ubl:peru:schema:xsd:SummaryDocuments-1"
NS_VOIDED = "urn:sunat:names:specification:ubl:peru:schema:xsd:VoidedDocuments-1"

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
EXTENSIONS = (
    "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent>"
    "</ext:UBLExtension></ext:UBLExtensions>"
)


def text(value: str) -> str:
    """Escape character data as C14N writes it."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#xD;")
    return value


def attr(value: str) -> str:
    """Escape an attribute value as C14N writes it."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


def attrs(**values: str) -> str:
    """Attributes in C14N order (sorted by name; none of ours has a namespace)."""
    return "".join(f' {name}="{attr(values[name])}"' for name in sorted(values))


def root(tag: str, default_ns: str, *prefixes: str) -> str:
    """The root start tag with its namespace declarations in C14N order."""
    known = {"cac": NS_CAC, "cbc": NS_CBC, "ext": NS_EXT, "sac": NS_SAC}
    decls = f' xmlns="{default_ns}"' + "".join(f' xmlns:{p}="{known[p]}"' for p in sorted(prefixes))
    return f"<{tag}{decls}>"


def money(value: Decimal) -> str:
    """Exact text of an amount with two decimals (amounts arrive already rounded)."""
    text_value = str(value)
    dot = text_value.find(".")
    if dot > 0 and len(text_value) - dot == 3 and "E" not in text_value:
        return text_value  # the common case, without Decimal.__format__
    return f"{value:.2f}"


def amount(tag: str, value: Decimal, currency: str) -> str:
    """``<cbc:TAG currencyID="PEN">12.50</cbc:TAG>`` with exactly two decimals."""
    return f'<cbc:{tag} currencyID="{currency}">{money(value)}</cbc:{tag}>'


def plain(value: Decimal) -> str:
    """A quantity or unit value with its significant decimals (up to 10), at least 2 for prices."""
    return format_plain(value)


def price(value: Decimal) -> str:
    """A unit price: at least two decimals, up to ten, no exponent."""
    text_value = format_plain(value)
    if "." not in text_value:
        return text_value + ".00"
    decimals = len(text_value) - text_value.index(".") - 1
    return text_value + "0" if decimals == 1 else text_value


def el(tag: str, value: str) -> str:
    """``<tag>escaped value</tag>``."""
    return f"<{tag}>{text(value)}</{tag}>"
