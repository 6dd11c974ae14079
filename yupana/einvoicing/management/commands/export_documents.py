"""yupana export-documents --company RUC --from YYYY-MM-DD --to YYYY-MM-DD --out DIR"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yupana.companies.models import Company
from yupana.einvoicing.exporting import export_to_dir


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{name}: fecha inválida {value!r} (use AAAA-MM-DD)") from None


class Command(BaseCommand):
    help = "Exporta el XML firmado y el CDR (R-*.zip) de cada comprobante emitido en el periodo."

    def add_arguments(self, parser):
        parser.add_argument("--company", required=True, help="RUC de la empresa")
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--out", required=True, type=Path)

    def handle(self, *args, company, date_from, date_to, out, **options):
        found = Company.objects.filter(ruc=company).first()
        if found is None:
            raise CommandError(f"--company: no existe una empresa con RUC {company}")
        start, end = _date(date_from, "from"), _date(date_to, "to")
        if start > end:
            raise CommandError("--from no puede ser posterior a --to")
        out.mkdir(parents=True, exist_ok=True)
        count = export_to_dir(company=found, date_from=start, date_to=end, out=out)
        self.stdout.write(f"{count} archivos escritos en {out}")
