"""`yupana import customers|products|suppliers FILE --company RUC`: bulk migrations from a spreadsheet.

The same validation and all-or-nothing save as the web wizard, without the web's row limit.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yupana.companies.models import Company
from yupana.masterdata import importing
from yupana.masterdata.spreadsheets import SpreadsheetError

SHOWN_ERRORS = 50


class Command(BaseCommand):
    help = "Importa clientes, productos o proveedores desde un archivo .xlsx o .csv (todo o nada)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(importing.RESOURCE_ALIASES),
                            help="customers/clientes, products/productos o suppliers/proveedores")
        parser.add_argument("file", help="archivo .xlsx o .csv; la primera fila tiene los títulos")
        parser.add_argument("--company", required=True, metavar="RUC", help="RUC de la empresa")
        parser.add_argument("--duplicates", choices=[importing.UPDATE, importing.SKIP], default=importing.UPDATE,
                            help="qué hacer con los registros que ya existen (por defecto: update)")
        parser.add_argument("--dry-run", action="store_true", help="solo revisar, no guardar nada")
        parser.add_argument("--user", metavar="EMAIL", help="usuario que figura en el historial")

    def handle(self, *args, kind, file, company, duplicates, dry_run, user, **options):
        resource = importing.RESOURCES[importing.RESOURCE_ALIASES[kind]]
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No existe el archivo «{file}».")
        try:
            tenant = Company.objects.get(ruc=company)
        except Company.DoesNotExist:
            raise CommandError(f"No hay ninguna empresa con RUC {company}.")
        actor = None
        if user:
            from django.contrib.auth import get_user_model

            actor = get_user_model().objects.filter(email__iexact=user).first()
            if actor is None:
                raise CommandError(f"No existe el usuario «{user}».")
        started = time.perf_counter()
        try:
            report = importing.import_file(resource=resource, path=path, company=tenant, user=actor,
                                           duplicates=duplicates, save=not dry_run, file_name=path.name)
        except SpreadsheetError as exc:
            raise CommandError(str(exc))
        except importing.ImportRejected as exc:
            self._print_errors(exc.report)
            raise CommandError(f"No se importó nada: {exc.report.error_count} error(es) en {exc.report.total} filas.")
        elapsed = time.perf_counter() - started
        if not report.ok:  # dry run
            self._print_errors(report)
            raise CommandError(f"El archivo tiene {report.error_count} error(es) en {report.total} filas.")
        verb = "Se revisaron" if dry_run else "Se importaron"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {report.total} filas de {resource.label} en {elapsed:.1f} s: {report.created} nuevos, "
            f"{report.updated} actualizados, {report.skipped} omitidos."
            + (" (prueba: no se guardó nada)" if dry_run else "")))

    def _print_errors(self, report):
        for error in report.errors[:SHOWN_ERRORS]:
            self.stderr.write(str(error))
        if report.error_count > SHOWN_ERRORS:
            self.stderr.write(f"… y {report.error_count - SHOWN_ERRORS} errores más.")
