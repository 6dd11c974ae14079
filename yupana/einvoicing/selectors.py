"""Read-only queries of the SUNAT side."""

from __future__ import annotations

from .models import ElectronicDocument, Status


def pending_summary_count(*, company) -> int:
    """Boletas (and their notes) still waiting for a daily summary."""
    return ElectronicDocument.objects.for_company(company).filter(via_summary=True, status=Status.ISSUED).count()
