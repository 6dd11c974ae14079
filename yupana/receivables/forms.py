"""Forms only shape the input (dates, decimals, choices); the services decide and explain."""

from __future__ import annotations

import uuid

from django import forms

from .models import Currency, Method, ReceivablesSettings, StatementRun
from .reminders import parse_days
from .runs import SCOPES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PaymentForm(forms.Form):
    date = forms.DateField(label="Fecha del pago", widget=DATE)
    method = forms.ChoiceField(label="Medio de pago", choices=Method.choices)
    reference = forms.CharField(label="Referencia (N° de operación, cheque…)", max_length=60, required=False)
    currency = forms.ChoiceField(label="Moneda", choices=Currency.choices, initial=Currency.PEN)
    exchange_rate = forms.DecimalField(label="Tipo de cambio", max_digits=8, decimal_places=4, required=False,
                                       min_value=0, help_text="Soles por dólar; obligatorio si el pago o la "
                                                              "cuota están en dólares.")
    amount = forms.DecimalField(label="Importe recibido", max_digits=14, decimal_places=2, min_value=0,
                                error_messages={"max_decimal_places": "Use como máximo dos decimales."})
    mode = forms.ChoiceField(label="Aplicar a", choices=[("auto", "Las cuotas más antiguas primero"),
                                                         ("chosen", "Las cuotas que elijo abajo")],
                             initial="auto", widget=forms.RadioSelect)
    notes = forms.CharField(label="Observaciones", max_length=250, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)


class ReverseForm(forms.Form):
    reason = forms.CharField(label="Motivo de la anulación", max_length=250,
                             widget=forms.TextInput(attrs={"placeholder": "Cheque devuelto, cliente equivocado…"}))


class StatementRangeForm(forms.Form):
    date_from = forms.DateField(label="Desde", widget=DATE)
    date_to = forms.DateField(label="Hasta", widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_from", "La fecha inicial es posterior a la final.")
        return data


class StatementRunForm(StatementRangeForm):
    scope = forms.ChoiceField(label="Clientes", choices=SCOPES, initial="balance")
    seller = forms.ChoiceField(label="Vendedor", required=False)
    fmt = forms.ChoiceField(label="Formato", choices=StatementRun.Format.choices, initial=StatementRun.Format.PDF,
                            widget=forms.RadioSelect)

    def __init__(self, *args, sellers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller"].choices = [("", "Todos"), *((str(u.pk), u.full_name or u.email) for u in sellers)]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReceivablesSettings
        fields = ["overdue_policy", "reminders_enabled", "days_before", "days_after", "subject", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"text": "Puede usar {cliente}, {empresa}, {detalle} (las cuotas) y {enlace} (su estado de "
                              "cuenta)."}

    def _days(self, name):
        try:
            parse_days(self.cleaned_data[name])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.cleaned_data[name]

    def clean_days_before(self):
        return self._days("days_before")

    def clean_days_after(self):
        return self._days("days_after")
