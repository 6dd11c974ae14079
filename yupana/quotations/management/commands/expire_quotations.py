"""Mark unanswered quotations past their validity as vencida (the daily task does the same)."""

from django.core.management.base import BaseCommand

from yupana.quotations.services import quotations_expire


class Command(BaseCommand):
    help = "Marca como vencidas las cotizaciones sin respuesta cuya validez ya pasó."

    def handle(self, *args, **options):
        count = quotations_expire()
        self.stdout.write(f"{count} cotizaciones vencidas.")
