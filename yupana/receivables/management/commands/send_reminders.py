"""``manage.py send_reminders [--date YYYY-MM-DD] [--schedule]``: today's payment reminders now, or
queue the daily task (08:00 Lima) that re-schedules itself."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Envía los recordatorios de pago del día (o programa la tarea diaria con --schedule)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Fecha a simular (AAAA-MM-DD); por defecto, hoy en Lima.")
        parser.add_argument("--schedule", action="store_true", help="Programar la tarea diaria de las 08:00.")

    def handle(self, *args, date=None, schedule=False, **options):
        from yupana.receivables.reminders import reminders_send_all
        from yupana.receivables.tasks import ensure_reminders_scheduled

        if schedule:
            queued = ensure_reminders_scheduled()
            self.stdout.write("Tarea diaria programada." if queued else "La tarea diaria ya estaba programada.")
            return
        try:
            day = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"Fecha inválida: {date} (use AAAA-MM-DD).") from None
        sent = reminders_send_all(today=day)
        self.stdout.write(f"Recordatorios enviados: {sent}")
