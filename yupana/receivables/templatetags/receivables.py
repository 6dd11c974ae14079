"""``{% receivables_dashboard %}`` for the home page and ``{% customer_credit customer %}`` for the
customer page: each renders its partial with the figures of ``request.company``."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("receivables/partials/dashboard.html", takes_context=True)
def receivables_dashboard(context):
    from ..selectors import dashboard_figures

    company = getattr(context.get("request"), "company", None)
    return {"dashboard": dashboard_figures(company=company) if company else None}


@register.inclusion_tag("receivables/partials/credit_panel.html", takes_context=True)
def customer_credit(context, customer):
    from ..selectors import customer_credit_status

    company = getattr(context.get("request"), "company", None)
    status = customer_credit_status(company, customer) if company and customer else None
    return {"customer": customer, "status": status, "with_link": True}


@register.inclusion_tag("receivables/partials/document_collection.html")
def document_collection(document):
    """Collected, pending or overdue for a credit document (the sale document page)."""
    from ..selectors import document_collection as collection

    return {"c": collection(document=document), "document": document}
