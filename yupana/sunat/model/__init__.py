"""The document model: frozen dataclasses of what the caller states, checked on construction.

Amounts are ``Decimal``; codes are catalog enums (``yupana.sunat.catalogs``). Every bad value
raises :class:`ValidationError` naming the field, with a Spanish message.
"""

from .documents import Detraccion, Installment, Invoice, Note
from .errors import ValidationError
from .line import Isc, Line
from .party import Address, Customer, Issuer
from .summary import Summary, SummaryLine, Voided, VoidedLine

__all__ = [
    "Address",
    "Customer",
    "Detraccion",
    "Installment",
    "Invoice",
    "Isc",
    "Issuer",
    "Line",
    "Note",
    "Summary",
    "SummaryLine",
    "ValidationError",
    "Voided",
    "VoidedLine",
]
