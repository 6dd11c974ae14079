"""Template helpers: quantities without trailing zeros, and the sale document's link to its quotation."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def qty(value) -> str:
    """10.0000 -> "10", 2.5000 -> "2.5" (never "1E+1")."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"


@register.inclusion_tag("quotations/partials/sale_link.html")
def quotation_link(document):
    """On a factura or boleta's page: the quotation it came from (a hook the sales page includes)."""
    from ..selectors import quotation_for_document

    return {"link": quotation_for_document(document=document) if document is not None else None}
