"""Forms check shape only; the services decide."""

from __future__ import annotations

from django import forms

from yupana.companies.models import DocumentType

from .models import PrintFormat

DOC_TYPES = [(DocumentType.FACTURA, "Factura"), (DocumentType.BOLETA, "Boleta de venta"),
             (DocumentType.CREDIT_NOTE, "Nota de crédito"), (DocumentType.DEBIT_NOTE, "Nota de débito")]


class LookupForm(forms.Form):
    ruc = forms.RegexField(label="RUC del emisor", regex=r"^\d{11}$", max_length=11,
                           error_messages={"invalid": "El RUC tiene 11 dígitos.", "required": "Escriba el RUC del emisor."})
    doc_type = forms.ChoiceField(label="Tipo de comprobante", choices=DOC_TYPES)
    series = forms.RegexField(label="Serie", regex=r"^[A-Za-z0-9]{4}$", max_length=4,
                              error_messages={"invalid": "La serie tiene 4 caracteres, por ejemplo F001.",
                                              "required": "Escriba la serie."})
    number = forms.IntegerField(label="Número", min_value=1, max_value=99999999,
                                error_messages={"invalid": "El número es un entero, sin ceros a la izquierda obligatorios.",
                                                "required": "Escriba el número."})
    issue_date = forms.DateField(label="Fecha de emisión", widget=forms.DateInput(attrs={"type": "date"}),
                                 input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                                 error_messages={"invalid": "Fecha inválida (dd/mm/aaaa).",
                                                 "required": "Indique la fecha de emisión."})
    total = forms.DecimalField(label="Importe total", max_digits=14, decimal_places=2, min_value=0,
                               error_messages={"invalid": "Escriba el importe total con punto decimal, p. ej. 118.00.",
                                               "required": "Escriba el importe total.",
                                               "max_decimal_places": "El importe tiene como máximo 2 decimales."})


class EmailForm(forms.Form):
    to = forms.CharField(label="Para", required=False, max_length=400,
                         help_text="Uno o más correos separados por comas.")
    include_cdr = forms.BooleanField(label="Adjuntar también el CDR", required=False)
    save_to_customer = forms.BooleanField(label="Guardar este correo en la ficha del cliente", required=False)

    def clean_to(self):
        from django.core.validators import validate_email

        raw = self.cleaned_data.get("to") or ""
        emails = [item.strip() for item in raw.replace(";", ",").split(",") if item.strip()]
        for item in emails:
            try:
                validate_email(item)
            except forms.ValidationError:
                raise forms.ValidationError(f"«{item}» no es un correo válido.") from None
        return emails


class SettingsForm(forms.Form):
    default_format = forms.ChoiceField(label="Formato por defecto", choices=PrintFormat.choices)
    primary_color = forms.CharField(label="Color principal", max_length=7,
                                    widget=forms.TextInput(attrs={"type": "color"}))
    footer_text = forms.CharField(label="Texto al pie", max_length=300, required=False)
    logo = forms.FileField(label="Logo (PNG o JPG, hasta 512 KB)", required=False)
    remove_logo = forms.BooleanField(label="Quitar el logo", required=False)
    email_on_acceptance = forms.BooleanField(label="Enviar el comprobante por correo cuando SUNAT lo acepte",
                                             required=False)
    attach_cdr = forms.BooleanField(label="Adjuntar el CDR en los correos", required=False)


class TemplateForm(forms.Form):
    template_format = forms.ChoiceField(label="Formato", choices=PrintFormat.choices)
    template_source = forms.CharField(label="Plantilla (Django)", required=False,
                                      widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}))
