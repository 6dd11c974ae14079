"""E-mail reminders a few days before a cuota falls due and after it is overdue.

``reminders_due`` says what goes out on a given day (the clock is a parameter, so tests pin it);
``reminders_send`` sends one e-mail per customer with all its cuotas of the day, records each cuota's
reminder (unique per offset, so a second run the same day sends nothing) and writes the e-mail on the
customer's timeline (its audit history). A failed send is recorded and tried again on the next run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from yupana.audit.services import audit_record
from yupana.companies.models import Company

from .links import statement_link_get, statement_url
from .models import Reminder
from .money import fmt
from .selectors import settings_for
from .services import open_receivables


def parse_days(text: str) -> list[int]:
    """``"7, 1"`` -> ``[1, 7]``; refuses anything but whole days between 0 and 365.

    >>> parse_days("7, 1,1")
    [1, 7]
    """
    days = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > 365:
            raise ValueError(f"«{part}» no es un número de días válido (0 a 365).")
        days.add(int(part))
    return sorted(days)


@dataclass
class Due:
    receivable: object
    offset: int  # days after the due date (negative: before)


def reminders_due(*, company, today: dt.date) -> list[Due]:
    """Cuotas whose reminder falls on ``today`` and was not sent yet, for customers with an e-mail."""
    config = settings_for(company)
    if not config.reminders_enabled:
        return []
    offsets = [-d for d in parse_days(config.days_before) if d > 0] + parse_days(config.days_after)
    by_due = {today - dt.timedelta(days=o): o for o in offsets}
    if not by_due:
        return []
    rows = (open_receivables(company).filter(due_date__in=list(by_due)).exclude(customer__emails="")
            .select_related("customer", "document").order_by("customer_id", "due_date", "id"))
    sent = set(Reminder.objects.filter(receivable__in=rows, ok=True).values_list("receivable_id", "offset_days"))
    return [Due(r, by_due[r.due_date]) for r in rows if (r.pk, by_due[r.due_date]) not in sent]


def _detail(items: list[Due], today: dt.date) -> str:
    lines = []
    for item in items:
        r = item.receivable
        when = (f"vence el {r.due_date:%d/%m/%Y} (en {-item.offset} día{'s' if item.offset != -1 else ''})"
                if item.offset < 0 else
                f"venció el {r.due_date:%d/%m/%Y} (hace {item.offset} día{'s' if item.offset != 1 else ''})"
                if item.offset > 0 else f"vence hoy, {r.due_date:%d/%m/%Y}")
        lines.append(f"- {r.document.document_id}, cuota {r.position}: saldo {fmt(r.balance, r.currency)}, {when}.")
    return "\n".join(lines)


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def reminders_send(*, company, today: dt.date | None = None) -> int:
    """Send today's reminders of one company; returns how many e-mails went out."""
    from yupana.delivery.email import send_with_attachments, sender_for

    today = today or timezone.localdate()
    config = settings_for(company)
    groups: dict[int, list[Due]] = defaultdict(list)
    for item in reminders_due(company=company, today=today):
        groups[item.receivable.customer_id].append(item)
    sent = 0
    for items in groups.values():
        customer = items[0].receivable.customer
        link = statement_url(statement_link_get(company=company, customer=customer))
        values = _Blank(cliente=customer.name, empresa=company.business_name, enlace=link,
                        detalle=_detail(items, today))
        to = [e.strip() for e in customer.emails.split(",") if e.strip()]
        outcome = send_with_attachments(subject=config.subject.format_map(values), body=config.text.format_map(values),
                                        to=to, from_email=sender_for(company),
                                        reply_to=[company.email] if company.email else None, attachments=[])
        now = timezone.now()
        with transaction.atomic():
            Reminder.objects.filter(receivable__in=[i.receivable for i in items], ok=False).delete()  # a retry
            Reminder.objects.bulk_create([
                Reminder(company=company, receivable=i.receivable, customer=customer, offset_days=i.offset,
                         sent_on=today, sent_at=now, to=", ".join(to), ok=outcome.sent, error=outcome.error)
                for i in items], ignore_conflicts=True)
            audit_record(company=company, user=None, action="recordatorio de pago", instance=customer,
                         changes={"correo": [None, ", ".join(to)],
                                  "cuotas": [None, ", ".join(f"{i.receivable.document.document_id} cuota "
                                                             f"{i.receivable.position}" for i in items)],
                                  "resultado": [None, "enviado" if outcome.sent else outcome.error]})
        sent += outcome.sent
    return sent


def reminders_send_all(*, today: dt.date | None = None) -> int:
    """Every active company's reminders for the day (the daily task and ``send_reminders``)."""
    return sum(reminders_send(company=company, today=today) for company in Company.objects.filter(is_active=True))
