"""yupana seed-demo: a month of documents for the demo company through the real pipeline."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from yupana.companies.demo import DEMO_RUC
from yupana.companies.models import Company
from yupana.sales.models import SaleDocument


class Command(BaseCommand):
    help = "Emite un mes de comprobantes de demostración (facturas, boletas, notas, una baja, resúmenes)."

    def add_arguments(self, parser):
        parser.add_argument("--company", default=DEMO_RUC, help="RUC (por defecto la empresa demo)")
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--no-send", action="store_true", help="solo emitir; el worker los enviará")

    def handle(self, *args, company, days, no_send, **options):
        from yupana.sales.demo import seed_demo

        found = Company.objects.filter(ruc=company).first()
        if found is None:
            if company != DEMO_RUC:
                raise CommandError(f"--company: no existe una empresa con RUC {company}")
            from yupana.companies.demo import setup_demo

            found = setup_demo().company
        if SaleDocument.objects.for_company(found).exists():
            self.stdout.write("La empresa ya tiene comprobantes: no se emiten los de demostración.")
            return
        result = seed_demo(found, days=days, send=not no_send)
        kinds = ", ".join(_count(result.count(code), one, many) for code, one, many in (
            ("01", "factura", "facturas"), ("03", "boleta", "boletas"),
            ("07", "nota de crédito", "notas de crédito"), ("08", "nota de débito", "notas de débito")))
        self.stdout.write(
            f"Emitidos {len(result.documents)} comprobantes: {kinds}; "
            f"{_count(result.summaries, 'resumen diario', 'resúmenes diarios')}; anulada: {result.voided or 'ninguna'}.")


def _count(number: int, one: str, many: str) -> str:
    """'1 nota de débito', '2 notas de débito'."""
    return f"{number} {one if number == 1 else many}"
