"""yupana sunat-sweep: send and poll everything owed to SUNAT now (the heartbeat does it every minute)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Envía a SUNAT lo pendiente: comprobantes, resúmenes diarios de días anteriores y tickets."

    def handle(self, *args, **options):
        from yupana.einvoicing.tasks import sweep

        result = sweep()
        self.stdout.write(f"Resúmenes creados: {result['summaries']}, comprobantes enviados: {result['documents']}, "
                          f"resúmenes/bajas atendidos: {result['batches']}")
